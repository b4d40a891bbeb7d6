import type { LogContext, LogFormat } from '../logs/format';
import type Database from 'better-sqlite3';
import type { Db } from '../store/workspace';
import { LogSummary } from './log-summary';

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

type RetimeStatements = Record<keyof typeof RETIME_SQL | 'update' | 'summary', Database.Statement>;
const prepared = new WeakMap<Db, RetimeStatements>();

/** Prepared once per connection: a bundle of 160,000 pod logs asks once per log. */
function statementsOf(db: Db): RetimeStatements {
  let s = prepared.get(db);
  if (!s) {
    s = {
      page: db.prepare(RETIME_SQL.page),
      head: db.prepare(RETIME_SQL.head),
      tail: db.prepare(RETIME_SQL.tail),
      update: db.prepare('UPDATE log_lines SET ts = ? WHERE id = ?'),
      summary: db.prepare('UPDATE artifacts SET log_first_ts = ?, log_max_ts = ?, log_steps_back = ?, log_block_latest = ? WHERE id = ?'),
    };
    prepared.set(db, s);
  }
  return s;
}

/**
 * Re-reads the stamps of one artifact's lines with a better context (the year or boot time learnt from
 * files that came later in the archive). Only `ts` changes (and the artifact's summary of its times); lines without a stamp take the previous
 * line's time, as at ingest. Returns the number of lines read.
 */
export function retimeArtifact(db: Db, artifactId: number, format: LogFormat, context: LogContext): number {
  const { page, update, summary } = statementsOf(db);
  let after = 0;
  let lastTs: number | null = null;
  let n = 0;
  const times = new LogSummary();
  for (;;) {
    const rows = page.all(artifactId, after, PAGE) as { line: number; text: string; id: number }[];
    if (!rows.length) break;
    for (const r of rows) {
      const own = format.parse(r.text, context).ts;
      times.row(own);
      const ts: number | null = own ?? lastTs;
      lastTs = ts;
      update.run(ts, r.id);
      after = r.line;
      n++;
    }
  }
  summary.run(...times.timeColumns(), artifactId);
  return n;
}

const SAMPLE = 50;

/**
 * Whether timing an artifact again with `next` could change anything: its first and last lines are
 * parsed with both contexts. Logs whose stamps carry their year (ISO, klog with a journal's ISO prefix)
 * come out the same and are left alone, so a plain bundle is not read twice for nothing.
 */
export function retimeWouldChange(db: Db, artifactId: number, format: LogFormat, before: LogContext, next: LogContext): boolean {
  const { head: first, tail: last } = statementsOf(db);
  const head = first.all(artifactId, SAMPLE) as { text: string }[];
  const tail = last.all(artifactId, SAMPLE) as { text: string }[];
  for (const { text } of [...head, ...tail]) {
    const a = format.parse(text, before).ts;
    const b = format.parse(text, next).ts;
    if (a !== b) return true;
  }
  return false;
}

/** What the bundle as a whole says about time, once every entry is read. */
export interface BundleTimeEvidence {
  collectedAtMs: number | null;
  timezone: string | null;
  bootTimeMs: number | null;
}

type Timing = Omit<LogContext, 'artifactPath'>;

/**
 * One log artifact as it was timed, its context's fields copied in (a context object of each log's own
 * took 300 bytes, with a hidden class each). Its path is looked up if the log is timed again.
 */
class TimedLog {
  private readonly collectedAtMs: number | null;
  private readonly timezone: string | null;
  private readonly bootTimeMs: number | null;
  private readonly notBeforeMs: number | null;

  constructor(
    readonly artifactId: number,
    readonly format: LogFormat,
    timing: Timing,
    /** The log's own banner decided its year: bundle-level evidence does not override it. */
    readonly ownEvidence: boolean,
  ) {
    this.collectedAtMs = timing.collectedAtMs;
    this.timezone = timing.timezone;
    this.bootTimeMs = timing.bootTimeMs;
    this.notBeforeMs = timing.notBeforeMs ?? null;
  }

  get context(): Timing {
    return { collectedAtMs: this.collectedAtMs, timezone: this.timezone, bootTimeMs: this.bootTimeMs, notBeforeMs: this.notBeforeMs };
  }
}

/**
 * The log artifacts timed while the entries were read, to be timed again when better evidence comes
 * later (a manifest or uname after the logs). One small object per log: 160,000 pod logs took 100 MB
 * of heap when each kept a copy of its context with its path.
 */
export class TimedLogs {
  private readonly logs: TimedLog[] = [];

  add(artifactId: number, format: LogFormat, timing: Timing, ownEvidence: boolean): void {
    this.logs.push(new TimedLog(artifactId, format, timing, ownEvidence));
  }

  /**
   * Times again each log whose stamps would come out differently with the bundle's evidence. Once:
   * the list is emptied (it holds one entry per log of the bundle).
   */
  retime(db: Db, evidence: BundleTimeEvidence): void {
    const pathOf = db.prepare('SELECT path FROM artifacts WHERE id = ?').pluck();
    const logs = this.logs.splice(0);
    for (const t of logs) {
      const before = t.context;
      const next = { ...before, ...evidence, collectedAtMs: t.ownEvidence ? before.collectedAtMs : evidence.collectedAtMs };
      if (!mayChange(t, before, next)) continue;
      const artifactPath = pathOf.get(t.artifactId) as string;
      const withPath = { ...before, artifactPath };
      const nextWithPath = { ...next, artifactPath };
      if (retimeWouldChange(db, t.artifactId, t.format, withPath, nextWithPath)) retimeArtifact(db, t.artifactId, t.format, nextWithPath);
    }
  }
}

function mayChange(t: TimedLog, before: Timing, next: Timing): boolean {
  const yearChanged = !t.ownEvidence && yearOf(next.collectedAtMs) !== yearOf(before.collectedAtMs);
  const dayChanged = !t.ownEvidence && Math.abs((next.collectedAtMs ?? 0) - (before.collectedAtMs ?? 0)) > 86_400_000;
  return yearChanged || dayChanged || next.timezone !== before.timezone || next.bootTimeMs !== before.bootTimeMs;
}

function yearOf(ms: number | null): number | null {
  return ms === null ? null : new Date(ms).getUTCFullYear();
}
