// Foundation benchmark: ingest of a >= 1 GiB (uncompressed) bundle of logs, against `gzip -dc` of the
// same file as the physical floor; where the time goes (phases, with the rules' share); then the first
// page of a search through the API the UI uses, on that workspace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateBundle } from './generate.mjs';
import { describeSplit } from './thread-time.cjs';
import { measureUiSearch } from './ui-search.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const size = Number(process.env.BENCH_BYTES ?? 1.05 * 2 ** 30);

export async function run(dir) {
  const bundle = await generateBundle(dir, size);
  const gz = time(() => spawnSync('sh', ['-c', `gzip -dc '${bundle}' | wc -c`], { encoding: 'utf8' }));
  const uncompressed = Number(gz.result.stdout.trim());
  const db = path.join(dir, 'ingest-bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const ingest = time(() => runIngest(bundle, db));
  const stderr = ingest.result.stderr.trim().split('\n');
  const stats = JSON.parse(stderr.at(-1));
  const findings = stats.findingsMs / 1000;
  const phases = stderr.filter((l) => l.startsWith('timing: ')).map((l) => l.slice('timing: '.length));
  const mb = uncompressed / 1e6;
  const dbBytes = fs.statSync(db).size;
  return [
    ['bundle', `${(fs.statSync(bundle).size / 1e6).toFixed(0)} MB gzip, ${mb.toFixed(0)} MB uncompressed`],
    ['gzip -dc (floor)', `${gz.seconds.toFixed(1)} s (${(mb / gz.seconds).toFixed(0)} MB/s)`],
    ['nodescope to findings (bundle published: findings, logs, full-text index)', `${findings.toFixed(1)} s (${(mb / findings).toFixed(1)} MB/s) = ${(findings / gz.seconds).toFixed(1)}x gzip -dc`],
    ['nodescope to search (first page, asked at publication)', `${(stats.searchMs / 1000).toFixed(1)} s`],
    ['nodescope ingest (CLI, whole: template counts for compare stored too)', `${ingest.seconds.toFixed(1)} s (${(mb / ingest.seconds).toFixed(1)} MB/s) = ${(ingest.seconds / gz.seconds).toFixed(1)}x gzip -dc`],
    ['ingest CPU (user + sys)', `${stats.cpuSeconds.toFixed(1)} s`],
    ['ingest thread until findings: on a core / waiting for a core / waiting for other work', describeSplit(stats.threadAtFindings)],
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

/** ingest-child.cjs with the phase timings on stderr (NODESCOPE_TIMINGS). */
function runIngest(bundle, db) {
  const r = spawnSync('node', [path.join(import.meta.dirname, 'ingest-child.cjs'), bundle, db, 'failed'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NODESCOPE_TIMINGS: '1' },
  });
  if (r.status !== 0) throw new Error(`nodescope ingest ${bundle} failed: ${r.stderr}`);
  return r;
}

function time(f) {
  const t0 = process.hrtime.bigint();
  const result = f();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
