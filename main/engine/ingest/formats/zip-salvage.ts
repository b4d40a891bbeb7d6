import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { ByteReader } from '../archive/byte-reader';
import { Inflater } from '../archive/gzip';
import type { RawEntry } from '../source';
import { DEFLATED, inflateWhole, STORED, WHOLE_OUTPUT } from './zip-deflate';

/**
 * A zip read front to back from its entries' own (local) headers, as bsdtar reads one: for a zip whose
 * directory, written last, is missing (a support bundle's download cut short). unzip and yauzl refuse
 * such a file whole. Each entry is read as its header describes it; the reading stops at the cut, at
 * the directory (the zip was whole after all), or at an entry whose end cannot be found. A stored
 * entry whose sizes follow its data ends at the data descriptor whose CRC and sizes are those of the
 * bytes before it. What a local header does not hold is not known: a symbolic link (its mode is in the
 * directory) is read as a file holding its target.
 */

const LOCAL_HEADER = 0x04034b50;
const DIRECTORY_HEADERS = new Set([0x02014b50, 0x06054b50, 0x06064b50, 0x07064b50]);
const DATA_DESCRIPTOR = 0x08074b50;
const LOCAL_HEADER_BYTES = 30;
const ENCRYPTED = 0x1;
/** Sizes and CRC follow the data (Go's archive/zip, zip writing to a pipe): its end is found by inflating. */
const SIZES_AFTER_DATA = 0x8;
const ZIP64_EXTRA = 0x0001;
const FULL = 0xffffffff;
/** Compressed bytes fed to the inflater per step, and its output buffers. */
const SLICE = 64 * 1024;
const OUTPUT_CHUNK = 1024 * 1024;

export interface SalvagedZip {
  entries: AsyncGenerator<RawEntry>;
  /** Why the reading stopped before the zip's directory: always something once the entries are read from a cut zip. */
  problem(): string | null;
}

/** One entry's local header, read. */
interface LocalEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  mtimeMs: number;
  zip64: boolean;
}

export function salvageZip(input: AsyncIterable<Buffer>): SalvagedZip {
  let problem: string | null = null;
  async function* entries(): AsyncGenerator<RawEntry> {
    const r = new ByteReader(input);
    try {
      for (;;) {
        const at = r.offset;
        const header = await readLocalHeader(r);
        if (header === 'directory') return;
        if (typeof header === 'string') {
          problem = `${header} (byte ${at})`;
          return;
        }
        const unreadable = whyUnreadable(header);
        if (unreadable) {
          problem = `the entry ${header.name} ${unreadable}: the reading stops there (byte ${at})`;
          return;
        }
        const body = new SalvagedBody(r, header);
        yield {
          name: header.name,
          type: header.name.endsWith('/') ? 'directory' : 'file',
          size: header.size,
          mtimeMs: header.mtimeMs,
          body,
          complete: () => !body.cut,
          damage: () => body.damage,
        };
        // The consumer reads or drains the body; one it stopped inside ends the reading here.
        for await (const _ of body) {
          // drain what it did not read
        }
        if (!body.finished) return;
        if (body.cut) {
          problem = `it ends inside the entry ${header.name} (byte ${r.offset}), whose start was read`;
          return;
        }
        if (body.lost) {
          problem = `the entry ${header.name} is damaged, and the entries after it cannot be found (its size comes after its data)`;
          return;
        }
      }
    } finally {
      await r.close();
    }
  }
  return { entries: entries(), problem: () => problem };
}

/** The next local header; 'directory' at the zip's directory; otherwise what is wrong, in words. */
async function readLocalHeader(r: ByteReader): Promise<LocalEntry | 'directory' | string> {
  const fixed = await r.read(LOCAL_HEADER_BYTES);
  if (fixed.length === 0) return 'it ends after its last whole entry';
  if (fixed.length >= 4 && DIRECTORY_HEADERS.has(fixed.readUInt32LE(0))) return 'directory';
  if (fixed.length < 4 || fixed.readUInt32LE(0) !== LOCAL_HEADER) {
    return fixed.length < 4 ? 'it ends inside an entry header' : 'what follows is not a zip entry header';
  }
  if (fixed.length < LOCAL_HEADER_BYTES) return 'it ends inside an entry header';
  const nameBytes = await r.read(fixed.readUInt16LE(26));
  const extraBytes = await r.read(fixed.readUInt16LE(28));
  if (nameBytes.length < fixed.readUInt16LE(26) || extraBytes.length < fixed.readUInt16LE(28)) return 'it ends inside an entry header';
  const flags = fixed.readUInt16LE(6);
  let extraFields: yauzl.ExtraField[];
  try {
    extraFields = yauzl.parseExtraFields(extraBytes);
  } catch {
    extraFields = [];
  }
  // yauzl's own readings of a name (UTF-8 flag, Info-ZIP unicode path) and a time (Info-ZIP's UT field).
  const dated = Object.assign(new yauzl.Entry(), { lastModFileTime: fixed.readUInt16LE(10), lastModFileDate: fixed.readUInt16LE(12), extraFields });
  const sizes = zip64Sizes(extraFields, fixed.readUInt32LE(22), fixed.readUInt32LE(18));
  return {
    name: yauzl.getFileNameLowLevel(flags, nameBytes, extraFields, false),
    flags,
    method: fixed.readUInt16LE(8),
    compressedSize: sizes.compressed,
    size: sizes.size,
    mtimeMs: dated.getLastModDate().getTime(),
    zip64: sizes.zip64,
  };
}

/** Sizes of 0xffffffff are in the zip64 extra field, in this order: size, then compressed size. */
function zip64Sizes(extra: yauzl.ExtraField[], size: number, compressed: number): { size: number; compressed: number; zip64: boolean } {
  const field = extra.find((f) => f.id === ZIP64_EXTRA);
  if (!field) return { size, compressed, zip64: false };
  let at = 0;
  const next = (v: number) => {
    if (v !== FULL || at + 8 > field.data.length) return v;
    const n = Number(field.data.readBigUInt64LE(at));
    at += 8;
    return n;
  };
  const s = next(size);
  return { size: s, compressed: next(compressed), zip64: true };
}

function whyUnreadable(e: LocalEntry): string | null {
  if (e.flags & ENCRYPTED) return 'is encrypted';
  if (e.method !== STORED && e.method !== DEFLATED) return `is compressed by method ${e.method}, which nodescope does not read`;
  return null;
}

const DESCRIPTOR_SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
/** Signature, CRC and two 8-byte (zip64) sizes. */
const MAX_DESCRIPTOR_BYTES = 24;

/**
 * The length of the data descriptor at the start of `b` (signature, CRC, then 4- or 8-byte sizes) when
 * its CRC and both sizes are those of the data before it; 0 when they are not.
 */
function descriptorLength(b: Buffer, crc: number, size: number): number {
  if (b.length < 16 || b.readUInt32LE(4) !== crc >>> 0) return 0;
  if (size < FULL && b.readUInt32LE(8) === size && b.readUInt32LE(12) === size) return 16;
  if (b.length >= 24 && Number(b.readBigUInt64LE(8)) === size && Number(b.readBigUInt64LE(16)) === size) return 24;
  return 0;
}

/** One entry's data, read from the zip's stream: stored bytes as they are, deflated ones inflated. */
class SalvagedBody implements AsyncIterable<Buffer> {
  /** The zip ended inside this entry's data. */
  cut = false;
  damage: string | null = null;
  /** The data was read to its end (or its damage): the next header follows. */
  finished = false;
  private reading: AsyncGenerator<Buffer> | null = null;
  /** Where the data ends, when the header says (the next header follows there, damage or not). */
  private readonly end: number | null;

  constructor(
    private readonly r: ByteReader,
    private readonly entry: LocalEntry,
  ) {
    this.end = entry.flags & SIZES_AFTER_DATA ? null : r.offset + entry.compressedSize;
  }

  /** The data is damaged and its end unknown: the entries after it cannot be found. */
  get lost(): boolean {
    return this.damage !== null && this.end === null;
  }

  /** One reading for every iteration: a second one goes on where the first stopped. */
  [Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    this.reading ??= this.read();
    return this.reading;
  }

  private async *read(): AsyncGenerator<Buffer> {
    if (this.entry.method === STORED) yield* this.end === null ? this.storedUpToDescriptor() : this.stored();
    else yield* this.inflated();
    this.finished = true;
  }

  private async *stored(): AsyncGenerator<Buffer> {
    for (let left = this.entry.compressedSize; left > 0; ) {
      const c = await this.r.take(Math.min(left, SLICE));
      if (c.length === 0) {
        this.cut = true;
        return;
      }
      left -= c.length;
      yield c;
    }
  }

  /**
   * Stored data whose size comes after it (Info-ZIP writing to a pipe, Python's zipfile to a stream):
   * it ends at the first data descriptor signature followed by the CRC and sizes of the bytes before
   * it. Data that holds the signature (a zip stored in the zip) goes on past it: its CRC and sizes do
   * not match. A descriptor without its signature (optional in the format; Info-ZIP, Python, Go and
   * Java write it) is not found: the zip ends inside the entry.
   */
  private async *storedUpToDescriptor(): AsyncGenerator<Buffer> {
    let crc = 0;
    let size = 0;
    const data = async (n: number): Promise<Buffer> => {
      const c = await this.r.read(n);
      crc = zlib.crc32(c, crc);
      size += c.length;
      return c;
    };
    for (;;) {
      const window = await this.r.peek(SLICE);
      const ended = window.length < SLICE;
      const at = window.indexOf(DESCRIPTOR_SIGNATURE);
      if (at < 0) {
        // All of it is data, but for the start of a signature the window's end may cut.
        const n = ended ? window.length : window.length - (DESCRIPTOR_SIGNATURE.length - 1);
        if (n > 0) yield await data(n);
        if (ended) {
          this.cut = true;
          return;
        }
        continue;
      }
      if (at > 0) yield await data(at);
      const descriptor = at === 0 ? window : await this.r.peek(MAX_DESCRIPTOR_BYTES);
      const length = descriptorLength(descriptor, crc, size);
      if (length) {
        await this.r.skip(length);
        return;
      }
      // The signature is the entry's data: its four bytes cannot hold the start of another one.
      yield await data(DESCRIPTOR_SIGNATURE.length);
    }
  }

  /**
   * Inflates up to the end of the deflate stream: the header's compressed size bounds it, unless the
   * sizes come after the data. Then the data descriptor is skipped.
   */
  private async *inflated(): AsyncGenerator<Buffer> {
    const limit = this.end === null ? Infinity : this.entry.compressedSize;
    const first = await this.r.take(Math.min(limit, SLICE));
    const declared = this.end === null ? null : this.entry.size;
    const whole = first.length && (declared ?? 0) <= WHOLE_OUTPUT ? inflateWhole(first, declared) : null;
    this.r.unread(first.subarray(whole?.consumed ?? 0));
    if (whole) yield whole.data;
    else yield* this.streamed(limit);
    if (this.cut) return;
    if (this.end !== null) {
      // Past the rest of the data, damaged or not: the next header follows it.
      const rest = this.end - this.r.offset;
      if (rest > 0 && (await this.r.skip(rest)) < rest) this.cut = true;
    } else if (!this.damage) {
      await this.skipDescriptor();
    }
  }

  /** The deflate stream inflated as it is read, up to `limit` bytes of it. */
  private async *streamed(limit: number): AsyncGenerator<Buffer> {
    const inflater = new Inflater(OUTPUT_CHUNK);
    let used = 0;
    try {
      for (let ended = false; !ended && used < limit; ) {
        const slice = await this.r.take(Math.min(limit - used, SLICE));
        if (slice.length === 0) {
          this.cut = true;
          break;
        }
        const took = await inflater.write(slice);
        if (inflater.failure) break;
        if (took < slice.length) {
          this.r.unread(slice.subarray(took));
          ended = true;
        }
        used += took;
        yield* inflater.output();
      }
      if (!inflater.failure) await inflater.end();
      yield* inflater.output();
    } finally {
      inflater.destroy();
    }
    if (inflater.failure) this.damage = `the zip entry is damaged (${inflater.failure.message})`;
  }

  /** CRC and sizes after the data: 12 bytes (20 with zip64 sizes), after an optional signature. */
  private async skipDescriptor(): Promise<void> {
    const head = await this.r.peek(4);
    if (head.length === 4 && head.readUInt32LE(0) === DATA_DESCRIPTOR) await this.r.skip(4);
    const n = this.entry.zip64 ? 20 : 12;
    if ((await this.r.skip(n)) < n) this.cut = true;
  }
}
