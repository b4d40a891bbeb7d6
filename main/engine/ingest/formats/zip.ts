import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import type { RawEntry } from '../source';
import { rememberDeflated } from '../deflated-content';
import { BlockFileReader } from './zip-file-reader';
import { DEFLATED, inflateWhole, STORED, WHOLE_OUTPUT } from './zip-deflate';
import { salvageZip } from './zip-salvage';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** A symbolic link's target is its content: longer than this is not a path. */
const MAX_LINK_BYTES = 4096;
/**
 * Output buffer of a deflated entry's inflater. yauzl's own fills 16 KB ones, each a round trip
 * through libuv's pool: the 30 MB log of a Harvester node's zip took 1,900 of them and 105-128 ms
 * instead of 25 ms.
 */
const INFLATE_CHUNK = 1024 * 1024;

/** A zip file's entries, and how many of its bytes they have read so far (the progress, and the bomb check's ratio). */
export interface ZipFileEntries {
  entries(): AsyncGenerator<RawEntry>;
  bytesRead(): number;
}

/**
 * Entries of a zip file on disk, read one at a time (yauzl reads the directory, then each entry). A
 * zip whose directory is missing (cut short) is read from its entries' own headers: why it could not
 * be read whole goes to `report`.
 */
export function zipFileEntries(file: string, report: (problem: string) => void): ZipFileEntries {
  let reader: BlockFileReader | null = null;
  let streamed = 0;
  async function* entries(): AsyncGenerator<RawEntry> {
    streamed = 0;
    reader = await BlockFileReader.open(file);
    const opened = reader;
    const directory = await openDirectory((cb) => yauzl.fromRandomAccessReader(opened, opened.fileSize, { lazyEntries: true, autoClose: false, decodeStrings: false }, cb));
    if ('refusal' in directory) {
      opened.close(() => {});
      const input = counted(fs.createReadStream(file, { highWaterMark: 1 << 20 }), (n) => (streamed += n));
      yield* salvaged(input, directory.refusal, report);
      return;
    }
    try {
      yield* zipEntries(directory, (start, length) => opened.bytes(start, length));
    } finally {
      directory.zip.close();
    }
  }
  return { entries, bytesRead: () => streamed + (reader?.bytesRead ?? 0) };
}

async function* counted(input: AsyncIterable<Buffer>, count: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    count(chunk.length);
    yield chunk;
  }
}

/** Entries of a zip held in memory (a zip nested in another archive, read up to the ingest's cap); a cut one's problem is thrown at its end. */
export async function* zipBufferEntries(data: Buffer): AsyncGenerator<RawEntry> {
  const directory = await openDirectory((cb) => yauzl.fromBuffer(data, { lazyEntries: true, decodeStrings: false }, cb));
  if ('refusal' in directory) {
    const problems: string[] = [];
    yield* salvaged(Readable.from([data]), directory.refusal, (p) => problems.push(p));
    if (problems.length) throw new Error(problems.join('; '));
    return;
  }
  yield* zipEntries(directory, async (start, length) => data.subarray(start, start + length));
}

/**
 * Entries of a zip read as it streams (a large zip inside another archive), from its entries' own
 * headers; reading stops at its directory. Why it could not be read whole is thrown at its end.
 */
export async function* zipStreamEntries(input: AsyncIterable<Buffer>): AsyncGenerator<RawEntry> {
  const zip = salvageZip(input);
  yield* zip.entries;
  const stopped = zip.problem();
  if (stopped) throw new Error(`its entries were read from their own headers as it streamed: ${stopped}`);
}

/** A zip's directory, opened, with its first record read (null: the zip is empty). */
interface OpenedDirectory {
  zip: yauzl.ZipFile;
  records: DirectoryReader;
  first: yauzl.Entry | null;
}

/**
 * Opens a zip's directory and reads its first record, or says why the zip has no directory of its own:
 * then it is read from its entries' own headers. A zip cut short has none; when a stored zip inside it
 * ends within its last 64 KB, yauzl takes that zip's end record for this one's, and the first record it
 * points to is not a directory record (a Harvester bundle of node zips, cut after one of them).
 */
async function openDirectory(open: (cb: (err: Error | null, zip?: yauzl.ZipFile) => void) => void): Promise<OpenedDirectory | { refusal: Error }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await promised<yauzl.ZipFile>(open);
  } catch (e) {
    if (lacksDirectory(e)) return { refusal: e as Error };
    throw e;
  }
  const records = new DirectoryReader(zip);
  try {
    return { zip, records, first: await records.next() };
  } catch (e) {
    zip.close();
    if (lacksDirectory(e)) return { refusal: e as Error };
    throw e;
  }
}

/** yauzl's refusal of a zip whose directory, written last, is not there (or is not its own: openDirectory). */
function lacksDirectory(e: unknown): boolean {
  return /end of central directory record signature not found|invalid central directory file header signature/i.test((e as Error).message);
}

/** A zip without its directory, read from its entries' own headers; not one at all (nothing reads as an entry) is refused as yauzl refused it. */
async function* salvaged(input: AsyncIterable<Buffer>, refusal: Error, report: (problem: string) => void): AsyncGenerator<RawEntry> {
  const zip = salvageZip(input);
  let read = 0;
  for await (const entry of zip.entries) {
    read++;
    yield entry;
  }
  if (read === 0) throw refusal;
  const stopped = zip.problem();
  if (stopped) report(`the zip has no directory at its end (a download cut short?), so its entries were read from their own headers: ${stopped}`);
}

/** The body of a folder or a link: a stream each cost more than the folder's whole reading (a node zip's 40,000 folders). */
const NO_BYTES: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: async function* () {} };

/**
 * The zip's entries, each under its name as the ingest checks every archive's names. yauzl's own
 * decoding (decodeStrings) also refuses a name it finds unsafe, and its error ended the whole zip: one
 * entry named `../x` lost every entry after it, and was told as the previous entry's error.
 */
async function* zipEntries({ zip, records, first }: OpenedDirectory, bytesAt: BytesAt): AsyncGenerator<RawEntry> {
  for (let entry = first; entry; entry = await records.next()) {
    const name = entryName(entry);
    const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
    const mtimeMs = entry.getLastModDate().getTime();
    if (name.endsWith('/')) {
      yield { name, type: 'directory', size: 0, mtimeMs, body: NO_BYTES, complete: () => true };
      continue;
    }
    const body = new EntryBody(() => openBody(zip, entry, bytesAt));
    if (mode === S_IFLNK) {
      const target = await readSmall(body, MAX_LINK_BYTES);
      yield { name, type: 'symlink', size: 0, mtimeMs, linkTarget: target, body: NO_BYTES, complete: () => true };
      continue;
    }
    yield { name, type: 'file', size: entry.uncompressedSize, mtimeMs, body, complete: () => true, damage: () => body.damage };
    // The consumer reads or drains the body before asking for the next entry.
  }
}

/**
 * One entry's bytes, opened when first read. What goes wrong in them (data that does not inflate, a
 * compression method yauzl does not know) is kept as the entry's damage, not thrown: a zip's entries
 * are stored apart, and one damaged log stopped the reading of every entry after it.
 */
class EntryBody implements AsyncIterable<Buffer> {
  damage: string | null = null;

  constructor(private readonly open: () => Promise<AsyncIterable<Buffer> | Buffer>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    try {
      const body = await this.open();
      if (!Buffer.isBuffer(body)) yield* body;
      else if (body.length) yield body;
    } catch (e) {
      this.damage = `the zip entry is damaged (${(e as Error).message})`;
    }
  }
}

/** `length` bytes of the zip from `start`. */
type BytesAt = (start: number, length: number) => Promise<Buffer>;

/**
 * An entry's bytes. A small one (a node's thousands of small logs) is read in one piece from where its
 * local header says its data starts, and inflated in one call: whole, of the size declared, it is
 * that one buffer; a larger deflated one is inflated as it streams; yauzl reads the rest (a stored
 * one, checking its size; an encrypted one or an unknown method, refusing it). yauzl's stream of each
 * entry cost more than the entry's reading.
 */
async function openBody(zip: yauzl.ZipFile, entry: yauzl.Entry, bytesAt: BytesAt): Promise<AsyncIterable<Buffer> | Buffer> {
  const method = entry.compressionMethod;
  const readHere = !entry.isEncrypted() && (method === STORED || method === DEFLATED);
  if (readHere && entry.compressedSize <= SMALL_ENTRY_BYTES && entry.uncompressedSize <= WHOLE_OUTPUT) {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    const data = await bytesAt(fileDataStart, entry.compressedSize);
    const inflated = method === STORED ? null : inflateWhole(data, entry.uncompressedSize);
    const whole = method === STORED ? data : inflated?.data;
    if (whole?.length === entry.uncompressedSize) {
      if (inflated?.consumed === data.length) rememberDeflated(whole, data);
      return whole;
    }
    // Not the size declared, or damaged: read again as it streams, to keep what comes before the damage and tell it.
    return sized(method === STORED ? once(data) : inflatedWhole(data, entry.uncompressedSize), entry.uncompressedSize);
  }
  if (!readHere || method === STORED) return promised<Readable>((cb) => zip.openReadStream(entry, cb));
  const raw = await promised<Readable>((cb) => zip.openReadStream(entry, { decodeFileData: false }, cb));
  return sized(inflated(raw), entry.uncompressedSize);
}

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  if (data.length) yield data;
}

/** Compressed bytes of an entry read whole and inflated in one call. */
const SMALL_ENTRY_BYTES = 256 * 1024;

/** A small entry inflated in one call, or streamed when that fails (to keep what inflates before its damage). */
async function* inflatedWhole(data: Buffer, declared: number): AsyncGenerator<Buffer> {
  const whole = inflateWhole(data, declared);
  if (whole) yield whole.data;
  else yield* inflated(Readable.from([data]));
}

/** A deflated entry's bytes, inflated as they stream. The raw stream is closed however the reading ends: it holds the zip file open. */
async function* inflated(raw: Readable): AsyncGenerator<Buffer> {
  const inflater = zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK });
  raw.on('error', (e) => inflater.destroy(e));
  raw.pipe(inflater);
  try {
    for await (const c of inflater) yield c as Buffer;
  } finally {
    raw.destroy();
    inflater.destroy();
  }
}

/** An entry's bytes, up to the size its directory entry declares, checked as yauzl checks it. */
async function* sized(bytes: AsyncIterable<Buffer>, declared: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of bytes) {
    size += chunk.length;
    if (size > declared) {
      yield chunk.subarray(0, chunk.length - (size - declared));
      throw new Error(`it inflates to more than the ${declared} bytes the zip's directory declares`);
    }
    yield chunk;
  }
  if (size < declared) throw new Error(`it inflates to ${size} bytes, not the ${declared} the zip's directory declares`);
}

/**
 * The zip's directory records one at a time, each asked of yauzl when the last is used (lazyEntries).
 * Its three events are listened to once: added and removed for each of a node zip's 60,000 records,
 * the listeners cost as much as the records' reading.
 */
class DirectoryReader {
  private waiting: { resolve: (e: yauzl.Entry | null) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private ended = false;

  constructor(private readonly zip: yauzl.ZipFile) {
    zip.on('entry', (e: yauzl.Entry) => this.settle((w) => w.resolve(e)));
    zip.on('end', () => {
      this.ended = true;
      this.settle((w) => w.resolve(null));
    });
    zip.on('error', (e: Error) => {
      this.failure = e;
      this.settle((w) => w.reject(e));
    });
  }

  next(): Promise<yauzl.Entry | null> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.zip.readEntry();
    });
  }

  private settle(answer: (w: { resolve: (e: yauzl.Entry | null) => void; reject: (e: Error) => void }) => void): void {
    const w = this.waiting;
    this.waiting = null;
    if (w) answer(w);
  }
}

/**
 * An entry's name, decoded as yauzl decodes it. Most names are plain ASCII with no Unicode path field:
 * those are read in one call (yauzl builds a name character by character from its CP437 table).
 */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw;
  if (isAscii(raw) && !entry.extraFields.some((f) => f.id === UNICODE_PATH_FIELD)) return raw.toString('latin1').replace(/\\/g, '/');
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

/** Info-ZIP's Unicode Path extra field: when its checksum matches, it names the entry. */
const UNICODE_PATH_FIELD = 0x7075;

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

async function readSmall(body: AsyncIterable<Buffer>, cap: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    const chunk = c as Buffer;
    if (size < cap) parts.push(chunk.subarray(0, cap - size));
    size += chunk.length;
  }
  return Buffer.concat(parts).toString('utf8');
}

function promised<T>(start: (cb: (err: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((err, value) => (err || value === undefined ? reject(err ?? new Error('no value')) : resolve(value))));
}
