/**
 * A tar reader (POSIX ustar, pax, GNU long names, v7) that recovers what GNU tar recovers: a header
 * with a bad checksum is skipped block by block to the next valid one, an archive cut short keeps every
 * entry before the cut (and the part of the entry it cuts), and reading stops at the first zero block.
 * Type flags are kept as written: only '0', NUL, '7' and 'S' (a GNU sparse file, tar-sparse.ts) are
 * regular files.
 */
import { isUtf8 } from 'node:buffer';
import { ByteReader } from './byte-reader';
import type { DecodedStream } from './decoded';
import { numeric } from './tar-numbers';
import { checkMap, expandSparse, mapBeforeData, oldGnuMap, paxSparseLayout, paxSparseRecord, SparseMapError, type PaxSparse, type SparseMap } from './tar-sparse';

const BLOCK = 512;
/** Largest pax or GNU long-name record kept: names are short; a bigger one is damage or hostility. */
const MAX_META_BYTES = 1024 * 1024;
/** Decoded bytes read past the end-of-archive block to reach the compressed stream's trailer. */
const MAX_AFTER_END = 16 * 1024 * 1024;

/** One entry of the archive, before any check on its name or type. */
export interface TarEntry {
  name: string;
  /** 'file', 'directory', 'symlink', … or `type flag "V"` for one nodescope does not know. */
  type: string;
  size: number;
  mtimeMs: number | null;
  /** For a symbolic or hard link: where it points, as stored (pax linkpath or GNU long link name first). */
  linkTarget?: string;
  body: AsyncIterable<Buffer>;
  /** False once the body ended early because the archive did (valid after the body is read). */
  complete(): boolean;
  /** What kept this entry's data from being read (a sparse map no file can have); the next entries are read. */
  damage?(): string | null;
}

export interface TarProblem {
  /** Entry concerned, when there is one. */
  path: string | null;
  message: string;
}

export interface TarReader {
  entries: AsyncGenerator<TarEntry>;
  /** What kept the archive from being read whole; complete once `entries` has finished. */
  problems(): TarProblem[];
}

const TYPES: Record<string, string> = {
  '0': 'file',
  '\0': 'file',
  '7': 'contiguous-file',
  // GNU tar reads a sparse header that has not the old GNU magic as a regular file of its stored bytes.
  S: 'file',
  '1': 'link',
  '2': 'symlink',
  '3': 'character-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
};

const FLAG_NAMES: Record<string, string> = {
  V: 'volume label',
  M: 'multi-volume continuation',
  D: 'GNU dump directory',
  N: 'GNU old long name',
};

interface Header {
  name: string;
  flag: string;
  size: number;
  mtimeMs: number | null;
  linkname: string;
  /** The header block itself (an old GNU sparse header holds its map). */
  block: Buffer;
  /** "ustar  \0" magic: old GNU, whose 'S' entries are sparse files. */
  oldGnu: boolean;
}

interface Pending {
  path?: string;
  linkpath?: string;
  size?: number;
  mtimeMs?: number;
  sparse?: PaxSparse;
}

export function readTar(stream: DecodedStream): TarReader {
  const problems: TarProblem[] = [];
  const reader = new ByteReader(stream);
  async function* entries(): AsyncGenerator<TarEntry> {
    let pending: Pending = {};
    let unread = 0;
    let lastName: string | null = null;
    try {
      for (;;) {
        if (unread > 0) {
          const want = unread;
          unread = 0;
          if (!reader.skipBuffered(want) && (await reader.skip(want)) < want) break;
        }
        // Most headers, and the padding before them, are in the block read already: no promise for them.
        const block = reader.takeBuffered(BLOCK) ?? (await reader.read(BLOCK));
        if (block.length === 0) break;
        if (block.length < BLOCK) {
          problems.push({ path: null, message: 'archive is truncated inside a tar header' });
          break;
        }
        if (isZero(block)) {
          // End of archive (GNU tar stops at the first zero block too). What follows is read, up to a
          // bound, only so that the decompressor can check its trailer (CRC, length).
          await reader.skip(MAX_AFTER_END);
          break;
        }
        const at = reader.offset - BLOCK;
        let header = parseHeader(block);
        if (!header) {
          const skipped = await resync(reader);
          problems.push({
            path: null,
            message: `not a valid tar archive: invalid tar header at byte ${at}${lastName ? ` (after "${lastName}")` : ''}; ${skipped.header ? `skipped ${skipped.bytes} bytes to the next valid header` : 'no valid header follows'}`,
          });
          if (!skipped.header) break;
          header = skipped.header;
        }
        const padded = Math.ceil(header.size / BLOCK) * BLOCK;
        if (header.flag === 'x' || header.flag === 'g' || header.flag === 'L' || header.flag === 'K') {
          if (header.size > MAX_META_BYTES) {
            problems.push({ path: null, message: `a tar ${header.flag === 'x' || header.flag === 'g' ? 'pax' : 'long-name'} record of ${header.size} bytes at byte ${at} was skipped` });
            unread = padded;
            continue;
          }
          const data = await reader.read(padded);
          if (data.length < padded) {
            problems.push({ path: null, message: `archive is truncated inside a tar "${header.flag}" record` });
            break;
          }
          const body = data.subarray(0, header.size);
          if (header.flag === 'x') pending = { ...pending, ...parsePax(body) };
          else if (header.flag === 'L') pending.path = cString(body, 0, body.length);
          else if (header.flag === 'K') pending.linkpath = cString(body, 0, body.length);
          continue; // 'g' (global pax) changes nothing nodescope reads
        }
        const name = pending.sparse?.name ?? pending.path ?? header.name;
        const size = pending.size ?? header.size;
        const mtimeMs = pending.mtimeMs ?? header.mtimeMs;
        const linkpath = pending.linkpath ?? header.linkname;
        const paxSparse = pending.sparse;
        pending = {};
        const type = typeOf(header.flag, name);
        // Only regular files carry data in the archive (a hard link's size is ignored, as GNU tar does).
        const dataSize = type === 'link' || type === 'symlink' || type === 'directory' ? 0 : size;
        const body = new Body(reader, dataSize);
        lastName = name;
        const linkTarget = type === 'link' || type === 'symlink' ? linkpath : undefined;
        const sparse = type === 'file' ? await openSparse(header, paxSparse, body, reader) : null;
        if (sparse === 'truncated') {
          problems.push({ path: name, message: `archive is truncated inside the sparse map of "${name}"` });
          break;
        }
        if (sparse === null) yield { name, type, size: dataSize, mtimeMs, linkTarget, body, complete: () => body.complete };
        else if (sparse instanceof SparseMapError) {
          const damage = `GNU sparse map of ${name} is malformed: ${sparse.message}`;
          yield { name, type, size: 0, mtimeMs, body: noBytes(), complete: () => true, damage: () => damage };
        } else {
          const file = expandSparse(sparse, body);
          yield { name, type, size: sparse.realSize, mtimeMs, body: file.bytes, complete: () => body.complete, damage: () => file.cut() };
        }
        if (body.unread) await body.finish();
        if (!body.complete) {
          problems.push({ path: name, message: `archive is truncated inside "${name}" (${body.delivered} of ${dataSize} bytes)` });
          break;
        }
        unread = Math.ceil(dataSize / BLOCK) * BLOCK - dataSize;
      }
    } finally {
      await reader.close();
      const p = stream.problem();
      // Bytes after complete compressed data do not matter once the archive has been read.
      if (p && !(p.kind === 'trailing' && problems.length === 0)) problems.push({ path: null, message: p.message });
    }
  }
  return { entries: entries(), problems: () => problems };
}

/**
 * A sparse entry's map (old GNU: from its header and the extension blocks after it; pax: from its
 * records, or for 1.0 from the start of its data), checked against what the archive stores; null for
 * an entry that is not sparse, 'truncated' when the archive ends inside the map.
 */
async function openSparse(header: Header, pax: PaxSparse | undefined, body: Body, reader: ByteReader): Promise<SparseMap | SparseMapError | 'truncated' | null> {
  try {
    if (header.flag === 'S' && header.oldGnu) {
      const map = await oldGnuMap(header.block, async () => {
        const b = await reader.read(BLOCK);
        return b.length === BLOCK ? b : null;
      });
      if (map === null) return 'truncated';
      if (map instanceof SparseMapError) return map;
      checkMap(map, body.size);
      return map;
    }
    const layout = paxSparseLayout(pax);
    if (layout === null) return null;
    if ('map' in layout) {
      checkMap(layout.map, body.size);
      return layout.map;
    }
    const { map, bytes } = await mapBeforeData(layout.mapInData.realSize, async () => {
      const b = await body.read(BLOCK);
      return b.length === BLOCK ? b : null;
    });
    checkMap(map, body.size - bytes);
    return map;
  } catch (e) {
    if (!(e instanceof SparseMapError)) throw e;
    return body.complete ? e : 'truncated';
  }
}

const EMPTY = Buffer.alloc(0);

async function* noBytes(): AsyncGenerator<Buffer> {
  // an entry whose data cannot be read
}

/**
 * An entry's whole data when it is no longer than `max` bytes and the reader holds all of it already
 * (a sosreport's /sys and /proc values, hundreds to a decompressed block): taken at once, without a
 * promise per piece. Null (nothing taken) otherwise, or when the body is not a tar entry's.
 */
export function heldData(body: AsyncIterable<Buffer>, max: number): Buffer | null {
  return body instanceof Body ? body.takeHeld(max) : null;
}

/** The data of one entry: read by the consumer, or skipped by the reader when it moves on. */
class Body implements AsyncIterable<Buffer> {
  delivered = 0;
  complete = true;
  constructor(
    private readonly reader: ByteReader,
    readonly size: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (let c = await this.take(1 << 20); c.length; c = await this.take(1 << 20)) yield c;
  }

  /** Up to max bytes of the data, without copying; empty at its end, or the archive's. */
  async take(max: number): Promise<Buffer> {
    const want = Math.min(this.size - this.delivered, max);
    if (want <= 0) return EMPTY;
    return this.counted(await this.reader.take(want), 1);
  }

  /** Exactly n bytes of the data, fewer at its end or the archive's. */
  async read(n: number): Promise<Buffer> {
    const want = Math.min(this.size - this.delivered, n);
    if (want <= 0) return EMPTY;
    return this.counted(await this.reader.read(want), want);
  }

  /** Counts what was read; fewer than `least` bytes means the archive ended inside the data. */
  private counted(c: Buffer, least: number): Buffer {
    this.delivered += c.length;
    if (c.length < least) this.complete = false;
    return c;
  }

  takeHeld(max: number): Buffer | null {
    if (this.delivered > 0 || this.size > max) return null;
    const data = this.reader.takeBuffered(this.size);
    if (data) this.delivered = this.size;
    return data;
  }

  /** Whether bytes are left for finish() to skip. */
  get unread(): boolean {
    return this.complete && this.delivered < this.size;
  }

  /** Skips what the consumer did not read. */
  async finish(): Promise<void> {
    const left = this.size - this.delivered;
    if (left <= 0 || !this.complete) return;
    const skipped = await this.reader.skip(left);
    this.delivered += skipped;
    if (skipped < left) this.complete = false;
  }
}

/** Reads block by block until one is a valid header; returns it and the bytes skipped. */
async function resync(reader: ByteReader): Promise<{ header: Header | null; bytes: number }> {
  let bytes = BLOCK;
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block.length < BLOCK || isZero(block)) return { header: null, bytes };
    const header = parseHeader(block);
    if (header) return { header, bytes };
    bytes += BLOCK;
  }
}

function typeOf(flag: string, name: string): string {
  // Old tars mark folders as regular files whose name ends in "/".
  if ((flag === '0' || flag === '\0') && name.endsWith('/')) return 'directory';
  const known = TYPES[flag];
  if (known) return known;
  const printable = /^[\x21-\x7e]$/.test(flag) ? flag : `\\x${flag.charCodeAt(0).toString(16).padStart(2, '0')}`;
  return `type flag "${printable}"${FLAG_NAMES[flag] ? ` (${FLAG_NAMES[flag]})` : ''}`;
}

/**
 * Parses a 512-byte header; null when its checksum does not match. Fields are read in place (a view of
 * each cost as much as the checksum on a sosreport's 18,000 headers).
 */
export function parseHeader(b: Buffer): Header | null {
  if (!checksumOk(b)) return null;
  const magic = b.toString('latin1', 257, 263);
  const ustar = magic === 'ustar\0';
  let name = cString(b, 0, 100);
  if (ustar) {
    const prefix = cString(b, 345, 500);
    if (prefix) name = `${prefix}/${name}`;
  }
  const size = numeric(b, 124, 136);
  const mtime = numeric(b, 136, 148);
  if (size === null || size < 0) return null;
  return {
    name,
    flag: String.fromCharCode(b[156]),
    size,
    mtimeMs: mtime === null ? null : mtime * 1000,
    linkname: cString(b, 157, 257),
    block: b,
    oldGnu: magic === 'ustar ' && b[263] === 0x20 && b[264] === 0,
  };
}

const CHECKSUM_AT = 148;
const CHECKSUM_END = 156;

/**
 * The stored checksum against the sum of the header's bytes, its own field counted as spaces: as
 * unsigned bytes (POSIX), else as signed ones (old Sun and GNU tars summed chars). The signed sum is
 * only made for a header the unsigned one does not match.
 */
function checksumOk(b: Buffer): boolean {
  const stored = numeric(b, CHECKSUM_AT, CHECKSUM_END);
  if (stored === null) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i];
  for (let i = CHECKSUM_AT; i < CHECKSUM_END; i++) sum -= b[i];
  const unsigned = sum + 8 * 32;
  if (stored === unsigned) return true;
  let high = 0;
  for (let i = 0; i < BLOCK; i++) if (b[i] > 127 && (i < CHECKSUM_AT || i >= CHECKSUM_END)) high++;
  return stored === unsigned - 256 * high;
}

/**
 * The name field b[start, end) up to its NUL: UTF-8 when it is, else one character per byte (Latin-1).
 * Decoded as UTF-8 regardless, names written on a Latin-1 node ("caf\xe9.log", "caf\xe8.log") both
 * became "caf\ufffd.log" and the second was dropped as a duplicate.
 */
function cString(b: Buffer, start: number, end: number): string {
  const nul = b.indexOf(0, start);
  const to = nul < 0 || nul > end ? end : nul;
  if (to === start) return '';
  if (isAscii(b, start, to)) return b.toString('latin1', start, to);
  const field = b.subarray(start, to);
  return isUtf8(field) ? field.toString('utf8') : field.toString('latin1');
}

function isAscii(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] > 0x7f) return false;
  return true;
}

function isZero(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** pax records "LEN key=value\n": path, size, mtime and a sparse file's GNU.sparse.* are the ones that matter here. */
export function parsePax(body: Buffer): Pending {
  const out: Pending = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space < 0 || space - at > 20) break;
    const len = Number(body.toString('latin1', at, space));
    if (!Number.isInteger(len) || len <= space - at || at + len > body.length) break;
    const record = body.toString('utf8', space + 1, at + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) {
      const key = record.slice(0, eq);
      const value = record.slice(eq + 1);
      if (key === 'path') out.path = value;
      else if (key === 'linkpath') out.linkpath = value;
      else if (key === 'size' && /^\d{1,16}$/.test(value)) out.size = Number(value);
      else if (key === 'mtime' && /^-?\d{1,16}(?:\.\d{1,12})?$/.test(value)) out.mtimeMs = Math.round(Number(value) * 1000);
      else if (key.startsWith('GNU.sparse.')) out.sparse = paxSparseRecord(out.sparse, key, value);
    }
    at += len;
  }
  return out;
}
