import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import { storedBlock } from '../store/stored-block';
import { startFencedWorker, terminateFenced } from '../workers/zlib-fence';

/**
 * Deflates the raw chunks of small artifacts (a node's thousands of pod logs) on a worker thread.
 * On the ingest's thread they cost about a sixth of a churning node's reading (0.5 s of 2.3 s), and
 * libuv's pool is no cheaper there: its per-call stream costs as much as the deflate itself. Chunks
 * are sent in batches; each comes back to this thread, which stores it (the workspace has one writer).
 * Without the compiled worker script (tests from TypeScript sources) chunks are deflated here.
 */
const WORKER_SCRIPT = path.join(__dirname, 'chunk-deflate-worker.js');
/** Bytes sent in one batch: a pod log is a few KB, so one message carries dozens. */
const BATCH_BYTES = 256 * 1024;
/**
 * Pieces sent in one batch, whatever their bytes: a batch of thousands of 200-byte files waited for
 * 256 KB, then was deflated while the reading had ended and waited for it.
 */
const BATCH_PIECES = 256;
/**
 * Pieces up to this size are stored as they are, in a deflate stream of one uncompressed block, on
 * the calling thread. zlib costs about 9 us a call whatever the piece, and a sosreport's sysfs values
 * (15,000 of its 18,400 files are under 64 bytes) would not shrink anyway.
 */
export const STORED_MAX_BYTES = 128;
/** Bytes handed over and not yet stored: past it, deflate() waits for a batch to come back. */
const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024;
/** zlib level for stored chunks: the fastest, chunks are read back rarely (quotes, the file view). */
export const CHUNK_DEFLATE_LEVEL = 1;

/**
 * zlib's options for one piece of `bytes`: output buffers under 4 KB, which Node cuts from its shared
 * pool, not zlib's default of 16 KB each. The deflate thread makes few JavaScript objects, so V8 frees
 * its buffers only once 64 MB of them are garbage: a sosreport's 18,000 small files (a 16 KB buffer
 * each, for a few hundred bytes of output) held 117 MB there, and the ingest peaked at 365-376 MB
 * instead of 227-248 MB. Pooled, the garbage is the size of the deflated bytes.
 */
const POOLED_BYTES = Buffer.poolSize / 2 - 1;

export function deflateOptions(bytes: number): zlib.ZlibOptions {
  return { level: CHUNK_DEFLATE_LEVEL, chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, Math.min(POOLED_BYTES, bytes + (bytes >> 10) + 64)) };
}

/**
 * A batch travels as one buffer and the lengths of its pieces, transferred, not cloned: cloning a
 * piece would copy the whole buffer it is a view of (a decompressed block many times its size).
 */
export interface PackedPieces {
  bytes: Uint8Array<ArrayBuffer>;
  lengths: number[];
}
export type ToDeflateWorker = { type: 'batch'; id: number; pieces: PackedPieces };
export type FromDeflateWorker = { type: 'deflated'; id: number; data: PackedPieces } | { type: 'error'; id: number; message: string };

/** Pieces copied end to end into one buffer of their own (transferable). */
export function packPieces(pieces: Uint8Array[]): PackedPieces {
  const bytes = new Uint8Array(new ArrayBuffer(pieces.reduce((n, p) => n + p.length, 0)));
  let at = 0;
  for (const p of pieces) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, lengths: pieces.map((p) => p.length) };
}

/** The pieces of a packed batch, as views of its buffer. */
export function unpackPieces(packed: PackedPieces): Buffer[] {
  const out: Buffer[] = [];
  let at = packed.bytes.byteOffset;
  for (const n of packed.lengths) {
    out.push(Buffer.from(packed.bytes.buffer, at, n));
    at += n;
  }
  return out;
}

/** Stores one deflated chunk: called on the ingest's thread, inside its open transaction. */
export type StoreDeflated = (data: Buffer) => void;

export interface ChunkDeflater {
  /**
   * Deflates `piece`, then calls store(). Returns a promise only when the caller must wait (too many
   * bytes in flight): a sosreport's thousands of small files go through without one each.
   */
  deflate(piece: Buffer, store: StoreDeflated): Promise<void> | undefined;
  /** Every chunk handed in is stored; throws the first failure. */
  settle(): Promise<void>;
  /** Stops the worker; results still on their way are dropped (after settle(), there are none). */
  close(): Promise<void>;
}

export function chunkDeflater(): ChunkDeflater {
  return fs.existsSync(WORKER_SCRIPT) ? new WorkerDeflater() : inlineDeflater();
}

function inlineDeflater(): ChunkDeflater {
  return {
    deflate: (piece, store) => {
      store(piece.length <= STORED_MAX_BYTES ? storedBlock(piece) : zlib.deflateRawSync(piece, deflateOptions(piece.length)));
      return undefined;
    },
    settle: async () => {},
    close: async () => {},
  };
}

interface Batch {
  pieces: Buffer[];
  stores: StoreDeflated[];
  bytes: number;
}

class WorkerDeflater implements ChunkDeflater {
  private worker: Worker | null = null;
  private batch: Batch = emptyBatch();
  private nextId = 1;
  /**
   * Batches sent, by id, until they come back: their stores, not their pieces. A piece is a view of the
   * block it was read in (1 MB of a gunzipped archive holds hundreds of small files), so a piece kept
   * until its batch came back kept that whole block. With this thread at the lowest priority, and so
   * further behind, a cluster's 500 listings (the hostile bench) peaked at 330-349 MB instead of
   * 311-327; with only the stores kept, at 307-325 MB.
   */
  private readonly sent = new Map<number, Omit<Batch, 'pieces'>>();
  private inFlightBytes = 0;
  private failure: Error | null = null;
  private closed = false;
  /** Callers waiting for a batch to come back (or a failure, or close). */
  private waiters: (() => void)[] = [];

  deflate(piece: Buffer, store: StoreDeflated): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (piece.length <= STORED_MAX_BYTES) {
      store(storedBlock(piece));
      return undefined;
    }
    this.batch.pieces.push(piece);
    this.batch.stores.push(store);
    this.batch.bytes += piece.length;
    this.inFlightBytes += piece.length;
    if (this.batch.bytes >= BATCH_BYTES || this.batch.pieces.length >= BATCH_PIECES) this.send();
    return this.tooMuchInFlight() ? this.roomInFlight() : undefined;
  }

  private tooMuchInFlight(): boolean {
    return this.inFlightBytes > MAX_IN_FLIGHT_BYTES && this.sent.size > 0 && !this.failure;
  }

  private async roomInFlight(): Promise<void> {
    while (this.tooMuchInFlight()) await this.nextReturn();
    if (this.failure) throw this.failure;
  }

  async settle(): Promise<void> {
    this.send();
    while (this.sent.size > 0 && !this.failure) await this.nextReturn();
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sent.clear();
    this.wake();
    if (this.worker) await terminateFenced(this.worker);
    this.worker = null;
  }

  private send(): void {
    const batch = this.batch;
    if (batch.pieces.length === 0 || this.closed) return;
    this.batch = emptyBatch();
    const id = this.nextId++;
    this.sent.set(id, { stores: batch.stores, bytes: batch.bytes });
    const pieces = packPieces(batch.pieces);
    this.started().postMessage({ type: 'batch', id, pieces } satisfies ToDeflateWorker, [pieces.bytes.buffer]);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startFencedWorker(WORKER_SCRIPT, {}, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    worker.unref();
    worker.on('message', (m: FromDeflateWorker) => this.received(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => {
      if (!this.closed) this.fail(new Error('the chunk deflating thread stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private received(m: FromDeflateWorker): void {
    const batch = this.sent.get(m.id);
    if (!batch || this.closed) return;
    if (m.type === 'error') return this.fail(new Error(`could not deflate a chunk: ${m.message}`));
    this.sent.delete(m.id);
    this.inFlightBytes -= batch.bytes;
    try {
      unpackPieces(m.data).forEach((d, i) => batch.stores[i]?.(d));
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
    }
    this.wake();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake();
  }

  private nextReturn(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Lets every waiter look again. */
  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}

function emptyBatch(): Batch {
  return { pieces: [], stores: [], bytes: 0 };
}
