import type Database from 'better-sqlite3';
import type { Db } from '../store/workspace';

/** Lines held before they are inserted. */
const LOG_BATCH = 1024;
/** A batch is flushed at this many characters of text too: 1024 lines of 64 KB would hold 64 MB. */
const LOG_BATCH_CHARS = 2 ** 20;
/** Rows per multi-row INSERT: fewer statement runs for the same rows. */
const ROWS_PER_INSERT = 32;

/**
 * A pending log_lines row of a log (a format read its time, source and level), in TIMED's column order.
 * The row's id and bundle are not bound: see LineShape.
 */
type TimedRow = [artifactId: number, line: number, ts: number | null, source: string, level: number | null, text: string, msg: number];
/** A pending row of plain text (command output, a /proc file): its time, level and message offset stay empty. */
type PlainRow = [artifactId: number, line: number, source: string, text: string];
export type LineRow = TimedRow | PlainRow;

/**
 * The columns one kind of row binds. The id is left to SQLite, which appends each row after the table's
 * last (its rowid is max + 1, as nextLogId counts): an explicit id was looked up first. The bundle is
 * written into the statement. Each bound value costs a call through the binding: a sosreport's 795k
 * plain lines bound 9 values each and took 2.1-2.4 s of CPU to insert, 1.6-1.7 s with these 4.
 */
interface LineShape {
  columns: string;
  count: number;
}
const TIMED: LineShape = { columns: 'artifact_id, line, ts, source, level, text, msg', count: 7 };
const PLAIN: LineShape = { columns: 'artifact_id, line, source, text', count: 4 };

/** The single-row and ROWS_PER_INSERT-row INSERTs of one shape, and the reused parameters of the latter. */
interface LineInserts {
  one: Database.Statement;
  many: Database.Statement;
  params: unknown[];
}

/**
 * The log lines of one ingest on their way into log_lines, and their ids. Lines of every artifact go
 * into one batch, so a node's thousands of 30-line pod logs are inserted in multi-row statements too:
 * flush() before anything reads log_lines or commits.
 */
export class LineStore {
  /** The id the next line added gets. */
  nextLogId: number;
  /** The id of the last line inserted (nextLogId - 1 once every batch is flushed). */
  private insertedTo: number;
  private readonly timed: LineInserts;
  private readonly plain: LineInserts;
  private batch: LineRow[] = [];
  private batchChars = 0;

  constructor(db: Db, bundleId: number) {
    if (!Number.isSafeInteger(bundleId)) throw new Error(`bundle id ${bundleId} is not an integer`);
    this.timed = lineInserts(db, bundleId, TIMED);
    this.plain = lineInserts(db, bundleId, PLAIN);
    const max = db.prepare('SELECT max(id) AS m FROM log_lines').get() as { m: number | null };
    this.insertedTo = max.m ?? 0;
    this.nextLogId = this.insertedTo + 1;
  }

  /** Adds one line, under the id nextLogId (then the next). */
  add(row: LineRow, chars: number): void {
    this.nextLogId++;
    this.batch.push(row);
    this.batchChars += chars;
    if (this.batch.length >= LOG_BATCH || this.batchChars >= LOG_BATCH_CHARS) this.flush();
  }

  /** Inserts the pending lines, in the order they were added: each run of one shape in multi-row INSERTs. */
  flush(): void {
    const rows = this.batch;
    if (!rows.length) return;
    this.batch = [];
    this.batchChars = 0;
    let lastId = 0;
    for (let from = 0; from < rows.length; ) {
      const shape = rows[from].length === PLAIN.count ? PLAIN : TIMED;
      let to = from + 1;
      while (to < rows.length && rows[to].length === shape.count) to++;
      lastId = this.insertRun(rows, from, to, shape);
      from = to;
    }
    // SQLite numbered the rows after the table's last one: they must be the ids the ingest handed out.
    this.insertedTo += rows.length;
    if (lastId !== this.insertedTo) throw new Error(`log line ids out of step: line ${this.insertedTo} was stored as ${lastId}`);
  }

  /** Inserts rows[from, to), all of one shape; returns the rowid of the last. */
  private insertRun(rows: LineRow[], from: number, to: number, shape: LineShape): number {
    const inserts = shape === PLAIN ? this.plain : this.timed;
    let last: number | bigint = 0;
    let i = from;
    for (; i + ROWS_PER_INSERT <= to; i += ROWS_PER_INSERT) last = inserts.many.run(paramsOf(inserts.params, rows, i, shape.count)).lastInsertRowid;
    for (; i < to; i++) last = inserts.one.run(rows[i]).lastInsertRowid;
    return Number(last);
  }
}

/**
 * The parameters of one multi-row INSERT, copied into one reused array: `slice().flat()` cost a third
 * of the inserts' time on a churning node's 140k lines.
 */
function paramsOf(params: unknown[], rows: LineRow[], from: number, count: number): unknown[] {
  let k = 0;
  for (let r = from; r < from + ROWS_PER_INSERT; r++) {
    const row = rows[r];
    for (let c = 0; c < count; c++) params[k++] = row[c];
  }
  return params;
}

/**
 * OR FAIL: SQLite runs a statement that writes several rows and may abort halfway (a NOT NULL column's
 * default, ABORT) in a statement transaction, which first copies every page it changes into a
 * statement journal. With 16 KiB pages a 32-row INSERT's journal passed SQLite's 64 KiB spill into a
 * temporary file: 690 MB written for a 134 MB bundle. With FAIL (and the foreign keys off while the
 * entries are read) there is no statement journal. A failing row still throws, and the ingest then
 * deletes its whole stage: nothing needs the statement's own rollback.
 */
function lineInserts(db: Db, bundleId: number, shape: LineShape): LineInserts {
  const row = `(${bundleId}, ${Array(shape.count).fill('?').join(', ')})`;
  const into = `INSERT OR FAIL INTO log_lines (bundle_id, ${shape.columns}) VALUES`;
  return {
    one: db.prepare(`${into} ${row}`),
    many: db.prepare(`${into} ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`),
    params: new Array<unknown>(ROWS_PER_INSERT * shape.count),
  };
}
