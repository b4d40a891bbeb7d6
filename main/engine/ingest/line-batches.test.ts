import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import type { Db } from '../store/workspace';
import { LineStore } from './line-store';
import { ingestBundle } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';
import { bytesWritten, noThreadIo } from '../../../test/support/thread-io';

/**
 * A churning node: thousands of pod logs of a few lines each. Their lines share one batch across
 * files, so the statements that store them grow with the lines / 32, not with the number of files.
 */
let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

/** Counts the runs of statements that insert log lines, and the rows they carry. */
function countLineInserts(target: Db): { statements: number } {
  const counts = { statements: 0 };
  const prepare = target.prepare.bind(target);
  (target as { prepare: unknown }).prepare = (sql: string) => {
    const stmt = prepare(sql) as Database.Statement;
    if (!/^INSERT (?:OR \w+ )?INTO log_lines\b/.test(sql)) return stmt;
    const run = stmt.run.bind(stmt);
    (stmt as { run: unknown }).run = (...params: unknown[]) => {
      counts.statements++;
      return run(...params);
    };
    return stmt;
  };
  return counts;
}

function podLogs(pods: number, linesEach: number): { name: string; content: string }[] {
  return Array.from({ length: pods }, (_, p) => ({
    name: `node/logs/pods/default_web-${p}_${String(p).padStart(8, '0')}-0000-0000-0000-000000000000/app/0.log`,
    content: Array.from({ length: linesEach }, (_, l) => `2026-11-05T10:00:${String(l % 60).padStart(2, '0')}.000000000Z stderr F pod ${p} attempt ${l} failed\n`).join(''),
  }));
}

describe('lines of many small files', () => {
  it('are inserted 32 to a statement across files: 2,000 three-line pod logs take about 6,000 / 32 statements (a few more at batch ends), not 6,000', async () => {
    const counts = countLineInserts(db);
    const bundle = await writeTar(path.join(dir, 'churn.tar.gz'), podLogs(2000, 3));
    const r = await ingestBundle(db, bundle);
    const stored = db.prepare('SELECT count(*) AS n, count(DISTINCT artifact_id) AS files FROM log_lines WHERE bundle_id = ?').get(r.id) as { n: number; files: number };
    expect(stored).toEqual({ n: 6000, files: 2000 });
    expect(counts.statements).toBeLessThan(6000 / 32 + 2 * 32);
  });

  it('keep each line with its own file and number', async () => {
    const bundle = await writeTar(path.join(dir, 'two.tar.gz'), podLogs(2, 2));
    const r = await ingestBundle(db, bundle);
    const rows = db
      .prepare('SELECT a.path, l.line, l.text FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE l.bundle_id = ? ORDER BY l.id')
      .all(r.id) as { path: string; line: number; text: string }[];
    expect(rows.map((x) => [path.basename(path.dirname(path.dirname(x.path))).slice(0, 13), x.line, x.text.slice(-18)])).toEqual([
      ['default_web-0', 1, 'pod 0 attempt 0 failed'.slice(-18)],
      ['default_web-0', 2, 'pod 0 attempt 1 failed'.slice(-18)],
      ['default_web-1', 1, 'pod 1 attempt 0 failed'.slice(-18)],
      ['default_web-1', 2, 'pod 1 attempt 1 failed'.slice(-18)],
    ]);
  });
});

/** Counts the statements that write artifacts' rows (inserts and updates). */
function countArtifactWrites(target: Db): { inserts: number; updates: number } {
  const counts = { inserts: 0, updates: 0 };
  const prepare = target.prepare.bind(target);
  (target as { prepare: unknown }).prepare = (sql: string) => {
    const stmt = prepare(sql) as Database.Statement;
    const kind = /^INSERT INTO artifacts\b/.test(sql) ? 'inserts' : /^UPDATE artifacts\b/.test(sql) ? 'updates' : null;
    if (!kind) return stmt;
    const run = stmt.run.bind(stmt);
    (stmt as { run: unknown }).run = (...params: unknown[]) => {
      counts[kind]++;
      return run(...params);
    };
    return stmt;
  };
  return counts;
}

describe('rows of many small files', () => {
  it('are written by one statement each once the file is read, not inserted and then updated: 2,000 pod logs take 2,000 statements', async () => {
    const counts = countArtifactWrites(db);
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'churn.tar.gz'), podLogs(2000, 3)));
    const rows = db.prepare('SELECT count(*) AS n, sum(bytes > 0 AND length(sha256) = 64 AND line_count = 3) AS finished FROM artifacts WHERE bundle_id = ?').get(r.id);
    expect(rows).toEqual({ n: 2000, finished: 2000 });
    expect(counts).toEqual({ inserts: 2000, updates: 0 });
  });
});

describe('line ids', () => {
  /** A sosreport-like mix: text files of no known kind (plain text lines) between logs, so the two kinds of rows interleave. */
  const mixed = [
    { name: 'node/notes/systemctl-show.txt', content: 'Id=kubelet.service\nRestart=always\n' },
    { name: 'node/var/log/syslog', content: 'Nov  5 10:00:01 node kubelet[812]: E1105 10:00:01.000000     812 pod_workers.go:1298] "Error syncing pod"\n' },
    { name: 'node/notes/smaps.txt', content: 'Rss:                 4 kB\n\nPss:                 4 kB\n' },
    { name: 'node/var/log/kern.log', content: 'Nov  5 10:00:02 node kernel: Out of memory: Killed process 4242 (java)\nNov  5 10:00:03 node kernel: oom_reaper: reaped process 4242\n' },
  ];

  it('are the ones the ingest counted, in file order, whether a line is plain text or a dated log line', async () => {
    const first = await ingestBundle(db, await writeTar(path.join(dir, 'first.tar.gz'), mixed));
    const second = await ingestBundle(db, await writeTar(path.join(dir, 'second.tar.gz'), [{ name: 'node/notes/empty.txt', content: '' }, ...mixed]));
    for (const r of [first, second]) {
      const range = db.prepare('SELECT log_first AS first, log_last AS last FROM bundles WHERE id = ?').get(r.id) as { first: number; last: number };
      const rows = db
        .prepare('SELECT l.id, l.bundle_id, a.path, l.line, l.ts IS NOT NULL AS dated, l.level, l.msg, l.source, l.text FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE l.bundle_id = ? ORDER BY l.id')
        .all(r.id) as { id: number; bundle_id: number; path: string; line: number; dated: number; level: number | null; msg: number; source: string; text: string }[];
      expect(rows.map((x) => x.id)).toEqual(Array.from({ length: 7 }, (_, i) => range.first + i));
      expect(range.last).toBe(range.first + 6);
      expect(rows.map((x) => [path.basename(x.path), x.line, x.dated])).toEqual([
        ['systemctl-show.txt', 1, 0], ['systemctl-show.txt', 2, 0],
        ['syslog', 1, 1],
        ['smaps.txt', 1, 0], ['smaps.txt', 3, 0],
        ['kern.log', 1, 1], ['kern.log', 2, 1],
      ]);
      const plain = rows.filter((x) => !x.dated);
      expect(new Set(plain.map((x) => [x.level, x.msg, x.bundle_id].join()))).toEqual(new Set([`,0,${r.id}`]));
      expect(plain.map((x) => x.source)).toEqual(['systemctl-show.txt', 'systemctl-show.txt', 'smaps.txt', 'smaps.txt']);
      expect(rows.filter((x) => x.dated).every((x) => x.msg > 0 && x.bundle_id === r.id)).toBe(true);
    }
    const firstLast = db.prepare('SELECT log_last FROM bundles WHERE id = ?').pluck().get(first.id) as number;
    const secondFirst = db.prepare('SELECT log_first FROM bundles WHERE id = ?').pluck().get(second.id) as number;
    expect(secondFirst).toBe(firstLast + 1);
  });

  it('stop the ingest when a row written behind its back would shift them, rather than index lines under wrong ids', async () => {
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'one.tar.gz'), mixed));
    const artifactId = db.prepare('SELECT min(id) FROM artifacts WHERE bundle_id = ?').pluck().get(r.id) as number;
    const store = new LineStore(db, r.id);
    const stray = store.nextLogId + 5;
    db.prepare("INSERT INTO log_lines (id, bundle_id, artifact_id, line, text) VALUES (?, ?, ?, 1, 'stray')").run(stray, r.id, artifactId);
    store.add([artifactId, 1, 'systemctl-show.txt', 'Id=kubelet.service'], 18);
    expect(() => store.flush()).toThrow(`log line ids out of step: line ${stray - 5} was stored as ${stray + 1}`);
  });
});

describe('a stage of lines', () => {
  it.skipIf(noThreadIo)(`writes nothing to disk before its commit: no statement journal per 32-row insert (20,000 lines spilled 30 MB of one into a temporary file) ${noThreadIo}`, async () => {
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'one.tar.gz'), [{ name: 'node/notes/ps.txt', content: 'PID CMD\n' }]));
    const artifactId = db.prepare('SELECT id FROM artifacts WHERE bundle_id = ?').pluck().get(r.id) as number;
    db.pragma('foreign_keys = OFF');
    db.exec('BEGIN');
    const store = new LineStore(db, r.id);
    const before = bytesWritten() as number;
    for (let i = 0; i < 20_000; i++) {
      const text = `${1000 + i} /usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${String(i).padStart(64, '0')}`;
      store.add([artifactId, i + 2, 'ps.txt', text], text.length);
    }
    store.flush();
    const written = (bytesWritten() as number) - before;
    db.exec('COMMIT');
    db.pragma('foreign_keys = ON');
    expect(db.prepare('SELECT count(*) FROM log_lines WHERE artifact_id = ?').pluck().get(artifactId)).toBe(20_000);
    expect(written).toBeLessThan(2 ** 20);
  });
});
