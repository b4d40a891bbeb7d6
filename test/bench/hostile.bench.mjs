// Hostile bundles (issue 13): wall time and peak RSS of `nodescope ingest` on each case of the
// generated corpus (test/hostile/corpus.mjs), and of `nodescope profile top` on a gzip bomb. Every
// case must stay under 5 s and 400 MB. Run: `npm run bench hostile` (after npm run build).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeCorpus, zerosGz } from '../hostile/corpus.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(root, 'main', 'nodescope.cjs');
const MAX_S = 5;
const MAX_MB = 400;

function measure(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, kb] = last.split(' ').map(Number);
  return { wall, mb: kb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function row(m, note) {
  const ok = m.wall <= MAX_S && m.mb <= MAX_MB;
  return `${m.wall.toFixed(2)} s, ${m.mb.toFixed(0)} MB peak RSS, exit ${m.status}${note ? `, ${note}` : ''} ${ok ? '(ok)' : `(OVER ${MAX_S} s / ${MAX_MB} MB)`}`;
}

export async function run(dir) {
  const corpus = path.join(dir, 'hostile');
  const cases = await writeCorpus(corpus);
  const rows = [];
  for (const [label, file] of cases) {
    const db = path.join(corpus, 'ws.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    const m = measure(['ingest', file, '--json', '--db', db]);
    let note = '';
    try {
      const b = JSON.parse(m.stdout).bundles[0];
      note = `${b.incomplete ? 'incomplete' : 'complete'}, ${b.errors.length} problems listed`;
    } catch {
      note = m.stderr.split('\n')[0].slice(0, 120);
    }
    rows.push([`${label} (${(fs.statSync(file).size / 1024).toFixed(0)} KB)`, row(m, note)]);
  }
  const bomb = path.join(corpus, 'bomb.pb.gz');
  if (!fs.existsSync(bomb)) fs.writeFileSync(bomb, await zerosGz(1024 * 1024 * 1024));
  rows.push(['profile top on a gzip of 1 GiB of zeros', row(measure(['profile', 'top', bomb]), '')]);
  return rows;
}
