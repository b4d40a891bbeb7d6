// A workspace of 100 bundles (each a small churning node, plus one foundation-sized bundle): how long the
// UI waits to open it, list the bundles and switch from one bundle to another (its overview: detail,
// findings, log sources), over HTTP in browser mode as the renderer calls it. Opened twice, as
// `nodescope serve` opens it: as left, and as after an upgrade whose rules differ (every bundle stale,
// re-diagnosed by the pool's first heavy worker while the light one answers).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { generateBundle } from './generate.mjs';
import { churnJournal, tarball } from './shapes.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');
const BUNDLES = 100;

async function smallBundle(dir, i) {
  const file = path.join(dir, 'workspace-bundles', `node-${i}.tar.gz`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = tarball(file);
  await out.add(`node-${i}/logs/journal/kubelet.log`, churnJournal('kubelet', 256 * 1024, 100 + i));
  await out.add(`node-${i}/dmesg.txt`, churnJournal('dmesg', 64 * 1024, 200 + i));
  await out.finish();
  return file;
}

export async function run(dir) {
  const dbFile = path.join(dir, 'workspace-100.db');
  const { openEngine } = require(path.join(root, 'dist/main/engine/index.js'));
  const { openWorkspace } = require(path.join(root, 'dist/main/engine/store/workspace.js'));
  const { RULES_VERSION } = require(path.join(root, 'dist/main/engine/rules/index.js'));
  const { ingestBundle } = require(path.join(root, 'dist/main/engine/ingest/index.js'));
  const { serveWorkspace } = require(path.join(root, 'dist/main/cli/serve.js'));
  if (!fs.existsSync(dbFile)) {
    const db = openEngine(`${dbFile}.part`);
    await ingestBundle(db, await generateBundle(dir, 128 * 2 ** 20));
    for (let i = 0; i < BUNDLES - 1; i++) await ingestBundle(db, await smallBundle(dir, i));
    db.close();
    // The full-text index file goes with the workspace (else the open re-indexes every line).
    fs.renameSync(`${dbFile}.part`, dbFile);
    fs.renameSync(`${dbFile}.part-search`, `${dbFile}-search`);
    for (const f of ['.part-wal', '.part-shm', '.part-search-wal', '.part-search-shm']) fs.rmSync(`${dbFile}${f}`, { force: true });
  }
  const asLeft = await openAndBrowse(dbFile, openWorkspace, serveWorkspace);
  const stale = openWorkspace(dbFile);
  stale.prepare("UPDATE bundles SET rules_version = 'an older rule set'").run();
  stale.close();
  const upgraded = await openAndBrowse(dbFile, openWorkspace, serveWorkspace, RULES_VERSION);
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
  const rows = (o) => [
    ['open (workspace + workers + first listBundles)', `${o.open.toFixed(0)} ms`],
    ['listBundles, median / max', `${med(o.listing)} / ${Math.max(...o.listing).toFixed(0)} ms`],
    ['switch bundle (detail + findings + log sources), median / max of 20', `${med(o.switches)} / ${Math.max(...o.switches).toFixed(0)} ms`],
  ];
  return [
    ['workspace', `${asLeft.bundles} bundles, ${(fs.statSync(dbFile).size / 1e6).toFixed(0)} MB`],
    ...rows(asLeft),
    ['after an upgrade (every bundle diagnosed by another rule set)', `re-diagnosed by the pool's first heavy worker in ${(upgraded.maintained / 1000).toFixed(1)} s, meanwhile:`],
    ...rows(upgraded).map(([k, v]) => [`  ${k}`, v]),
  ];
}

/**
 * Opens the workspace as `nodescope serve` does, lists its bundles and switches between 20 of them;
 * with `rulesVersion`, also how long until the pool has re-diagnosed every bundle under it.
 */
async function openAndBrowse(dbFile, openWorkspace, serveWorkspace, rulesVersion) {
  const t0 = performance.now();
  const db = openWorkspace(dbFile);
  const server = await serveWorkspace(db, { staticDir: path.join(root, 'dist', 'renderer'), maintain: true });
  const call = async (method, ...args) => {
    const r = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nodescope-token': server.token },
      body: JSON.stringify(args),
    });
    const body = await r.json();
    if (!body.ok) throw new Error(`${method}: ${body.error}`);
    return body.value;
  };
  const list = await call('listBundles');
  const open = performance.now() - t0;
  const timed = async (f) => {
    const s = performance.now();
    await f();
    return performance.now() - s;
  };
  const listing = [];
  for (let i = 0; i < 5; i++) listing.push(await timed(() => call('listBundles')));
  const switches = [];
  for (const b of list.slice(0, 20)) {
    switches.push(await timed(() => Promise.all([call('getBundle', b.id), call('findings', b.id), call('logSources', b.id)])));
  }
  let maintained = null;
  if (rulesVersion) {
    const stale = db.prepare("SELECT count(*) AS n FROM bundles WHERE state = 'ready' AND rules_version IS NOT ?");
    while (stale.get(rulesVersion).n > 0) await new Promise((r) => setTimeout(r, 50));
    maintained = performance.now() - t0;
  }
  await server.close();
  db.close();
  return { bundles: list.length, open, listing, switches, maintained };
}
