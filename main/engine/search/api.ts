import type { LogCount, LogHistogramBucket, LogLine, LogOrder, LogPage, LogQuery, LogsApi } from '../../../shared/api';
import { LEVEL_BY_CODE, LEVEL_CODES } from '../logs/format';
import { findArtifact } from '../store/artifacts';
import type Database from 'better-sqlite3';
import type { Db } from '../store/workspace';
import { NotFoundError, requireBundle } from '../library/api';
import { LogQueryError, parseAndCompile, registerRegexFunction, type CompiledQuery } from './query';
import { ftsScope, readInTurn, type FtsScope, type FtsSource } from './fts-scope';
import { bundleFiles, type BundleFiles } from './bundle-files';
import { append, readInTimeOrder, type Cursor, type ReadLines } from './time-order';
import { matchingLines, type MatchingLines } from './matching-ids';
import { FINE_PER_BAR, histogramBars, type FineCount } from './histogram-bars';

function isFtsSyntaxError(e: unknown): boolean {
  return e instanceof Error && /fts5: syntax error|unterminated string|unknown special query/i.test(e.message);
}

const DEFAULT_LIMIT = 200;

interface LineRow {
  id: number;
  path: string;
  line: number;
  ts: number | null;
  source: string | null;
  level: number | null;
  text: string;
  msg: number;
}

/** The bundle's log lines as a rowid range: every scan and full-text lookup is bounded by it. */
interface LineRange {
  first: number;
  last: number;
}

function lineRange(db: Db, bundle: number): LineRange {
  return rangeOf(requireBundle(db, bundle));
}

function rangeOf(b: { log_first: number | null; log_last: number | null }): LineRange {
  return b.log_first === null ? { first: 1, last: 0 } : { first: b.log_first, last: b.log_last ?? b.log_first };
}

/** The bundle's lines and its files as logs and text. */
function linesOf(db: Db, bundle: number): { range: LineRange; files: BundleFiles } {
  const b = requireBundle(db, bundle);
  const range = rangeOf(b);
  return { range, files: bundleFiles(db, b, range) };
}

/** The FROM/WHERE part of a log query's SQL, its parameters, and the column its lines are ordered by. */
interface Where {
  from: string;
  idCol: string;
  sql: string;
  params: unknown[];
}

/** The full-text part of a query, made once per call: where it is answered, and the query compiled for it. */
interface TextPart {
  scope: FtsScope;
  compiled: CompiledQuery;
}

function textPart(db: Db, q: LogQuery, range: LineRange): TextPart | null {
  const text = q.text?.trim();
  if (!text) return null;
  registerRegexFunction(db);
  const scope = ftsScope(db, q.bundle, range);
  return { scope, compiled: parseAndCompile(text, scope) };
}

/** SQL for a log query, shared by count and histogram: its lines of the files it asks for. */
function where(db: Db, q: LogQuery, range: LineRange, files: BundleFiles): Where {
  return withFiles(whereWith(q, range, textPart(db, q, range)), q, files);
}

/** The query's SQL kept to the files it asks for: logs, text files, or all. */
function withFiles(w: Where, q: LogQuery, files: BundleFiles): Where {
  const part = q.files ?? 'all';
  if (part === 'all') return w;
  return {
    ...w,
    sql: `${w.sql} AND l.artifact_id ${part === 'logs' ? 'IN' : 'NOT IN'} (SELECT value FROM json_each(?))`,
    params: [...w.params, files.logIdsJson],
  };
}

/**
 * The query over lines [first, last] once per full-text table that answers it, in line order: while
 * the index lacks some of the bundle's lines (a workspace just migrated, an index being rebuilt), the
 * index then the tail index of the rest. A read takes them in turn, each in its rowid order, and stops
 * at its limit: one query over both would sort every match to return the first 200.
 */
function wherePerSource(q: LogQuery, lines: LineRange, text: TextPart | null): Where[] {
  if (!text || text.scope.complete || !text.compiled.match) return [whereWith(q, lines, text)];
  return text.scope.sources.filter((s) => s.last >= lines.first && s.first <= lines.last).map((source) => whereWith(q, lines, text, source));
}

/**
 * With `source`, the full-text part is answered by that one table (its rowid order is the lines'
 * order); without, by the whole scope.
 */
function whereWith(q: LogQuery, range: LineRange, text: TextPart | null, source?: FtsSource): Where {
  const clauses = ['l.id BETWEEN ? AND ?'];
  const params: unknown[] = [range.first, range.last];
  let from = 'log_lines l JOIN artifacts a ON a.id = l.artifact_id';
  let idCol = 'l.id';
  if (text) {
    const { scope, compiled: c } = text;
    const only = source ?? (scope.complete ? scope.sources[0] : undefined);
    if (c.match && only) {
      from = `${only.from} f JOIN log_lines l ON l.id = f.rowid JOIN artifacts a ON a.id = l.artifact_id`;
      idCol = 'f.rowid';
      clauses.splice(0, 1, `${only.name} MATCH ?`, 'f.rowid BETWEEN ? AND ?');
      params.splice(0, 2, c.match, Math.max(range.first, only.first), Math.min(range.last, only.last));
    } else if (c.match) {
      // Part of the bundle is not indexed yet: the matching ids come from the index and a scan of the rest.
      const ids = scope.ids(c.match);
      from = `(${ids.sql}) f JOIN log_lines l ON l.id = f.id JOIN artifacts a ON a.id = l.artifact_id`;
      idCol = 'l.id';
      params.unshift(...ids.params);
    }
    clauses.push(...c.conditions);
    params.push(...c.params);
  }
  if (q.sources?.length) {
    clauses.push(`l.source IN (${q.sources.map(() => '?').join(', ')})`);
    params.push(...q.sources);
  }
  if (q.levels?.length) {
    clauses.push(`l.level IN (${q.levels.map(() => '?').join(', ')})`);
    params.push(...q.levels.map((lv) => LEVEL_CODES[lv]));
  }
  if (q.from) {
    clauses.push('l.ts >= ?');
    params.push(instant(q.from, 'from'));
  }
  if (q.to) {
    clauses.push('l.ts <= ?');
    params.push(instant(q.to, 'to'));
  }
  return { from, idCol, sql: clauses.join(' AND '), params };
}

function instant(s: string, name: string): number {
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new RangeError(`${name} must be an ISO 8601 time, found "${s}"`);
  return t;
}

/** Runs a log query; an FTS5 syntax error (which the compiler should never produce) reads as a bad query. */
function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isFtsSyntaxError(e)) throw new LogQueryError(`cannot search for that: ${(e as Error).message}`);
    throw e;
  }
}

/**
 * A page of the query's lines: the logs' lines merged by time, then the text files' lines (or one of
 * the two, as `files` asks), from the cursor on (see time-order.ts).
 */
export function searchLogs(db: Db, q: LogQuery): LogPage {
  const { range, files } = linesOf(db, q.bundle);
  const limit = q.limit ?? DEFAULT_LIMIT;
  const cursor: Cursor | null = q.after !== undefined ? { id: q.after, inclusive: false } : q.at !== undefined ? { id: q.at, inclusive: true } : null;
  let inFileOrder = false;
  const rows = run(() => {
    const text = textPart(db, q, range);
    const order = q.order ?? 'asc';
    let read: ReadLines<LineRow>;
    if (text?.compiled.match) {
      const matching = matchingLines(db, files, range, text.compiled.match, text.scope.ids(text.compiled.match));
      if (matching === 'too many') {
        inFileOrder = true;
        return inIdOrder(db, q, range, files, text, cursor, limit + 1);
      }
      read = matchReader(db, q, range, text, matching);
    } else read = lineReader(db, q, text);
    return readInTimeOrder(
      db,
      { files, part: q.files ?? 'all', order, cursor, from: q.from ? instant(q.from, 'from') : null, to: q.to ? instant(q.to, 'to') : null, limit: limit + 1 },
      read,
    );
  });
  const more = rows.length > limit;
  const lines = rows.slice(0, limit).map(toLogLine);
  return { lines, next: more ? lines[lines.length - 1].id : null, ...(inFileOrder ? { inFileOrder } : {}) };
}

/**
 * A page of a search with more matches than are merged by time: its lines in the order the files were
 * read (line id order), from the cursor on, each full-text table read in turn up to the page's size.
 */
function inIdOrder(db: Db, q: LogQuery, range: LineRange, files: BundleFiles, text: TextPart, cursor: Cursor | null, limit: number): LineRow[] {
  const desc = q.order === 'desc';
  const parts = wherePerSource(q, range, text).map((w) => withFiles(w, q, files));
  if (desc) parts.reverse();
  return readInTurn(parts, limit, (w, room) => {
    const after = cursor ? ` AND ${w.idCol} ${desc ? '<' : '>'}${cursor.inclusive ? '=' : ''} ?` : '';
    const sql = `SELECT l.id, a.path, l.line, l.ts, l.source, l.level, l.text, l.msg FROM ${w.from}
                 WHERE ${w.sql}${after} ORDER BY ${w.idCol} ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
    return db.prepare(sql).all(...w.params, ...(cursor ? [cursor.id] : []), room) as LineRow[];
  });
}

/** Reads the query's lines within an id range, in id order: each statement prepared once per page. */
function lineReader(db: Db, q: LogQuery, text: TextPart | null): ReadLines<LineRow> {
  const statements = new Map<string, Database.Statement>();
  return (lines, order, room) => {
    const parts = wherePerSource(q, lines, text);
    if (order === 'desc') parts.reverse();
    return readInTurn(parts, room, (w, r) => {
      const sql = `SELECT l.id, a.path, l.line, l.ts, l.source, l.level, l.text, l.msg FROM ${w.from}
                   WHERE ${w.sql} ORDER BY ${w.idCol} ${order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all(...w.params, r) as LineRow[];
    });
  };
}

/** Lines a query ends with before LIMIT when its ids are looked up a batch at a time. */
const MATCH_BATCH = 64;

/**
 * Reads the lines of a full-text query within an id range, in id order: the matching ids come from
 * one pass over the index (kept for the next pages), the rest of the query is checked on those rows.
 */
function matchReader(db: Db, q: LogQuery, range: LineRange, text: TextPart, matching: MatchingLines): ReadLines<LineRow> {
  const w = whereWith(q, range, { ...text, compiled: { ...text.compiled, match: null } });
  const statement = (order: LogOrder): Database.Statement =>
    db.prepare(`SELECT l.id, a.path, l.line, l.ts, l.source, l.level, l.text, l.msg FROM ${w.from}
                WHERE ${w.sql} AND l.id IN (SELECT value FROM json_each(?)) ORDER BY l.id ${order === 'desc' ? 'DESC' : 'ASC'}`);
  const statements = { asc: statement('asc'), desc: statement('desc') };
  return (lines, order, room) => {
    let { first, last } = lines;
    const rows: LineRow[] = [];
    while (rows.length < room && first <= last) {
      const batch = matching.take(first, last, order, Math.max(room - rows.length, MATCH_BATCH));
      if (!batch.length) break;
      if (order === 'desc') last = batch[batch.length - 1] - 1;
      else first = batch[batch.length - 1] + 1;
      append(rows, statements[order].all(...w.params, JSON.stringify(batch)) as LineRow[]);
    }
    return rows.slice(0, room);
  };
}

function toLogLine(r: LineRow): LogLine {
  return {
    id: r.id,
    artifact: r.path,
    line: r.line,
    time: r.ts === null ? null : new Date(r.ts).toISOString(),
    source: r.source,
    level: r.level === null ? null : LEVEL_BY_CODE[r.level] ?? null,
    text: r.text,
    messageAt: Math.min(Math.max(0, r.msg), r.text.length),
  };
}

/** Exact counts of the lines a query matches (and of its errors), straight from the index. */
export function countLogs(db: Db, q: LogQuery): LogCount {
  const { range, files } = linesOf(db, q.bundle);
  return run(() => {
    const w = where(db, q, range, files);
    const r = db
      .prepare(`SELECT count(*) AS total, coalesce(sum(CASE WHEN l.level <= 1 THEN 1 ELSE 0 END), 0) AS errors FROM ${w.from} WHERE ${w.sql}`)
      .get(...w.params) as LogCount;
    return { total: r.total, errors: r.errors };
  });
}

export function logsApi(db: Db): LogsApi {
  return {
    async searchLogs(q) {
      return searchLogs(db, q);
    },
    async countLogs(q) {
      return countLogs(db, q);
    },
    async logSources(bundle) {
      const range = lineRange(db, bundle);
      return db
        .prepare('SELECT source, count(*) AS lines FROM log_lines WHERE id BETWEEN ? AND ? AND source IS NOT NULL GROUP BY source ORDER BY lines DESC')
        .all(range.first, range.last) as { source: string; lines: number }[];
    },
    async logHistogram(q, buckets) {
      const { range, files } = linesOf(db, q.bundle);
      return histogram(db, q, range, files, buckets);
    },
    async logContext(bundle, artifact, line, radius) {
      requireBundle(db, bundle);
      const a = findArtifact(db, bundle, artifact);
      if (!a) throw new NotFoundError(`bundle ${bundle} has no artifact "${artifact}"`);
      const rows = db
        .prepare(
          `SELECT l.id, ? AS path, l.line, l.ts, l.source, l.level, l.text, l.msg FROM log_lines l
           WHERE l.artifact_id = ? AND l.line BETWEEN ? AND ? ORDER BY l.line`,
        )
        .all(artifact, a.id, Math.max(1, line - radius), line + radius) as LineRow[];
      return rows.map(toLogLine);
    },
  };
}

function histogram(db: Db, q: LogQuery, range: LineRange, files: BundleFiles, buckets: number): LogHistogramBucket[] {
  return run(() => {
    const w = where(db, q, range, files);
    const span = db.prepare(`SELECT min(l.ts) AS lo, max(l.ts) AS hi FROM ${w.from} WHERE ${w.sql} AND l.ts IS NOT NULL`).get(...w.params) as {
      lo: number | null;
      hi: number | null;
    };
    if (span.lo === null || span.hi === null) return [];
    const step = Math.max(1, Math.ceil((span.hi - span.lo + 1) / (buckets * FINE_PER_BAR)));
    const counts = db
      .prepare(
        // better-sqlite3 binds JS numbers as REAL: cast, or every step but the first is empty.
        `SELECT CAST((l.ts - ?) / ? AS INTEGER) AS step, count(*) AS lines, sum(CASE WHEN l.level <= 1 THEN 1 ELSE 0 END) AS errors
         FROM ${w.from} WHERE ${w.sql} AND l.ts IS NOT NULL GROUP BY step ORDER BY step`,
      )
      .all(span.lo, step, ...w.params) as FineCount[];
    return histogramBars(span.lo, span.hi, step, counts, buckets);
  });
}
