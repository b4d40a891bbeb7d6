// Foundation benchmark: ingest of a >= 1 GiB (uncompressed) bundle of logs, against `gzip -dc` of the
// same file as the physical floor; where the time goes (phases, with the rules' share); then the first
// page of a search through the API the UI uses, on that workspace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateBundle } from './generate.mjs';
import { measureUiSearch } from './ui-search.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const size = Number(process.env.BENCH_BYTES ?? 1.05 * 2 ** 30);

export async function run(dir) {
  const bundle = await generateBundle(dir, size);
  const gz = time(() => spawnSync('sh', ['-c', `gzip -dc '${bundle}' | wc -c`], { encoding: 'utf8' }));
  const uncompressed = Number(gz.result.stdout.trim());
  const db = path.join(dir, 'ingest-bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const ingest = time(() => runCli(['ingest', bundle, '--db', db]));
  const stderr = ingest.result.stderr.trim().split('\n');
  const stats = JSON.parse(stderr.at(-1));
  const phases = stderr.filter((l) => l.startsWith('timing: ')).map((l) => l.slice('timing: '.length));
  const mb = uncompressed / 1e6;
  const dbBytes = fs.statSync(db).size;
  return [
    ['bundle', `${(fs.statSync(bundle).size / 1e6).toFixed(0)} MB gzip, ${mb.toFixed(0)} MB uncompressed`],
    ['gzip -dc (floor)', `${gz.seconds.toFixed(1)} s (${(mb / gz.seconds).toFixed(0)} MB/s)`],
    ['nodescope ingest (CLI, whole)', `${ingest.seconds.toFixed(1)} s (${(mb / ingest.seconds).toFixed(1)} MB/s) = ${(ingest.seconds / gz.seconds).toFixed(1)}x gzip -dc`],
    ['ingest CPU (user + sys)', `${stats.cpuSeconds.toFixed(1)} s`],
    ...phases.map((p) => {
      const [, name, figures] = /^(.+?) (\d.*)$/.exec(p);
      return [`phase: ${name}`, figures];
    }),
    ['ingest peak RSS', `${(stats.maxRssKb / 1024).toFixed(0)} MB`],
    ['log rows', String(stats.rows)],
    ['workspace size', `${(dbBytes / 1e6).toFixed(0)} MB`],
    ...(await measureUiSearch(db)),
  ];
}

function runCli(args) {
  // In-process so peak RSS and CPU are the CLI's own: printed on stderr as the last line.
  const script = `const cli = require(${JSON.stringify(path.join(root, 'dist/main/cli.js'))});
cli.main(${JSON.stringify(args)}, { stdout: () => {}, stderr: (t) => process.stderr.write(t), stderrIsTty: false }).then((c) => {
  const u = process.resourceUsage();
  const D = require('better-sqlite3'); const d = new D(${JSON.stringify(args.at(-1))}, { readonly: true });
  const rows = d.prepare('SELECT count(*) AS n FROM log_lines').get().n; d.close();
  process.stderr.write('\\n' + JSON.stringify({ code: c, maxRssKb: u.maxRSS, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, rows }) + '\\n');
  process.exitCode = c;
});`;
  const r = spawnSync('node', ['-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NODESCOPE_TIMINGS: '1' } });
  if (r.status !== 0) throw new Error(`nodescope ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

function time(f) {
  const t0 = process.hrtime.bigint();
  const result = f();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
