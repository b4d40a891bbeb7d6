// Fleet benchmark: `nodescope fleet --json` over 100 node bundles in a fresh process (target < 2 s), and
// the Parquet export of the foundation's bench bundle (wall time and peak RSS, against its log lines).
//
// 100 bundles of the foundation's size (1.05 GiB of logs each) are 105 GiB to generate and ingest: by
// default the bundles are scaled down (FLEET_BUNDLE_BYTES, 8 MiB of logs each, in 2 MiB files);
// `npm run bench fleet -- --full` (or FLEET_FULL=1) uses the full size. One node (node-037) has a
// "no space left on device" storm planted: the run checks it comes out first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle } from './generate.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'main', 'cli.js');
const full = process.argv.includes('--full') || process.env.FLEET_FULL === '1';
const NODES = Number(process.env.FLEET_NODES ?? 100);
const bundleBytes = full ? 1.05 * 2 ** 30 : Number(process.env.FLEET_BUNDLE_BYTES ?? 8 * 2 ** 20);
const fileBytes = full ? undefined : Math.max(2 ** 20, bundleBytes / 4);
const exportBytes = Number(process.env.BENCH_BYTES ?? 1.05 * 2 ** 30);
const PLANTED = 37;

function storm(host) {
  const lines = [];
  for (let k = 0; k < 3000; k++) {
    const id = (0xa1b2c3d4 + k * 7919).toString(16).padStart(64, '0');
    lines.push(`2026-11-05T10:${String(k % 60).padStart(2, '0')}:00.000000+0000 ${host} kubelet[548093]: E1105 10:00:00.000000  548093 kuberuntime_manager.go:1166] "CreatePodSandbox for pod failed" err="failed to create shim task: write /var/lib/containerd/${id}/config.json: no space left on device" pod="default/web-${k}"`);
  }
  return `${lines.join('\n')}\n`;
}

export async function run(dir) {
  // FLEET_NODES=0: only the export figures.
  return [...(NODES > 0 ? await fleetFigures(dir) : []), ...(await exportFigures(dir))];
}

async function fleetFigures(dir) {
  const pool = path.join(dir, full ? 'fleet-full' : `fleet-${Math.round(bundleBytes / 2 ** 20)}MiB`);
  const bundles = [];
  for (let i = 1; i <= NODES; i++) {
    const hostname = `node-${String(i).padStart(3, '0')}`;
    const extra = i === PLANTED ? [{ path: 'logs/journal/kubelet-storm.log', kind: 'journal', body: storm(hostname) }] : [];
    bundles.push(await generateBundle(pool, bundleBytes, { fileBytes, hostname, seed: i * 1000, extra }));
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-bench-fleet-'));
  const db = path.join(work, 'ws.db');
  const ingest = time(() => nodescope(['ingest', ...bundles, '--json', '--db', db]));
  const ids = JSON.parse(ingest.result.stdout).bundles.map((b) => String(b.id));
  const fleet = time(() => nodescope(['fleet', ...ids, '--json', '--db', db]));
  const report = JSON.parse(fleet.result.stdout);
  const again = time(() => nodescope(['fleet', ...ids, '--json', '--db', db]));
  const lines = spawnSync('node', ['-e', `const D = require('better-sqlite3'); process.stdout.write(String(new D(${JSON.stringify(db)}, { readonly: true }).prepare('SELECT count(*) FROM log_lines').pluck().get()))`], { cwd: root, encoding: 'utf8' }).stdout.trim();
  fs.rmSync(work, { recursive: true, force: true });
  const first = report.outliers[0];
  return [
    ['fleet', `${NODES} bundles × ${(bundleBytes / 2 ** 20).toFixed(0)} MiB of logs${full ? ' (full bench size)' : ' (scaled down; --full for 1.05 GiB each)'}, ${lines || '?'} log lines`],
    ['ingest of all (not part of fleet)', `${ingest.seconds.toFixed(1)} s`],
    ['nodescope fleet --json, fresh process', `${fleet.seconds.toFixed(2)} s (target < 2 s), ${report.featureCount} features compared`],
    ['again (same figure, warm page cache)', `${again.seconds.toFixed(2)} s`],
    ['first outlier', first ? `${first.node} (planted: node-${String(PLANTED).padStart(3, '0')}), score ${first.score}: ${first.why[0]?.feature.slice(0, 80)}` : 'none'],
  ];
}

/** `nodescope export --parquet` of the foundation's bench bundle: wall time and the process's peak RSS. */
async function exportFigures(dir) {
  const bundle = await generateBundle(dir, exportBytes);
  // The workspace of the bundle is kept beside it (ingest is not what this measures).
  const db = path.join(dir, `${path.basename(bundle, '.tar.gz')}-export.db`);
  if (!fs.existsSync(db)) nodescope(['ingest', bundle, '--db', db]);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-bench-export-'));
  const out = path.join(work, 'parquet');
  // The export as `nodescope export 1 --parquet OUT` runs it, with the process's RSS noted after each
  // part file: flat memory shows as the same RSS after the second part as after the last.
  const dist = (p) => JSON.stringify(path.join(root, 'dist', 'main', p));
  const script = `
    const { openEngine } = require(${dist('engine/index.js')});
    const { exportParquet } = require(${dist('engine/export/parquet.js')});
    const db = openEngine(${JSON.stringify(db)});
    const rss = [];
    const t0 = process.hrtime.bigint();
    exportParquet(db, [1], ${JSON.stringify(out)}, { onFile: (f) => rss.push([f.split('/').slice(-3).join('/'), process.memoryUsage().rss]) }).then((result) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      db.close();
      process.stdout.write(JSON.stringify({ seconds, maxRssKb: require(${JSON.stringify(path.join(root, 'test/bench/peak-rss.cjs'))}).peakRssKb(), rss, result }));
    });`;
  const r = spawnSync('node', ['-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`export bench failed: ${r.stderr}`);
  const e = JSON.parse(r.stdout);
  const bytes = e.result.files.reduce((n, f) => n + fs.statSync(f).size, 0);
  fs.rmSync(work, { recursive: true, force: true });
  const rows = e.result.rows;
  return [
    ['export --parquet of the bench bundle', `${(exportBytes / 2 ** 20).toFixed(0)} MiB of logs asked (${(fs.statSync(bundle).size / 1e6).toFixed(0)} MB gzip), ${rows.log_lines} log lines, ${rows.log_templates} templates`],
    ['export wall time', `${e.seconds.toFixed(1)} s (${(rows.log_lines / e.seconds / 1000).toFixed(0)}k lines/s)`],
    ['export peak RSS (whole process)', `${(e.maxRssKb / 1024).toFixed(0)} MB`],
    ['RSS after each log_lines part', e.rss.filter(([f]) => f.startsWith('log_lines/')).map(([, r]) => `${(r / 2 ** 20).toFixed(0)}`).join(', ') + ' MB'],
    ['Parquet written', `${(bytes / 1e6).toFixed(0)} MB in ${e.result.files.length} files`],
  ];
}

function nodescope(args) {
  const r = spawnSync('node', [path.join(root, 'main', 'nodescope.cjs'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`nodescope ${args[0]} failed: ${r.stderr}`);
  return r;
}

function time(f) {
  const t0 = process.hrtime.bigint();
  const result = f();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
