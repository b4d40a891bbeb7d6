import type { LogContext, LogFormat } from '../logs/format';
import type { Db } from '../store/workspace';

const PAGE = 5000;

/**
 * Pages and samples walk the (artifact_id, line) index in line order, which is the order the lines were
 * stored in. Ordered by id instead, SQLite read every line of the artifact left after the page and
 * sorted them, for each page: a 2-million-line syslog cost 400 such reads.
 */
export const RETIME_SQL = {
  page: 'SELECT line, text, id FROM log_lines WHERE artifact_id = ? AND line > ? ORDER BY line LIMIT ?',
  head: 'SELECT text FROM log_lines WHERE artifact_id = ? ORDER BY line LIMIT ?',
  tail: 'SELECT text FROM log_lines WHERE artifact_id = ? ORDER BY line DESC LIMIT ?',
};

/**
 * Re-reads the stamps of one artifact's lines with a better context (the year or boot time learnt from
 * files that came later in the archive). Only `ts` changes; lines without a stamp take the previous
 * line's time, as at ingest. Returns the number of lines read.
 */
export function retimeArtifact(db: Db, artifactId: number, format: LogFormat, context: LogContext): number {
  const page = db.prepare(RETIME_SQL.page);
  const update = db.prepare('UPDATE log_lines SET ts = ? WHERE id = ?');
  let after = 0;
  let lastTs: number | null = null;
  let n = 0;
  for (;;) {
    const rows = page.all(artifactId, after, PAGE) as { line: number; text: string; id: number }[];
    if (!rows.length) break;
    for (const r of rows) {
      const ts: number | null = format.parse(r.text, context).ts ?? lastTs;
      lastTs = ts;
      update.run(ts, r.id);
      after = r.line;
      n++;
    }
  }
  return n;
}

const SAMPLE = 50;

/**
 * Whether timing an artifact again with `next` could change anything: its first and last lines are
 * parsed with both contexts. Logs whose stamps carry their year (ISO, klog with a journal's ISO prefix)
 * come out the same and are left alone, so a plain bundle is not read twice for nothing.
 */
export function retimeWouldChange(db: Db, artifactId: number, format: LogFormat, before: LogContext, next: LogContext): boolean {
  const head = db.prepare(RETIME_SQL.head).all(artifactId, SAMPLE) as { text: string }[];
  const tail = db.prepare(RETIME_SQL.tail).all(artifactId, SAMPLE) as { text: string }[];
  for (const { text } of [...head, ...tail]) {
    const a = format.parse(text, before).ts;
    const b = format.parse(text, next).ts;
    if (a !== b) return true;
  }
  return false;
}
