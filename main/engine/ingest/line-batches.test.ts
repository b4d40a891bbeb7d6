import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';

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
    if (!sql.startsWith('INSERT INTO log_lines')) return stmt;
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
