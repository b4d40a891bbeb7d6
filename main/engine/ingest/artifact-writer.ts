import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { LogContext, LogFormat } from '../logs/format';
import { LEVEL_CODES } from '../logs/format';
import { CHUNK_BYTES } from '../store/artifacts';
import type Database from 'better-sqlite3';
import type { Db } from '../store/workspace';
import { CHUNK_DEFLATE_LEVEL, chunkDeflater } from './chunk-deflater';
import { LineSplitter } from './line-splitter';

const deflateRaw = promisify(zlib.deflateRaw);
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
type LineRow = TimedRow | PlainRow;

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

const MAX_PENDING_CHUNKS = 4;
/**
 * Chunks up to this size (a node's thousands of small pod logs) go to the chunk deflater's thread in
 * batches; larger ones to libuv's pool, one call each.
 */
const SMALL_CHUNK_BYTES = 64 * 1024;

/** How one artifact's lines are indexed: the format parses time/source/level; null = plain text lines. */
export interface LineIndexing {
  format: LogFormat | null;
  context: LogContext;
  /** Source used when the format gives none (the file name). */
  fallbackSource: string;
}

export interface WrittenArtifact {
  id: number;
  bytes: number;
  sha256: string;
  lineCount: number;
}

/**
 * Shared prepared statements, id counters and the pending log lines of one ingest. Lines of every
 * artifact go into one batch, so a node's thousands of 30-line pod logs are inserted in multi-row
 * statements too: flushLines() before anything reads log_lines or commits.
 */
export class ArtifactStore {
  readonly insertArtifact;
  readonly finishArtifact;
  readonly insertChunk;
  readonly deflater = chunkDeflater();
  /** The id the next line added gets. */
  nextLogId: number;
  /** The id of the last line inserted (nextLogId - 1 once every batch is flushed). */
  private insertedTo: number;
  private readonly timed: LineInserts;
  private readonly plain: LineInserts;
  private batch: LineRow[] = [];
  private batchChars = 0;

  constructor(
    readonly db: Db,
    bundleId: number,
  ) {
    if (!Number.isSafeInteger(bundleId)) throw new Error(`bundle id ${bundleId} is not an integer`);
    this.insertArtifact = db.prepare(
      'INSERT INTO artifacts (bundle_id, path, kind, kind_guessed, bytes, sha256, item_json) VALUES (?, ?, ?, ?, 0, \'\', ?)',
    );
    this.finishArtifact = db.prepare(
      'UPDATE artifacts SET bytes = ?, sha256 = ?, line_count = ?, truncated = ? WHERE id = ?',
    );
    this.insertChunk = db.prepare('INSERT INTO artifact_chunks (artifact_id, seq, data) VALUES (?, ?, ?)');
    this.timed = lineInserts(db, bundleId, TIMED);
    this.plain = lineInserts(db, bundleId, PLAIN);
    const max = db.prepare('SELECT max(id) AS m FROM log_lines').get() as { m: number | null };
    this.insertedTo = max.m ?? 0;
    this.nextLogId = this.insertedTo + 1;
  }

  /** Adds one line, under the id nextLogId (then the next). */
  addLine(row: LineRow, chars: number): void {
    this.nextLogId++;
    this.batch.push(row);
    this.batchChars += chars;
    if (this.batch.length >= LOG_BATCH || this.batchChars >= LOG_BATCH_CHARS) this.flushLines();
  }

  /** Inserts the pending lines, in the order they were added: each run of one shape in multi-row INSERTs. */
  flushLines(): void {
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

  /** Every small chunk handed to the deflater is stored: before the reading's last commit. */
  settle(): Promise<void> {
    return this.deflater.settle();
  }

  /** Stops the deflater's thread (after settle(), or to drop what it still holds on a rollback). */
  close(): Promise<void> {
    return this.deflater.close();
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

function lineInserts(db: Db, bundleId: number, shape: LineShape): LineInserts {
  const row = `(${bundleId}, ${Array(shape.count).fill('?').join(', ')})`;
  const into = `INSERT INTO log_lines (bundle_id, ${shape.columns}) VALUES`;
  return {
    one: db.prepare(`${into} ${row}`),
    many: db.prepare(`${into} ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`),
    params: new Array<unknown>(ROWS_PER_INSERT * shape.count),
  };
}

/**
 * Streams one artifact into the workspace: raw bytes deflated in chunks (for byte-exact quotes), and,
 * for logs, one row per line. Memory: one chunk plus one batch of lines, whatever the artifact's size.
 */
export class ArtifactWriter {
  private readonly hash = crypto.createHash('sha256');
  private bytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private inflight: Promise<void>[] = [];
  private readonly splitter: LineSplitter | null;
  /** Time of the last stamped line: a continuation line (stack trace, wrapped message) inherits it. */
  private lastTs: number | null = null;
  /** Whole content kept for indexers (profiles), when asked for. */
  private readonly kept: Buffer[] | null;

  constructor(
    private readonly store: ArtifactStore,
    readonly artifactId: number,
    lines: LineIndexing | null,
    keepContent: boolean,
  ) {
    this.splitter = lines ? new LineSplitter((ls, first) => this.indexLines(ls, first, lines)) : null;
    this.kept = keepContent ? [] : null;
  }

  async push(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.kept?.push(chunk);
    this.splitter?.push(chunk);
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= CHUNK_BYTES) await this.flushChunk(CHUNK_BYTES);
  }

  async finish(truncated: boolean): Promise<WrittenArtifact & { content: Buffer | null }> {
    if (this.pendingBytes > 0) await this.flushChunk(this.pendingBytes);
    await Promise.all(this.inflight);
    this.splitter?.end();
    const sha256 = this.hash.digest('hex');
    const lineCount = this.splitter?.lines ?? 0;
    this.store.finishArtifact.run(this.bytes, sha256, lineCount, truncated ? 1 : 0, this.artifactId);
    return {
      id: this.artifactId,
      bytes: this.bytes,
      sha256,
      lineCount,
      content: this.kept ? Buffer.concat(this.kept) : null,
    };
  }

  /** Waits for chunks still being deflated, so none lands after the caller rolls back. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inflight);
  }

  private async flushChunk(size: number): Promise<void> {
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const piece = all.subarray(0, size);
    const rest = all.subarray(size);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    const seq = this.seq++;
    if (piece.length <= SMALL_CHUNK_BYTES) {
      const { store, artifactId } = this;
      await store.deflater.deflate(piece, (data) => store.insertChunk.run(artifactId, seq, data));
      return;
    }
    // Deflate runs on libuv's pool, overlapping the line parsing on this thread.
    const job = deflateRaw(piece, { level: CHUNK_DEFLATE_LEVEL }).then((data) => {
      this.store.insertChunk.run(this.artifactId, seq, data);
    });
    this.inflight.push(job);
    if (this.inflight.length >= MAX_PENDING_CHUNKS) {
      await this.inflight.shift();
    }
  }

  private indexLines(lines: string[], firstLineNo: number, how: LineIndexing): void {
    const { format, context, fallbackSource } = how;
    const { store, artifactId } = this;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      if (text === '') continue;
      if (!format) {
        store.addLine([artifactId, firstLineNo + i, fallbackSource, text], text.length);
        continue;
      }
      const p = format.parse(text, context);
      const ts = p.ts ?? this.lastTs;
      this.lastTs = ts;
      const level = p.level === null ? null : LEVEL_CODES[p.level];
      store.addLine([artifactId, firstLineNo + i, ts, p.source ?? fallbackSource, level, text, p.messageAt ?? 0], text.length);
    }
  }
}
