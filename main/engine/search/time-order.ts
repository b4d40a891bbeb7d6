import type Database from 'better-sqlite3';
import type { LogFiles, LogOrder } from '../../../shared/api';
import type { Db } from '../store/workspace';
import { STEP_BLOCK } from '../ingest/log-summary';
import type { BundleFiles, LogFile } from './bundle-files';

/**
 * A page of a bundle's lines as an operator reads a folder of logs (lnav's view of it): the lines of
 * every log merged by time, each log in its own order; then the text files' lines (command outputs,
 * YAML, /proc), file after file. "Newest first" is the exact reverse.
 *
 * Cheap without an index on time: a log stands in the merge at the latest time it has reached, which
 * only grows along its lines, so where a log stands at any time is found by a binary search over its
 * line ids (about 20 row reads), and the merge reads each log from there only as far as the page
 * needs. In a log in time order that time is the line's own; a line without one (before the log's
 * first time) keeps the first. A log whose times step back (a clock set back, lines written out of
 * order; bundle-files.ts finds them) is read in its own order, its lines at the latest time so far:
 * pages are then exact there too, each starting where the one before ended.
 */

/** A line as a page reads it; `ts` null for a line with no time of its own. */
export interface RowInOrder {
  id: number;
  ts: number | null;
}

/** The query's lines within ids [first, last], by id in `order`, at most `room` of them. */
export type ReadLines<R extends RowInOrder> = (range: { first: number; last: number }, order: LogOrder, room: number) => R[];

/** Where a page starts: after this line (or at it), in the page's order. */
export interface Cursor {
  id: number;
  inclusive: boolean;
}

export interface OrderedPage {
  files: BundleFiles;
  part: LogFiles;
  order: LogOrder;
  cursor: Cursor | null;
  /** Time bounds of the query (ms), inclusive: where each log is started and stopped. */
  from: number | null;
  to: number | null;
  limit: number;
}

/**
 * Work done by pages (tests count it: a page costs rows near where it stands, not the bundle's):
 * rows probed by binary searches, reads of a log's lines and the rows they returned.
 */
export const timeOrderStats = { probes: 0, reads: 0, rows: 0 };

const FIRST_READ = 4;
const MAX_READ = 1024;

export function readInTimeOrder<R extends RowInOrder>(db: Db, p: OrderedPage, read: ReadLines<R>): R[] {
  const at = p.cursor ? placeOf(db, p.files, p.cursor) : null;
  const textFirst = p.order === 'desc';
  const parts: ('logs' | 'text')[] = textFirst ? ['text', 'logs'] : ['logs', 'text'];
  const rows: R[] = [];
  for (const part of parts) {
    if (p.part !== 'all' && p.part !== part) continue;
    if (rows.length >= p.limit) break;
    // The cursor's part is read from the cursor; a part before it in the order not at all; one after it whole.
    let cursor: Placed | null = null;
    if (at) {
      if (at.part === part) cursor = at;
      else if (parts.indexOf(at.part) > parts.indexOf(part)) continue;
    }
    const room = p.limit - rows.length;
    append(rows, part === 'logs' ? mergeLogs(db, p, cursor, read, room) : readText(p, cursor, read, room));
  }
  return rows;
}

/** The cursor line: its part, file and time (its own, or the one it keeps). */
interface Placed {
  id: number;
  inclusive: boolean;
  part: 'logs' | 'text';
  file: LogFile | null;
  ts: number;
}

/** The reads of a line's file and times, prepared once per connection: a page probes hundreds of lines. */
interface TimeReads {
  artifactOf: Database.Statement;
  ts: Database.Statement;
  keptTs: Database.Statement;
  maxTs: Database.Statement;
}
const prepared = new WeakMap<Db, TimeReads>();

function readsOf(db: Db): TimeReads {
  let r = prepared.get(db);
  if (!r) {
    r = {
      artifactOf: db.prepare('SELECT artifact_id AS artifact FROM log_lines WHERE id = ?'),
      ts: db.prepare('SELECT ts FROM log_lines WHERE id = ?').pluck(),
      keptTs: db.prepare('SELECT ts FROM log_lines WHERE id BETWEEN ? AND ? AND ts IS NOT NULL ORDER BY id DESC LIMIT 1').pluck(),
      maxTs: db.prepare('SELECT max(ts) FROM log_lines WHERE id BETWEEN ? AND ?').pluck(),
    };
    prepared.set(db, r);
  }
  return r;
}

/** The cursor line placed in the bundle's order, or null when it is no line of the bundle. */
function placeOf(db: Db, files: BundleFiles, { id, inclusive }: Cursor): Placed | null {
  const row = readsOf(db).artifactOf.get(id) as { artifact: number } | undefined;
  if (!row) return null;
  const file = files.logOf.get(row.artifact) ?? null;
  if (file) return { id, inclusive, part: 'logs', file, ts: timeAt(db, file, id) };
  if (!files.textRuns.some((r) => id >= r.first && id <= r.last)) return null;
  return { id, inclusive, part: 'text', file: null, ts: 0 };
}

/**
 * Where a line of a log stands in the merge: its time; a line without one, the time of the line
 * before it (the log's first time for lines before any). In a log whose times step back, the latest
 * time of the log so far: each log then reads in its own order, and a page is placed exactly.
 */
function timeAt(db: Db, file: LogFile, id: number): number {
  timeOrderStats.probes++;
  if (file.latestByBlock) return latestAt(db, file, id);
  const ts = readsOf(db).ts.get(id) as number | null;
  return ts ?? keptTime(db, file, id);
}

/** The time a line without one keeps: the last time before it in its log, or the log's first. */
function keptTime(db: Db, file: LogFile, id: number): number {
  const ts = readsOf(db).keptTs.get(file.first, id - 1) as number | undefined;
  return ts ?? file.firstTs;
}

/** The latest time of a log whose times step back, up to a line: its blocks', then the lines of its block. */
function latestAt(db: Db, file: LogFile, id: number): number {
  const block = Math.floor((id - file.first) / STEP_BLOCK);
  const before = block > 0 ? file.latestByBlock![block - 1] : -Infinity;
  const within = readsOf(db).maxTs.get(file.first + block * STEP_BLOCK, id) as number | null;
  return Math.max(file.firstTs, before, within ?? -Infinity);
}

/** The first id in [lo, hi] where `after` holds (it holds from some id on), or hi + 1. */
function firstWhere(lo: number, hi: number, after: (id: number) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2);
    if (after(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** A log's line ids the page reads, from `start` toward `stop` (inclusive), in the page's order. */
interface Span {
  start: number;
  stop: number;
}

/** Where a log's lines past the cursor and within the time bounds lie, or null when none do. */
function spanOf(db: Db, f: LogFile, p: OrderedPage, cursor: Placed | null): Span | null {
  const asc = p.order === 'asc';
  let lo = f.first;
  let hi = f.last;
  const time = (id: number): number => timeAt(db, f, id);
  if (cursor?.file === f) {
    const own = cursor.inclusive ? cursor.id : cursor.id + (asc ? 1 : -1);
    if (asc) lo = own;
    else hi = own;
  } else if (cursor) {
    // This log's lines that come after the cursor line: later, or as late and of a later log.
    const later = (ts: number): boolean => ts > cursor.ts || (ts === cursor.ts && f.artifact > cursor.file!.artifact);
    const split = later(f.firstTs) ? f.first : !later(f.maxTs) ? f.last + 1 : firstWhere(f.first, f.last, (id) => later(time(id)));
    if (asc) lo = split;
    else hi = split - 1;
  }
  if (p.from !== null && f.firstTs < p.from) lo = Math.max(lo, f.maxTs < p.from ? f.last + 1 : firstWhere(f.first, f.last, (id) => time(id) >= p.from!));
  // Past its latest time a log whose times step back may still hold lines before `to`: the query's own bound keeps them.
  if (p.to !== null && f.maxTs > p.to) hi = Math.min(hi, f.firstTs > p.to ? f.first - 1 : f.latestByBlock ? hi : firstWhere(f.first, f.last, (id) => time(id) > p.to!) - 1);
  if (lo > hi) return null;
  return asc ? { start: lo, stop: hi } : { start: hi, stop: lo };
}

/** One log's lines of the query, read a little at a time as the merge takes them. */
class LogReader<R extends RowInOrder> {
  private buffer: { row: R; ts: number }[] = [];
  private next: number;
  private done = false;
  private size = FIRST_READ;

  constructor(
    private readonly db: Db,
    readonly file: LogFile,
    private readonly span: Span,
    private readonly order: LogOrder,
    private readonly read: ReadLines<R>,
  ) {
    this.next = span.start;
  }

  head(): { row: R; ts: number } | null {
    if (!this.buffer.length && !this.done) this.fill();
    return this.buffer[0] ?? null;
  }

  take(): void {
    this.buffer.shift();
  }

  private fill(): void {
    const asc = this.order === 'asc';
    const range = asc ? { first: this.next, last: this.span.stop } : { first: this.span.stop, last: this.next };
    timeOrderStats.reads++;
    const rows = this.read(range, this.order, this.size);
    timeOrderStats.rows += rows.length;
    if (rows.length < this.size) this.done = true;
    this.size = Math.min(MAX_READ, this.size * 4);
    const last = rows.at(-1);
    if (last) this.next = last.id + (asc ? 1 : -1);
    if (asc ? this.next > this.span.stop : this.next < this.span.stop) this.done = true;
    this.buffer = this.keptTimes(rows);
  }

  /** Each row with its time: a row without one keeps the time of the line before it in the log. */
  private keptTimes(rows: R[]): { row: R; ts: number }[] {
    const byId = [...rows].sort((a, b) => a.id - b.id);
    const kept = new Map<number, number>();
    let prev: { id: number; ts: number } | null = null;
    for (const r of byId) {
      const follows = prev !== null && prev.id === r.id - 1;
      const ts: number = this.file.latestByBlock
        ? follows ? Math.max(prev!.ts, r.ts ?? -Infinity) : latestAt(this.db, this.file, r.id)
        : r.ts ?? (follows ? prev!.ts : keptTime(this.db, this.file, r.id));
      kept.set(r.id, ts);
      prev = { id: r.id, ts };
    }
    return rows.map((row) => ({ row, ts: kept.get(row.id)! }));
  }
}

/** A log in the merge, under its next line. */
interface Entry<R extends RowInOrder> {
  ts: number;
  artifact: number;
  id: number;
  reader: LogReader<R>;
}

/**
 * The logs' lines merged by time. Logs that start (newest first: end) past the cursor and the time
 * bound wait, in the order of their first (last) time, and are read once the merge reaches it: a
 * page of a node with 80,000 pod logs reads the few it shows, not each of them.
 */
function mergeLogs<R extends RowInOrder>(db: Db, p: OrderedPage, cursor: Placed | null, read: ReadLines<R>, limit: number): R[] {
  const sign = p.order === 'asc' ? 1 : -1;
  const before = (a: { ts: number; artifact: number; id: number }, b: { ts: number; artifact: number; id: number }): number =>
    sign * (a.ts - b.ts || a.artifact - b.artifact || a.id - b.id);
  const heap = new Heap<Entry<R>>(before);
  const open = (f: LogFile): void => {
    const span = spanOf(db, f, p, cursor);
    if (!span) return;
    const reader = new LogReader(db, f, span, p.order, read);
    const h = reader.head();
    if (h) heap.push({ ts: h.ts, artifact: f.artifact, id: h.row.id, reader });
  };
  const { waiting, startsAt } = waitingLogs(p, cursor);
  for (const f of waiting.slice(0, startsAt)) open(f);
  let next = startsAt;
  const rows: R[] = [];
  while (rows.length < limit) {
    const top = heap.peek();
    const w = waiting[next];
    if (w && (!top || before(startOf(w, sign), top) < 0)) {
      open(w);
      next++;
      continue;
    }
    const e = heap.pop();
    if (!e) break;
    rows.push(e.reader.head()!.row);
    e.reader.take();
    const h = e.reader.head();
    if (h) heap.push({ ts: h.ts, artifact: e.artifact, id: h.row.id, reader: e.reader });
  }
  return rows;
}

/** Where a log read whole starts in the page's order: its first line (newest first: its last). */
function startOf(f: LogFile, sign: number): { ts: number; artifact: number; id: number } {
  return sign > 0 ? { ts: f.firstTs, artifact: f.artifact, id: f.first } : { ts: f.maxTs, artifact: f.artifact, id: f.last };
}

/**
 * The logs in the order they start in the page's order, and from which of them on a log starts
 * past the cursor and the time bound (read whole, when the merge reaches it); those before may
 * straddle the cursor and are placed at once.
 */
function waitingLogs(p: OrderedPage, cursor: Placed | null): { waiting: LogFile[]; startsAt: number } {
  const asc = p.order === 'asc';
  const waiting = asc ? p.files.logs : p.files.logsByEnd;
  const past = (f: LogFile): boolean => {
    const ts = asc ? f.firstTs : f.maxTs;
    if (cursor?.file) {
      const c = cursor.file.artifact;
      if (asc ? !(ts > cursor.ts || (ts === cursor.ts && f.artifact > c)) : !(ts < cursor.ts || (ts === cursor.ts && f.artifact < c))) return false;
    }
    if (asc && p.from !== null && ts < p.from) return false;
    if (!asc && p.to !== null && ts > p.to) return false;
    return true;
  };
  return { waiting, startsAt: firstWhere(0, waiting.length - 1, (i) => past(waiting[i])) };
}

/** The text files' lines of the query, file after file (their id order), from the cursor on. */
function readText<R extends RowInOrder>(p: OrderedPage, cursor: Placed | null, read: ReadLines<R>, limit: number): R[] {
  const asc = p.order === 'asc';
  const runs = asc ? p.files.textRuns : [...p.files.textRuns].reverse();
  const rows: R[] = [];
  for (const run of runs) {
    if (rows.length >= limit) break;
    let { first, last } = run;
    if (cursor) {
      const own = cursor.inclusive ? cursor.id : cursor.id + (asc ? 1 : -1);
      if (asc) first = Math.max(first, own);
      else last = Math.min(last, own);
    }
    if (first > last) continue;
    append(rows, read({ first, last }, p.order, limit - rows.length));
  }
  return rows;
}

/** Adds `more` to `rows` (a page may be larger than the arguments a spread can pass). */
export function append<T>(rows: T[], more: readonly T[]): void {
  for (const r of more) rows.push(r);
}

/** A binary min-heap under `before`. */
class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly before: (a: T, b: T) => number) {}

  push(x: T): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (this.before(a[i], a[up]) >= 0) break;
      [a[i], a[up]] = [a[up], a[i]];
      i = up;
    }
  }

  peek(): T | undefined {
    return this.items[0];
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.before(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
