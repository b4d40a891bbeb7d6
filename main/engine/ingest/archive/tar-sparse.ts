/**
 * GNU sparse files: `tar --sparse` stores only a file's data regions and a map of where they lie, in
 * one of four shapes: an old GNU header (type 'S', the map in the header and in extension blocks after
 * it), or pax records (0.0: one record per number; 0.1: GNU.sparse.map; 1.0: the map in decimal lines
 * before the data). The entry is read as the file it was: its regions at their offsets, its holes as
 * zero bytes, up to its real size, or until its holes pass MAX_HOLE_BYTES: a lastlog of large uids
 * is a terabyte of holes, whose zeros would stop the whole bundle at the limit on zero bytes.
 */
import { numeric } from './tar-numbers';

export interface SparseRegion {
  offset: number;
  bytes: number;
}

export interface SparseMap {
  regions: SparseRegion[];
  realSize: number;
}

/**
 * Most regions a map may list: a node's sparse files (lastlog, a journal file) have a few; every region
 * is held in memory while the entry is read. A pax 0.1 map of the 1 MB a pax record may be holds fewer.
 */
export const MAX_SPARSE_REGIONS = 1 << 18;

/** What makes a map impossible; said as the entry's problem. */
export class SparseMapError extends Error {}

/** The GNU.sparse.* pax records of an entry, as written. */
export interface PaxSparse {
  major?: string;
  minor?: string;
  name?: string;
  realsize?: string;
  size?: string;
  numblocks?: string;
  map?: string;
  /** 0.0: the GNU.sparse.offset and GNU.sparse.numbytes records, in the order written. */
  offsets: string[];
  numbytes: string[];
}

export function paxSparseRecord(sparse: PaxSparse | undefined, key: string, value: string): PaxSparse | undefined {
  const field = key.slice('GNU.sparse.'.length);
  const s = sparse ?? { offsets: [], numbytes: [] };
  if (field === 'offset') s.offsets.push(value);
  else if (field === 'numbytes') s.numbytes.push(value);
  else if (field === 'major' || field === 'minor' || field === 'name' || field === 'realsize' || field === 'size' || field === 'numblocks' || field === 'map') s[field] = value;
  else return sparse;
  return s;
}

/** How a pax-described sparse entry is laid out: its map known from the records, or written before its data. */
export type PaxSparseLayout = { map: SparseMap } | { mapInData: { realSize: number } };

/** The layout pax records give a sparse entry; null when they do not describe one (as GNU tar tells). */
export function paxSparseLayout(s: PaxSparse | undefined): PaxSparseLayout | null {
  if (!s) return null;
  if (s.major !== undefined || s.minor !== undefined) {
    const version = `${s.major ?? '?'}.${s.minor ?? '?'}`;
    if (version !== '1.0') throw new SparseMapError(`sparse format ${version}, which GNU tar does not write`);
    return { mapInData: { realSize: realSizeOf(s) } };
  }
  if (s.map === undefined && s.offsets.length === 0) return null;
  const numbers = s.map !== undefined ? mapNumbers(s.map) : zip00(s);
  if (numbers.length % 2) throw new SparseMapError('GNU.sparse.map holds an odd count of numbers');
  const regions = pairs(numbers);
  if (s.numblocks !== undefined && decimal(s.numblocks, 'GNU.sparse.numblocks') !== regions.length) {
    throw new SparseMapError(`GNU.sparse.numblocks says ${s.numblocks} regions, the map lists ${regions.length}`);
  }
  return { map: { regions, realSize: realSizeOf(s) } };
}

function realSizeOf(s: PaxSparse): number {
  const value = s.realsize ?? s.size;
  if (value === undefined) throw new SparseMapError('no GNU.sparse.realsize or GNU.sparse.size gives its size');
  return decimal(value, s.realsize !== undefined ? 'GNU.sparse.realsize' : 'GNU.sparse.size');
}

function mapNumbers(map: string): number[] {
  if (map === '') return [];
  const parts = map.split(',');
  if (parts.length > 2 * MAX_SPARSE_REGIONS) throw tooMany(parts.length / 2);
  return parts.map((p) => decimal(p, 'GNU.sparse.map'));
}

function zip00(s: PaxSparse): number[] {
  if (s.offsets.length !== s.numbytes.length) throw new SparseMapError(`${s.offsets.length} GNU.sparse.offset records for ${s.numbytes.length} GNU.sparse.numbytes`);
  return s.offsets.flatMap((o, i) => [decimal(o, 'GNU.sparse.offset'), decimal(s.numbytes[i], 'GNU.sparse.numbytes')]);
}

function pairs(numbers: number[]): SparseRegion[] {
  const regions: SparseRegion[] = [];
  for (let i = 0; i < numbers.length; i += 2) regions.push({ offset: numbers[i], bytes: numbers[i + 1] });
  return regions;
}

function decimal(value: string, what: string): number {
  if (!/^\d{1,16}$/.test(value) || Number(value) > Number.MAX_SAFE_INTEGER) throw new SparseMapError(`${what} holds "${printable(value.slice(0, 40))}", not a number`);
  return Number(value);
}

function tooMany(count: number | string): SparseMapError {
  return new SparseMapError(`it declares ${count} regions, more than the ${MAX_SPARSE_REGIONS} nodescope reads`);
}

/** Old GNU header: 4 (offset, bytes) pairs of 12-byte numbers at 386, "extended" at 482, real size at 483. */
const HEADER_REGIONS = { at: 386, count: 4, extendedAt: 482 };
/** An extension block after it: 21 pairs, then "extended" at 504. */
const EXTENSION_REGIONS = { at: 0, count: 21, extendedAt: 504 };

/**
 * The map of an old GNU sparse header, reading its extension blocks with `next` (null: the archive
 * ended). As GNU tar reads it: a pair whose size field is empty ends the map, and no block after is read.
 */
export async function oldGnuMap(header: Buffer, next: () => Promise<Buffer | null>): Promise<SparseMap | SparseMapError | null> {
  const regions: SparseRegion[] = [];
  let problem: SparseMapError | null = null;
  const realSize = numeric(header.subarray(483, 495));
  if (realSize === null) problem = new SparseMapError('its real size is not a number');
  let block = header;
  let layout = HEADER_REGIONS;
  for (;;) {
    let ended = false;
    for (let i = 0; i < layout.count && !ended; i++) {
      const at = layout.at + 24 * i;
      if (block[at + 12] === 0) ended = true;
      else if (!problem) problem = addRegion(regions, block.subarray(at, at + 24));
    }
    if (ended || !block[layout.extendedAt]) break;
    const extension = await next();
    if (!extension) return null;
    block = extension;
    layout = EXTENSION_REGIONS;
  }
  return problem ?? { regions, realSize: realSize ?? 0 };
}

function addRegion(regions: SparseRegion[], pair: Buffer): SparseMapError | null {
  const which = `region ${regions.length + 1}'s`;
  const offset = numeric(pair.subarray(0, 12));
  if (offset === null) return new SparseMapError(`${which} offset is not a number`);
  const bytes = numeric(pair.subarray(12, 24));
  if (bytes === null) return new SparseMapError(`${which} size is not a number`);
  if (regions.length === MAX_SPARSE_REGIONS) return tooMany(`more than ${MAX_SPARSE_REGIONS}`);
  regions.push({ offset, bytes });
  return null;
}

/**
 * Parses the 1.0 map written before the data, in decimal lines (count, then offset and size of each
 * region), padded to a 512-byte block. `block` gives the entry's next 512 bytes (null at its end).
 */
export async function mapBeforeData(realSize: number, block: () => Promise<Buffer | null>): Promise<{ map: SparseMap; bytes: number }> {
  const numbers: number[] = [];
  let line = '';
  let wanted = 1;
  let bytes = 0;
  while (numbers.length < wanted) {
    const b = await block();
    if (!b) throw new SparseMapError('the map before its data runs past the data');
    bytes += b.length;
    for (let i = 0; i < b.length && numbers.length < wanted; i++) {
      if (b[i] !== 0x0a) {
        line += String.fromCharCode(b[i]);
        if (line.length > 20) throw new SparseMapError(`the map before its data holds "${printable(line)}…", not a number`);
        continue;
      }
      numbers.push(decimal(line, 'the map before its data'));
      line = '';
      if (numbers.length === 1) {
        if (numbers[0] > MAX_SPARSE_REGIONS) throw tooMany(numbers[0]);
        wanted = 1 + 2 * numbers[0];
      }
    }
  }
  return { map: { regions: pairs(numbers.slice(1)), realSize }, bytes };
}

/** A line of a bad map, its control bytes (the block's NUL padding) shown as escapes. */
function printable(line: string): string {
  return line.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A map a file can have: regions in order, not overlapping, within the real size, holding no more than is stored. */
export function checkMap(map: SparseMap, stored: number): void {
  let end = 0;
  let data = 0;
  map.regions.forEach((r, i) => {
    if (r.offset < end) throw new SparseMapError(`region ${i + 1} begins at byte ${r.offset}, before the end of region ${i} (byte ${end})`);
    end = r.offset + r.bytes;
    if (end > map.realSize) throw new SparseMapError(`region ${i + 1} (bytes ${r.offset} to ${end}) ends past the file's size, ${map.realSize} bytes`);
    data += r.bytes;
  });
  if (data > stored) throw new SparseMapError(`its regions hold ${data} bytes, more than the ${stored} the archive stores`);
}

/** Zero bytes yielded at a time for a hole. */
const HOLE_CHUNK = 1 << 20;

/** The stored data of a sparse entry, read in order. */
export interface StoredData {
  /** Up to max bytes; empty once the archive has ended. */
  take(max: number): Promise<Buffer>;
}

/**
 * Hole bytes one entry may expand to. The lastlog of a host whose users have uids near 2^32 is about
 * 1.2 TB of holes around a few records: the entry keeps its first part, and the bundle goes on.
 */
export const MAX_HOLE_BYTES = 64 * 1024 * 1024;

/** A sparse entry read as the file it was: its bytes, and why it ended early (its holes too large). */
export interface SparseFile {
  bytes: AsyncGenerator<Buffer>;
  cut(): string | null;
}

/** The file a sparse entry was: zero bytes for its holes, its stored data for its regions. */
export function expandSparse(map: SparseMap, stored: StoredData, maxHoleBytes = MAX_HOLE_BYTES): SparseFile {
  let cut: string | null = null;
  let holes = 0;
  /** Whether a hole of n bytes fits what is left; past it, the entry ends here. */
  const fits = (n: number): boolean => {
    holes += n;
    if (holes <= maxHoleBytes) return true;
    cut = `a sparse file of ${map.realSize} bytes whose holes pass ${maxHoleBytes} bytes: the rest of it is not read`;
    return false;
  };
  async function* bytes(): AsyncGenerator<Buffer> {
    let at = 0;
    for (const r of map.regions) {
      if (!fits(r.offset - at)) return;
      yield* zeros(r.offset - at);
      for (let left = r.bytes; left > 0; ) {
        const c = await stored.take(left);
        if (c.length === 0) return;
        left -= c.length;
        yield c;
      }
      at = r.offset + r.bytes;
    }
    if (fits(map.realSize - at)) yield* zeros(map.realSize - at);
  }
  return { bytes: bytes(), cut: () => cut };
}

function* zeros(n: number): Generator<Buffer> {
  for (let left = n; left > 0; left -= HOLE_CHUNK) yield Buffer.alloc(Math.min(left, HOLE_CHUNK));
}
