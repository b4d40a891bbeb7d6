// Share benchmark: the pseudonymised copy of the foundation benchmark's bundle (`nodescope share`), with
// the ingest of the same bundle measured in the same run as its reference (target: share within 3× of
// ingest, memory flat). Each runs in a fresh process that reports its own peak RSS and CPU.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle } from './generate.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const size = Number(process.env.BENCH_BYTES ?? 1.05 * 2 ** 30);
const js = (v) => JSON.stringify(v);

/** Runs one CLI command in a child; returns wall seconds, peak RSS and CPU seconds of that child. */
function cli(args) {
  const script = `
    const m = require(${js(path.join(root, 'dist/main/cli.js'))});
    (async () => {
      const c = await m.main(${js(args)}, { stdout() {}, stderr(t) { process.stderr.write(t); }, stderrIsTty: false });
      const u = process.resourceUsage();
      process.stdout.write(JSON.stringify({ code: c, maxRssKb: require(${js(path.join(root, 'test/bench/peak-rss.cjs'))}).peakRssKb(), cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
    })();`;
  const t = process.hrtime.bigint();
  const r = spawnSync('node', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`nodescope ${args.join(' ')}: ${r.stderr}`);
  const stats = JSON.parse(r.stdout);
  if (stats.code !== 0) throw new Error(`nodescope ${args.join(' ')} exited ${stats.code}: ${r.stderr}`);
  return { seconds, ...stats };
}

export async function run(dir) {
  const bundle = await generateBundle(dir, size);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-bench-share-'));
  const db = path.join(work, 'ws.db');
  const out = path.join(work, 'shared.tar.gz');
  try {
    const t = process.hrtime.bigint();
    const gz = spawnSync('sh', ['-c', `gzip -dc '${bundle}' > /dev/null`]);
    const gzipSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (gz.status !== 0) throw new Error('gzip -dc failed');
    const ingest = cli(['ingest', bundle, '--db', db]);
    const share = cli(['share', '1', '-o', out, '--db', db, '--map', path.join(work, 'map.json')]);
    const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
    return [
      ['bundle', `${(size / 2 ** 30).toFixed(2)} GiB of logs (${(fs.statSync(bundle).size / 1e6).toFixed(0)} MB gzip)`],
      ['gzip -dc (floor)', `${gzipSeconds.toFixed(1)} s`],
      ['ingest', `${ingest.seconds.toFixed(1)} s, peak RSS ${mb(ingest.maxRssKb)}`],
      ['share (review + pseudonymise + write tar.gz)', `${share.seconds.toFixed(1)} s = ${(share.seconds / ingest.seconds).toFixed(2)}× ingest (target ≤ 3×), peak RSS ${mb(share.maxRssKb)}, CPU ${share.cpuSeconds.toFixed(1)} s`],
      ['shared bundle', `${(fs.statSync(out).size / 1e6).toFixed(0)} MB gzip`],
    ];
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
