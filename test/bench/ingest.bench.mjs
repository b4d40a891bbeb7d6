// Foundation benchmark: ingest of a >= 1 GiB (uncompressed) bundle of logs, against `gzip -dc` of the
// same file as the physical floor. Prints a markdown table.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBundle } from './generate.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const size = Number(process.env.BENCH_BYTES ?? 1.05 * 2 ** 30);

export async function run(dir) {
  const bundle = await generateBundle(dir, size);
  const gz = time(() => spawnSync('sh', ['-c', `gzip -dc '${bundle}' | wc -c`], { encoding: 'utf8' }));
  const uncompressed = Number(gz.result.stdout.trim());
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ns-bench-')), 'ws.db');
  const ingest = time(() => runCli(['ingest', bundle, '--json', '--db', db]));
  const stats = JSON.parse(ingest.result.stderr.trim().split('\n').at(-1));
  const rows = JSON.parse(
    spawnSync('node', ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(db)},{readonly:true});console.log(JSON.stringify(d.prepare('select count(*) n from log_lines').get()))`], { cwd: root, encoding: 'utf8' }).stdout,
  ).n;
  const search = time(() => runCli(['search', '1', 'DeadlineExceeded', '--limit', '100', '--json', '--db', db]));
  const mb = uncompressed / 1e6;
  return [
    ['bundle', `${(fs.statSync(bundle).size / 1e6).toFixed(0)} MB gzip, ${mb.toFixed(0)} MB uncompressed`],
    ['gzip -dc (floor)', `${gz.seconds.toFixed(1)} s (${(mb / gz.seconds).toFixed(0)} MB/s)`],
    ['nodescope ingest', `${ingest.seconds.toFixed(1)} s (${(mb / ingest.seconds).toFixed(1)} MB/s) = ${(ingest.seconds / gz.seconds).toFixed(1)}x gzip -dc`],
    ['ingest peak RSS', `${(stats.maxRssKb / 1024).toFixed(0)} MB`],
    ['log rows', String(rows)],
    ['workspace size', `${(fs.statSync(db).size / 1e6).toFixed(0)} MB`],
    ['search first page (CLI process, whole)', `${(search.seconds * 1000).toFixed(0)} ms`],
  ];
}

function runCli(args) {
  // In-process so peak RSS is the CLI's own: printed on stderr as the last line.
  const script = `require(${JSON.stringify(path.join(root, 'dist/main/cli.js'))}).main(${JSON.stringify(args)}, {stdout: () => {}, stderr: (t) => process.stderr.write(t), stderrIsTty: false}).then((c) => { process.stderr.write('\\n' + JSON.stringify({ code: c, maxRssKb: process.resourceUsage().maxRSS }) + '\\n'); process.exitCode = c; })`;
  const r = spawnSync('node', ['-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`nodescope ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

function time(f) {
  const t0 = process.hrtime.bigint();
  const result = f();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
