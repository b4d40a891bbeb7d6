import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { RawEntry } from '../source';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** A symbolic link's target is its content: longer than this is not a path. */
const MAX_LINK_BYTES = 4096;

/** Entries of a zip file on disk, read one at a time (yauzl reads the central directory, then each entry). */
export async function* zipFileEntries(file: string): AsyncGenerator<RawEntry> {
  const zip = await promised<yauzl.ZipFile>((cb) => yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, cb));
  try {
    yield* zipEntries(zip);
  } finally {
    zip.close();
  }
}

/** Entries of a zip held in memory (a zip nested in another archive, read up to the ingest's cap). */
export async function* zipBufferEntries(data: Buffer): AsyncGenerator<RawEntry> {
  const zip = await promised<yauzl.ZipFile>((cb) => yauzl.fromBuffer(data, { lazyEntries: true, decodeStrings: true }, cb));
  yield* zipEntries(zip);
}

async function* zipEntries(zip: yauzl.ZipFile): AsyncGenerator<RawEntry> {
  for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
    const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
    const mtimeMs = entry.getLastModDate().getTime();
    if (entry.fileName.endsWith('/')) {
      yield { name: entry.fileName, type: 'directory', size: 0, mtimeMs, body: Readable.from([] as Buffer[]), complete: () => true };
      continue;
    }
    const body = await promised<Readable>((cb) => zip.openReadStream(entry, cb));
    if (mode === S_IFLNK) {
      const target = await readSmall(body, MAX_LINK_BYTES);
      yield { name: entry.fileName, type: 'symlink', size: 0, mtimeMs, linkTarget: target, body: Readable.from([] as Buffer[]), complete: () => true };
      continue;
    }
    yield { name: entry.fileName, type: 'file', size: entry.uncompressedSize, mtimeMs, body, complete: () => true };
    // The consumer reads or drains the body before asking for the next entry.
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => (cleanup(), resolve(e));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (e: Error) => (cleanup(), reject(e));
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function readSmall(body: Readable, cap: number): Promise<string> {
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
