// Browser mode stays responsive: listBundles latency (over HTTP, as the UI calls it) while a large ingest
// and heavy goroutine decodes run. Every API call runs on the engine pool's worker threads, ingest on its
// own worker: the server's thread only answers HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { generateBundle } from './generate.mjs';
import { tarball } from './shapes.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');
const full = process.argv.includes('--full') || process.env.BENCH_FULL === '1';

async function goroutineBundle(dir, n) {
  const file = path.join(dir, `goroutines-${n}.tar.gz`);
  if (fs.existsSync(file)) return file;
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push(`goroutine ${i + 1} [chan receive, ${i % 90} minutes]:\nk8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).relist(0xc000${(i % 4096).toString(16)})\n\t/src/pleg/generic.go:${i % 500} +0x1d\ncreated by main.start in goroutine 1\n\t/src/main.go:40 +0x55\n`);
  }
  const out = tarball(file);
  await out.add('node/goroutines.txt', Buffer.from(parts.join('\n')));
  await out.finish();
  return file;
}

export async function run(dir) {
  const big = await generateBundle(dir, full ? 1.05 * 2 ** 30 : 256 * 2 ** 20);
  const dump = await goroutineBundle(dir, full ? 400_000 : 200_000);
  const dbFile = path.join(dir, 'responsive-bench.db');
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const { openEngine } = require(path.join(root, 'dist/main/engine/index.js'));
  const { ingestBundle } = require(path.join(root, 'dist/main/engine/ingest/index.js'));
  const { serveWorkspace } = require(path.join(root, 'dist/main/cli/serve.js'));
  const db = openEngine(dbFile);
  const { id } = await ingestBundle(db, dump);
  const server = await serveWorkspace(db, { staticDir: path.join(root, 'dist', 'renderer') });
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
  const timed = async (f) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  const idle = await timed(() => call('listBundles'));
  const job = await call('startIngest', big);
  const ref = { bundle: id, path: 'node/goroutines.txt' };
  let decodes = 0;
  let decodeMs = 0;
  let stop = false;
  const decoding = (async () => {
    while (!stop) {
      decodeMs += await timed(() => call('goroutines', ref));
      decodes++;
    }
  })();
  const latencies = [];
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    latencies.push(await timed(() => call('listBundles')));
    const jobs = await call('ingestJobs');
    const state = jobs.find((j) => j.id === job.id)?.state;
    if (state !== 'running' && state !== 'queued') break;
  }
  stop = true;
  await decoding;
  await server.close();
  db.close();
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(0);
  return [
    ['while', `ingest of ${(fs.statSync(big).size / 1e6).toFixed(0)} MB gzip + goroutine decodes (${decodes} done, ${(decodeMs / Math.max(decodes, 1)).toFixed(0)} ms each)`],
    ['listBundles, idle', `${idle.toFixed(0)} ms`],
    ['listBundles during, median / p95 / max', `${pct(0.5)} / ${pct(0.95)} / ${latencies.at(-1).toFixed(0)} ms (${latencies.length} calls)`],
  ];
}
