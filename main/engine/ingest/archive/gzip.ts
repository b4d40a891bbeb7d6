/**
 * A tolerant gunzip, read the way `gzip -dc | tar` reads: concatenated members are joined, bytes after
 * the last member are ignored, and on truncation or corruption every byte decoded before the damage is
 * still yielded (node's Gunzip stream drops the output of the call that fails). Memory is bounded by
 * one input slice's expansion (plus 4 MiB): the consumer pulls, and the next slice is decoded while it
 * takes the output of one that expanded less than that.
 */
import zlib from 'node:zlib';
import { ByteReader } from './byte-reader';
import type { DecodedStream, DecodeProblem } from './decoded';

/** Compressed bytes fed to the inflater per step: its output (≤ 1032× this) is all that is held. */
const SLICE = 64 * 1024;
/**
 * A slice whose output is at most this is consumed while the next one decodes: the ingest thread
 * waited for every slice's decoding (a churning node's 36 MB, 0.25 s of gunzip on the pool).
 */
const READ_AHEAD_MAX_OUTPUT = 4 * 1024 * 1024;
/**
 * Output buffer of the inflater: each one it fills is a round trip through libuv's pool. One slice
 * usually expands to a few hundred KB, so 64 KB buffers made several round trips a slice, during which
 * the ingest thread waited (a churning node reached findings 90 ms sooner with 1 MB).
 */
const OUTPUT_CHUNK = 1024 * 1024;
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Reads the compressed input again from a byte offset (a file can): lets a corrupt member be re-decoded finely. */
export type Reopen = (offset: number) => AsyncIterable<Buffer>;

/**
 * `reopen`, when given, is used once, on corrupt data: the damaged member is decoded again up to the
 * damage in small steps, so that what precedes the damage is kept to within a few bytes, as gzip does.
 */
export function gunzipStream(input: AsyncIterable<Buffer>, reopen?: Reopen): DecodedStream {
  let problem: DecodeProblem | null = null;
  async function* decode(): AsyncGenerator<Buffer> {
    const r = new ByteReader(input);
    try {
      for (let member = 1; ; member++) {
        const at = r.offset;
        const magic = await r.peek(2);
        if (member > 1 && magic.length === 0) return;
        if (!isGzip(magic)) {
          problem =
            member === 1
              ? { kind: 'corrupt', message: 'gzip data is corrupt: not gzip data' }
              : { kind: 'trailing', message: `bytes after the gzip data (from byte ${at}) were ignored` };
          return;
        }
        const header = await readHeader(r);
        if (header) {
          problem =
            header === 'truncated'
              ? { kind: 'truncated', message: `archive is truncated: the file ends inside the header of gzip member ${member} (byte ${at})` }
              : { kind: 'corrupt', message: `gzip data is corrupt: gzip member ${member} at byte ${at}: ${header}` };
          return;
        }
        const inflated = yield* inflateMember(r, member, reopen);
        if (inflated) {
          problem = inflated;
          return;
        }
      }
    } finally {
      await r.close();
    }
  }
  return { [Symbol.asyncIterator]: decode, problem: () => problem };
}

/** Reads a member header (RFC 1952 §2.3); returns what is wrong with it, or null. */
async function readHeader(r: ByteReader): Promise<string | null> {
  const h = await r.read(10);
  if (h.length < 10) return 'truncated';
  if (h[2] !== 8) return `unknown compression method ${h[2]}`;
  const flags = h[3];
  if (flags & 0xe0) return `reserved header flags set (0x${flags.toString(16)})`;
  if (flags & FEXTRA) {
    const len = await r.read(2);
    if (len.length < 2) return 'truncated';
    const n = len.readUInt16LE(0);
    if ((await r.skip(n)) < n) return 'truncated';
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    // A zero-terminated string: scanned chunk by chunk, never kept.
    for (;;) {
      const c = await r.take(SLICE);
      if (c.length === 0) return 'truncated';
      const nul = c.indexOf(0);
      if (nul >= 0) {
        r.unread(c.subarray(nul + 1));
        break;
      }
    }
  }
  if (flags & FHCRC && (await r.skip(2)) < 2) return 'truncated';
  return null;
}

/** Inflates one member's deflate data and checks its trailer; returns the problem, or null. */
async function* inflateMember(r: ByteReader, member: number, reopen?: Reopen): AsyncGenerator<Buffer, DecodeProblem | null> {
  const start = r.offset;
  const inflater = new Inflater(OUTPUT_CHUNK);
  let crc = 0;
  let size = 0;
  let complete = false;
  const deliver = function* (chunks: Buffer[]): Generator<Buffer> {
    for (const c of chunks) {
      crc = zlib.crc32(c, crc);
      size += c.length;
      yield c;
    }
  };
  try {
    let sliceAt = r.offset;
    let slice = await r.take(SLICE);
    let writing = slice.length ? inflater.write(slice) : null;
    while (writing) {
      const used = await writing;
      writing = null;
      const out = inflater.output();
      if (inflater.failure) {
        yield* deliver(out);
        // The failing step's output is lost: decode again, finely, what this slice held before the damage.
        if (reopen) {
          const fine = yield* redecode(reopen, start, sliceAt - start, slice.length, size);
          for (const c of fine) yield* deliver([c]);
        }
        return { kind: 'corrupt', message: `gzip data is corrupt: near byte ${sliceAt + slice.length} (${inflater.failure.message})` };
      }
      if (used < slice.length) {
        // The deflate stream ended inside this slice: the rest is the trailer and what follows it.
        r.unread(slice.subarray(used));
        complete = true;
      } else {
        // The next slice decodes on libuv's pool while the consumer takes this one's output, unless
        // this one expanded like a bomb: then one slice's output at a time, as before.
        const ahead = out.reduce((n, c) => n + c.length, 0) <= READ_AHEAD_MAX_OUTPUT;
        if (!ahead) yield* deliver(out.splice(0));
        sliceAt = r.offset;
        slice = await r.take(SLICE);
        if (slice.length) writing = inflater.write(slice);
      }
      yield* deliver(out);
    }
    await inflater.end();
    yield* deliver(inflater.output());
  } finally {
    inflater.destroy();
  }
  if (inflater.failure) return { kind: 'corrupt', message: `gzip data is corrupt: near byte ${r.offset} (${inflater.failure.message})` };
  const at = r.offset;
  const trailer = complete ? await r.read(8) : Buffer.alloc(0);
  if (trailer.length < 8) {
    return { kind: 'truncated', message: `archive is truncated: the gzip data ends at byte ${r.offset}, before the end of member ${member} (${size} bytes decoded)` };
  }
  if (trailer.readUInt32LE(0) !== crc >>> 0) {
    return { kind: 'corrupt', message: `gzip data is corrupt: member ${member}: CRC mismatch at byte ${at}: the decoded data is damaged` };
  }
  if (trailer.readUInt32LE(4) !== size % 2 ** 32) {
    return { kind: 'corrupt', message: `gzip data is corrupt: member ${member}: length mismatch at byte ${at + 4} (trailer says ${trailer.readUInt32LE(4)}, decoded ${size})` };
  }
  return null;
}

/** Step of the fine re-decode: compressed bytes per write, so that a failing write loses almost nothing. */
const FINE_STEP = 16;

/**
 * Decodes a member again from its start: quickly up to `before` compressed bytes, then the damaged
 * slice FINE_STEP bytes at a time; yields nothing, returns the output past `delivered` bytes.
 */
async function* redecode(reopen: Reopen, start: number, before: number, sliceLength: number, delivered: number): AsyncGenerator<never, Buffer[]> {
  const r = new ByteReader(reopen(start));
  const inflater = new Inflater(SLICE);
  const out: Buffer[] = [];
  let produced = 0;
  const keep = () => {
    for (const c of inflater.output()) {
      const from = Math.max(0, delivered - produced);
      produced += c.length;
      if (from < c.length) out.push(c.subarray(from));
    }
  };
  try {
    let fed = 0;
    while (fed < before + sliceLength && !inflater.failure) {
      const step = fed < before ? Math.min(SLICE, before - fed) : FINE_STEP;
      const piece = await r.take(step);
      if (piece.length === 0) break;
      fed += piece.length;
      await inflater.write(piece);
      keep();
    }
  } finally {
    inflater.destroy();
    await r.close();
  }
  return out;
}

/** node's InflateRaw driven one write at a time: output collected, failure kept instead of thrown. */
export class Inflater {
  // SYNC_FLUSH: input that ends early flushes what it decoded instead of failing and dropping it.
  private readonly z: zlib.InflateRaw;
  private chunks: Buffer[] = [];
  failure: Error | null = null;

  constructor(chunkSize: number) {
    this.z = zlib.createInflateRaw({ chunkSize, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    this.z.on('data', (c: Buffer) => this.chunks.push(c));
    this.z.on('error', (e: Error) => (this.failure = e));
  }

  /** Feeds bytes; returns how many the deflate stream consumed (fewer once it has ended). */
  async write(data: Buffer): Promise<number> {
    const before = this.z.bytesWritten;
    await step(this.z, (done) => this.z.write(data, () => done()));
    return this.z.bytesWritten - before;
  }

  async end(): Promise<void> {
    if (!this.failure) await step(this.z, (done) => this.z.end(done));
  }

  output(): Buffer[] {
    const out = this.chunks;
    this.chunks = [];
    return out;
  }

  destroy(): void {
    this.z.destroy();
  }
}

/** Runs one write/end on the inflater and waits for it, or for its error. */
function step(inflater: zlib.InflateRaw, act: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const onError = () => resolve();
    inflater.once('error', onError);
    act(() => {
      inflater.off('error', onError);
      resolve();
    });
  });
}

/** A gzip in memory that expands past its bound (a decompression bomb, or a file too big to hold). */
export class GzipBoundError extends Error {}

/**
 * Gunzips bytes held in memory, stopping (and freeing) as soon as the output passes
 * min(max, max(floor, ratio × input)): memory stays near the floor whatever the bytes claim.
 */
export function gunzipBounded(bytes: Uint8Array, bound: { ratio: number; floor: number; max: number }): Buffer {
  const cap = Math.min(bound.max, Math.max(bound.floor, bytes.byteLength * bound.ratio));
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: cap });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new GzipBoundError(`the gzip data expands past ${cap} bytes (more than ${bound.ratio}:1 from ${bytes.byteLength}): a decompression bomb, not read`);
    }
    throw e;
  }
}
