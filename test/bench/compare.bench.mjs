// Compare benchmark: two bundles of the foundation benchmark's size (>= 1 GiB of logs each), ingested,
// then compared as `nodescope compare A B --json` does, in a fresh process. Log templates are computed
// at compare time: this measures that they keep compare under the 10 s target.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle } from './generate.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const size = Number(process.env.BENCH_BYTES ?? 1.05 * 2 ** 30);

export async function run(dir) {
  // A second bundle of the same shape: another size gives another file (its ids and times differ too).
  const a = await generateBundle(dir, size);
  const b = await generateBundle(dir, size + 2 ** 20);
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ns-bench-compare-')), 'ws.db');
  const ingest = time(() => node(`const m=require(${js(path.join(root, 'dist/main/cli.js'))}); (async()=>{for (const f of ${js([a, b])}) { const c = await m.main(['ingest', f, '--db', ${js(db)}], {stdout(){}, stderr(){}, stderrIsTty:false}); if (c) process.exit(c); }})()`));
  const compare = time(() => node(compareScript(db)));
  const out = JSON.parse(compare.result.stdout);
  // Once stored (at ingest when the lead's pipeline counts them, else by the first compare), templates are read back.
  const again = JSON.parse(node(compareScript(db)).stdout);
  fs.rmSync(path.dirname(db), { recursive: true, force: true });
  return [
    ['bundles', `2 × ${(size / 2 ** 30).toFixed(2)} GiB of logs (${(fs.statSync(a).size / 1e6).toFixed(0)} + ${(fs.statSync(b).size / 1e6).toFixed(0)} MB gzip)`],
    ['log lines compared', `${out.linesA} + ${out.linesB}`],
    ['ingest of both (not part of compare)', `${ingest.seconds.toFixed(1)} s`],
    ['compare A B, fresh process (log templates + every section)', `${(out.templatesSeconds + out.restSeconds).toFixed(1)} s (target < 10 s)`],
    ['of which log templates of both bundles', `${out.templatesSeconds.toFixed(1)} s, ${out.stored ? 'read from log_templates (counted at ingest)' : 'computed from the log lines now'} (${out.templatesA} + ${out.templatesB} templates)`],
    ['compare A B, fresh process, templates stored', `${(again.templatesSeconds + again.restSeconds).toFixed(2)} s (templates ${again.stored ? 'read' : 'computed'}: ${again.templatesSeconds.toFixed(2)} s)`],
    ['every other section', `${out.restSeconds.toFixed(2)} s`],
    ['compare again in the same process (templates cached)', `${out.againSeconds.toFixed(2)} s`],
    ['differing templates', String(out.differing)],
    ['the whole benchmark process (startup, compare, JSON, compare again)', `${compare.seconds.toFixed(1)} s`],
  ];
}

/** What `nodescope compare 1 2 --json` runs, with the time of the log templates taken apart. */
function compareScript(db) {
  const dist = (p) => js(path.join(root, 'dist', p));
  return `
    const { openWorkspace } = require(${dist('main/engine/store/workspace.js')});
    const { compareBundles } = require(${dist('main/engine/compare/index.js')});
    const logs = require(${dist('main/engine/compare/logs.js')});
    const { MIGRATIONS } = require(${dist('main/engine/store/migrations.js')});
    const store = require(${dist('main/engine/compare/template-store.js')});
    // The log_templates migration, under the next number when the lead has not added it yet.
    const has = MIGRATIONS.some((m) => m.sql.includes('log_templates'));
    const db = openWorkspace(${js(db)}, has ? MIGRATIONS : [...MIGRATIONS, { version: MIGRATIONS.at(-1).version + 1, name: 'log templates', sql: store.LOG_TEMPLATES_MIGRATION_SQL }]);
    const stored = store.storedTemplates(db, 1) !== null && store.storedTemplates(db, 2) !== null;
    const now = () => Number(process.hrtime.bigint()) / 1e9;
    let t = now();
    const ta = logs.cachedBundleTemplates(db, 1);
    const tb = logs.cachedBundleTemplates(db, 2);
    const templatesSeconds = now() - t;
    t = now();
    const c = compareBundles(db, 1, 2);
    const restSeconds = now() - t;
    JSON.stringify(c);
    t = now();
    compareBundles(db, 1, 2);
    const againSeconds = now() - t;
    process.stdout.write(JSON.stringify({ linesA: c.logs.linesA, linesB: c.logs.linesB, templatesA: ta.templates.size, templatesB: tb.templates.size, differing: c.logs.differing, stored, templatesSeconds, restSeconds, againSeconds }));
  `;
}

const js = (v) => JSON.stringify(v);

function node(script) {
  const r = spawnSync('node', ['-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`bench script failed: ${r.stderr}`);
  return r;
}

function time(f) {
  const t0 = process.hrtime.bigint();
  const result = f();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
