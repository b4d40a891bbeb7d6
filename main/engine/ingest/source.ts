import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { plainStream } from './archive/decoded';
import { isGzip } from './archive/gzip';
import { readTar, type TarProblem } from './archive/tar';
import { looksLikeTar, packingOf } from './formats/magic';
import { zipFileEntries } from './formats/zip';
import { fileSource } from './file-source';
import { looksLikeLog, openCompressed, openSingleFile, SNIFF_BYTES } from './single-file';

/** The input cannot be read at all (exit 3): empty, not an archive, unreadable file. */
export class UnreadableInputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** One entry of a bundle, before any check on its name or type. */
export interface RawEntry {
  name: string;
  type: string;
  size: number;
  mtimeMs: number | null;
  /** For a symbolic or hard link: the path it points to, as stored. */
  linkTarget?: string;
  body: AsyncIterable<Buffer>;
  /** False when the archive ended inside this entry's data (valid once the body is read). */
  complete(): boolean;
  /**
   * What went wrong in this entry's own data, when the archive stores its entries apart (a zip entry
   * that does not inflate): what came before was read, and the other entries are not affected.
   * Valid once the body is read.
   */
  damage?(): string | null;
}

/** Damage found while reading: everything before it (and after it, when resynchronised) was read. */
export type ArchiveProblem = TarProblem;

export interface BundleSource {
  /** How the input is packed. */
  packing: 'tar.gz' | 'tar' | 'tar.xz' | 'tar.bz2' | 'tar.zst' | 'zip' | 'folder' | 'file' | 'file.gz' | 'file.xz' | 'file.bz2' | 'file.zst';
  /** Size of the input on disk (sum of file sizes for a folder). */
  sizeBytes: number;
  /** sha256 identifying the bundle: of the file, or of a folder's sorted (path, content hash) list. */
  sha256: string;
  /** Modification time of the input (ms): when a plain archive holds no better collection time. */
  mtimeMs: number;
  /** Bytes of the input consumed so far (compressed bytes for a .tar.gz). */
  bytesRead(): number;
  entries(): AsyncGenerator<RawEntry>;
  /** What kept the archive from being read whole; complete once `entries()` has finished. */
  problems(): ArchiveProblem[];
}

export async function openSource(file: string): Promise<BundleSource> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(file);
  } catch (e) {
    throw new UnreadableInputError(file, describeFsError(e));
  }
  if (st.isDirectory()) return openFolder(file);
  if (!st.isFile()) throw new UnreadableInputError(file, 'not a regular file or folder');
  if (st.size === 0) throw new UnreadableInputError(file, 'empty file (0 bytes)');
  const head = await readHead(file, SNIFF_BYTES);
  const gzip = isGzip(head);
  // xz, bzip2, zstd and zip are told by their magic bytes (formats/); gzip and tar are read here.
  const other = packingOf(head);
  const compressed = gzip ? 'gzip' : other === 'xz' || other === 'bzip2' || other === 'zstd' ? other : null;
  if (!compressed && !looksLikeTar(head) && other !== 'zip') {
    if (!looksLikeLog(path.basename(file), head)) throw new UnreadableInputError(file, NOT_A_BUNDLE);
    return openSingleFile(file, st, await hashFile(file));
  }
  const sha256 = await hashFile(file);
  if (compressed) return openCompressed(file, st, sha256, compressed);
  if (other === 'zip') {
    const problems: ArchiveProblem[] = [];
    const zip = zipFileEntries(file, (message) => problems.push({ path: null, message }));
    return {
      packing: 'zip',
      sizeBytes: st.size,
      mtimeMs: st.mtimeMs,
      sha256,
      bytesRead: () => zip.bytesRead(),
      problems: () => problems,
      entries: () => zip.entries(),
    };
  }
  return fileSource(file, st, sha256, () => 'tar', async function* ({ input, report }) {
    const tar = readTar(plainStream(input));
    try {
      yield* tar.entries;
    } finally {
      report(tar.problems());
    }
  });
}

const NOT_A_BUNDLE = 'not a bundle: neither an archive (tar, gzip, xz, bzip2, zstd or zip) nor a folder, nor a log file';

async function readHead(file: string, n: number): Promise<Buffer> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fd.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    throw new UnreadableInputError(file, describeFsError(e));
  } finally {
    await fd.close();
  }
}

export async function hashFile(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

interface FolderFile {
  name: string;
  full: string;
  size: number;
  type: string;
  mtimeMs: number;
  linkTarget?: string;
}

async function openFolder(dir: string): Promise<BundleSource> {
  const { found, unreadable } = await walk(dir);
  const files: FolderFile[] = [];
  const h = crypto.createHash('sha256');
  let size = 0;
  for (const f of found) {
    const content = f.type === 'file' ? await hashOrProblem(f, unreadable) : f.type;
    if (content === null) continue;
    files.push(f);
    size += f.size;
    h.update(`${f.name}\0${f.size}\0${content}\n`);
  }
  let consumed = 0;
  return {
    packing: 'folder',
    sizeBytes: size,
    // A loop, not Math.max(...all): a folder of 100k+ files would pass the engine's argument limit.
    mtimeMs: files.reduce((m, f) => Math.max(m, f.mtimeMs), 0),
    sha256: h.digest('hex'),
    bytesRead: () => consumed,
    problems: () => unreadable,
    entries: async function* () {
      for (const f of files) {
        const body =
          f.type === 'file' ? fs.createReadStream(f.full, { highWaterMark: 1 << 20 }) : Readable.from([] as Buffer[]);
        body.on('data', (c: Buffer | string) => (consumed += c.length));
        yield { name: f.name, type: f.type, size: f.size, mtimeMs: f.mtimeMs, linkTarget: f.linkTarget, body, complete: () => true };
      }
    },
  };
}

/** A file's content hash, or null (and the reason among the problems) when it cannot be read. */
async function hashOrProblem(f: FolderFile, unreadable: ArchiveProblem[]): Promise<string | null> {
  try {
    return await hashFile(f.full);
  } catch (e) {
    unreadable.push({ path: f.name, message: `could not be read (${describeFsError(e)}); not ingested` });
    return null;
  }
}

/**
 * Every entry below dir, sorted by name, links not followed. A folder or file inside it that cannot be
 * looked at (another user's, under /var/log) is a problem of the bundle; only dir itself unread is fatal.
 */
async function walk(dir: string): Promise<{ found: FolderFile[]; unreadable: ArchiveProblem[] }> {
  const found: FolderFile[] = [];
  const unreadable: ArchiveProblem[] = [];
  async function visit(rel: string): Promise<void> {
    let names: string[];
    try {
      names = await fs.promises.readdir(path.join(dir, rel));
    } catch (e) {
      if (!rel) throw new UnreadableInputError(dir, describeFsError(e));
      unreadable.push({ path: rel, message: `folder could not be read (${describeFsError(e)}); the files in it are not ingested` });
      return;
    }
    for (const n of names.sort()) {
      const relName = rel ? `${rel}/${n}` : n;
      const full = path.join(dir, relName);
      try {
        const st = await fs.promises.lstat(full);
        if (st.isDirectory()) await visit(relName);
        else {
          const linkTarget = st.isSymbolicLink() ? await fs.promises.readlink(full) : undefined;
          found.push({ name: relName, full, size: st.size, type: folderEntryType(st), mtimeMs: st.mtimeMs, linkTarget });
        }
      } catch (e) {
        if (e instanceof UnreadableInputError) throw e;
        unreadable.push({ path: relName, message: `could not be read (${describeFsError(e)}); not ingested` });
      }
    }
  }
  await visit('');
  return { found, unreadable };
}

function folderEntryType(st: fs.Stats): string {
  if (st.isFile()) return 'file';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'character-device';
  if (st.isBlockDevice()) return 'block-device';
  if (st.isFIFO()) return 'fifo';
  return 'socket';
}

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return err.message ?? String(e);
  }
}
