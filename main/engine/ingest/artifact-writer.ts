import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { LogContext, LogFormat } from '../logs/format';
import { LEVEL_CODES } from '../logs/format';
import { CHUNK_BYTES } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { CHUNK_DEFLATE_LEVEL, chunkDeflater } from './chunk-deflater';
import { ContentHash } from './content-hash';
import { LineSplitter } from './line-splitter';
import { LineStore } from './line-store';
import { LogSummary } from './log-summary';
import { Utf16ToUtf8, type Utf16 } from './utf16';

const deflateRaw = promisify(zlib.deflateRaw);
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
  /** The text's encoding when it is not UTF-8: its lines are indexed as UTF-8. */
  utf16?: Utf16;
}

/** An artifact's row as the entry's name and kind make it, before its content is read. */
export interface NewArtifact {
  path: string;
  kind: string;
  kindGuessed: boolean;
  itemJson: string | null;
}

export interface WrittenArtifact {
  id: number;
  bytes: number;
  sha256: string;
  lineCount: number;
}

/** What the writer learnt of an artifact's content, for its row; `summary` null when no line of it is indexed. */
interface WrittenRow {
  bytes: number;
  sha256: string;
  lineCount: number;
  truncated: boolean;
  summary: LogSummary | null;
}

/** log_first_ts, log_max_ts, log_steps_back, log_block_latest, log_first_id and log_last_id of an artifact's row. */
function summaryColumns(summary: LogSummary | null): (number | Buffer | null)[] {
  return summary ? [...summary.timeColumns(), ...summary.idColumns()] : [null, null, null, null, null, null];
}

/** A written artifact, with its content when the writer was asked to keep it. */
export type FinishedArtifact = WrittenArtifact & { content: Buffer | null };

/**
 * Shared prepared statements, the chunk deflater and the line store of one ingest. Artifact ids are
 * handed out here, in order after the table's last (as SQLite would number the rows: one ingest writes
 * at a time), so that a row can be written once its content is read, under the id its chunks and lines
 * already name.
 */
export class ArtifactStore {
  private readonly startArtifact;
  private readonly wholeArtifact;
  private readonly finishArtifact;
  readonly insertChunk;
  readonly deflater = chunkDeflater();
  readonly lines: LineStore;
  private nextId: number;

  constructor(
    readonly db: Db,
    bundleId: number,
  ) {
    if (!Number.isSafeInteger(bundleId)) throw new Error(`bundle id ${bundleId} is not an integer`);
    this.startArtifact = db.prepare(
      `INSERT INTO artifacts (id, bundle_id, path, kind, kind_guessed, bytes, sha256, item_json) VALUES (?, ${bundleId}, ?, ?, ?, 0, '', ?)`,
    );
    this.wholeArtifact = db.prepare(
      `INSERT INTO artifacts (id, bundle_id, path, kind, kind_guessed, bytes, sha256, line_count, truncated, item_json, log_first_ts, log_max_ts, log_steps_back, log_block_latest, log_first_id, log_last_id)
       VALUES (?, ${bundleId}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.finishArtifact = db.prepare(
      'UPDATE artifacts SET bytes = ?, sha256 = ?, line_count = ?, truncated = ?, log_first_ts = ?, log_max_ts = ?, log_steps_back = ?, log_block_latest = ?, log_first_id = ?, log_last_id = ? WHERE id = ?',
    );
    this.insertChunk = db.prepare('INSERT INTO artifact_chunks (artifact_id, seq, data) VALUES (?, ?, ?)');
    this.lines = new LineStore(db, bundleId);
    this.nextId = ((db.prepare('SELECT max(id) FROM artifacts').pluck().get() as number | null) ?? 0) + 1;
  }

  /** Inserts the row of an artifact whose content streams in (finished by its writer); returns its id. */
  insertArtifact(row: NewArtifact): number {
    const id = this.reserveId();
    this.startArtifact.run(id, row.path, row.kind, row.kindGuessed ? 1 : 0, row.itemJson);
    return id;
  }

  /** The id of an artifact whose row its writer inserts whole when it finishes. */
  reserveId(): number {
    return this.nextId++;
  }

  /** The whole row of an artifact read at once, in one statement instead of an insert and an update. */
  insertWhole(id: number, row: NewArtifact, written: WrittenRow): void {
    this.wholeArtifact.run(id, row.path, row.kind, row.kindGuessed ? 1 : 0, written.bytes, written.sha256, written.lineCount, written.truncated ? 1 : 0, row.itemJson, ...summaryColumns(written.summary));
  }

  /** The row of an artifact inserted when its content began, completed. */
  finishRow(id: number, written: WrittenRow): void {
    this.finishArtifact.run(written.bytes, written.sha256, written.lineCount, written.truncated ? 1 : 0, ...summaryColumns(written.summary), id);
  }

  /** Every small chunk handed to the deflater is stored: before the reading's last commit. */
  settle(): Promise<void> {
    return this.deflater.settle();
  }

  /** Stops the deflater's thread (after settle(), or to drop what it still holds on a rollback). */
  close(): Promise<void> {
    return this.deflater.close();
  }
}

/**
 * Streams one artifact into the workspace: raw bytes deflated in chunks (for byte-exact quotes), and,
 * for logs, one row per line. Memory: one chunk plus one batch of lines, whatever the artifact's size.
 */
export class ArtifactWriter {
  private readonly hash = new ContentHash();
  private bytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private inflight: Promise<void>[] = [];
  private readonly splitter: LineSplitter | null;
  private readonly utf16: Utf16ToUtf8 | null;
  /** Time of the last stamped line: a continuation line (stack trace, wrapped message) inherits it. */
  private lastTs: number | null = null;
  /** Whole content kept for indexers (profiles) or the listing parser, when asked for; null past keepUpTo. */
  private kept: Buffer[] | null;
  /** The summary of the lines (their ids and times), when the artifact's lines are indexed. */
  private readonly summary: LogSummary | null;

  constructor(
    private readonly store: ArtifactStore,
    readonly artifactId: number,
    lines: LineIndexing | null,
    /** Bytes of content to keep for the caller (0: none); an artifact past it is not kept at all. */
    private readonly keepUpTo: number,
    /** The row to insert when the writer finishes (an id from reserveId()); null: its row is in already. */
    private readonly unwrittenRow: NewArtifact | null = null,
  ) {
    this.splitter = lines ? new LineSplitter((ls, first) => this.indexLines(ls, first, lines)) : null;
    this.utf16 = lines?.utf16 ? new Utf16ToUtf8(lines.utf16) : null;
    this.kept = keepUpTo > 0 ? [] : null;
    this.summary = lines ? new LogSummary() : null;
  }

  async push(chunk: Buffer): Promise<void> {
    this.hold(chunk);
    while (this.pendingBytes >= CHUNK_BYTES) await this.flushChunk(CHUNK_BYTES);
  }

  /**
   * Takes content that stays under one chunk in all (a file read whole, smaller than CHUNK_BYTES): it
   * is stored by finish(), so nothing waits here.
   */
  add(chunk: Buffer): void {
    if (this.pendingBytes + chunk.length >= CHUNK_BYTES) throw new Error('content of a chunk or more is pushed, not added');
    this.hold(chunk);
  }

  /** Hashes, keeps and splits a piece, and leaves it pending for the next chunk. */
  private hold(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.kept && this.bytes <= this.keepUpTo) this.kept.push(chunk);
    else this.kept = null;
    this.splitter?.push(this.utf16 ? this.utf16.push(chunk) : chunk);
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /**
   * Stores what is left and the artifact's row. `deflated`: a raw deflate stream of the whole content,
   * when it came from one (deflated-content.ts); an artifact of one chunk stores it as that chunk.
   * Returns a promise only when a chunk is still being deflated or the deflater is behind: a small
   * file's last chunk is stored (or handed over) at once.
   */
  finish(truncated: boolean, deflated?: Buffer): FinishedArtifact | Promise<FinishedArtifact> {
    // Nothing flushed yet (all the content pending): the artifact is that one stream's chunk.
    let storing: Promise<void> | undefined;
    if (deflated && !truncated && this.bytes > 0 && this.pendingBytes === this.bytes) this.storeDeflated(deflated);
    else if (this.pendingBytes > 0) storing = this.flushChunk(this.pendingBytes);
    if (storing || this.inflight.length) return this.finishStored(storing, truncated);
    return this.finishRow(truncated);
  }

  private async finishStored(storing: Promise<void> | undefined, truncated: boolean): Promise<FinishedArtifact> {
    await storing;
    await Promise.all(this.inflight);
    return this.finishRow(truncated);
  }

  /** The last line, the hash, and the artifact's row, once every chunk is stored or handed over. */
  private finishRow(truncated: boolean): FinishedArtifact {
    if (this.utf16) this.splitter?.push(this.utf16.end());
    this.splitter?.end();
    const sha256 = this.hash.digest();
    const lineCount = this.splitter?.lines ?? 0;
    const written = { bytes: this.bytes, sha256, lineCount, truncated, summary: this.summary };
    if (this.unwrittenRow) this.store.insertWhole(this.artifactId, this.unwrittenRow, written);
    else this.store.finishRow(this.artifactId, written);
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

  /** The whole content, still pending, stored as the raw deflate stream it came from. */
  private storeDeflated(deflated: Buffer): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.store.insertChunk.run(this.artifactId, this.seq++, deflated);
  }

  /** Hands the first `size` pending bytes over to be deflated and stored; a promise when the caller must wait. */
  private flushChunk(size: number): Promise<void> | undefined {
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const piece = all.subarray(0, size);
    const rest = all.subarray(size);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    const seq = this.seq++;
    if (piece.length <= SMALL_CHUNK_BYTES) {
      const { store, artifactId } = this;
      return store.deflater.deflate(piece, (data) => store.insertChunk.run(artifactId, seq, data));
    }
    // Deflate runs on libuv's pool, overlapping the line parsing on this thread.
    const job = deflateRaw(piece, { level: CHUNK_DEFLATE_LEVEL }).then((data) => {
      this.store.insertChunk.run(this.artifactId, seq, data);
    });
    this.inflight.push(job);
    return this.inflight.length >= MAX_PENDING_CHUNKS ? this.inflight.shift() : undefined;
  }

  private indexLines(lines: string[], firstLineNo: number, how: LineIndexing): void {
    const { format, context, fallbackSource } = how;
    const { artifactId } = this;
    const { lines: store } = this.store;
    const firstId = store.nextLogId;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      if (text === '') continue;
      if (!format) {
        store.add([artifactId, firstLineNo + i, fallbackSource, text], text.length);
        continue;
      }
      const p = format.parse(text, context);
      this.summary!.row(p.ts);
      const ts = p.ts ?? this.lastTs;
      this.lastTs = ts;
      const level = p.level === null ? null : LEVEL_CODES[p.level];
      store.add([artifactId, firstLineNo + i, ts, p.source ?? fallbackSource, level, text, p.messageAt ?? 0], text.length);
    }
    if (store.nextLogId > firstId) this.summary!.lines(firstId, store.nextLogId - 1);
  }
}
