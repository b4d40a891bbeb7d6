import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { guessKindFromPath, gzippedProfileHead, inflateGzipHead, isBinary } from '../../kinds/guess';
import { plainStream, type DecodedStream } from '../archive/decoded';
import { gunzipStream, type Reopen } from '../archive/gzip';
import { readTar } from '../archive/tar';
import type { RawEntry } from '../source';
import { decodedStream } from './decompress';
import { inflateSingleMember } from './gzip-member';
import { compressedStreamHeader, looksLikeTar, packingOf, type Packing } from './magic';
import { readHead, replay } from '../stream-head';
import { zipBufferEntries, zipStreamEntries } from './zip';

/** Names of archives worth opening inside a bundle (a node's zip in a cluster bundle, sos_reports.tgz). */
const ARCHIVE_NAME = /\.(?:tar(?:\.(?:gz|xz|bz2|zst))?|tgz|txz|tbz2?|tzst|zip)$/i;

export function looksLikeNestedArchive(name: string, head: Buffer): Packing | null {
  if (!ARCHIVE_NAME.test(name)) return null;
  return packingOf(head);
}

/** A compression of one stream (not an archive of many files). */
export type StreamPacking = Extract<Packing, 'gzip' | 'xz' | 'bzip2' | 'zstd'>;

/** Names of single compressed files: a rotated log (syslog.2.gz, kubelet's 0.log.20261105-100000.gz). */
const COMPRESSED_FILE_NAME = /\.(?:gz|xz|bz2|zst)$/i;

/** An archive's name or a compressed file's: worth a look at its first bytes. */
export function isPackedName(name: string): boolean {
  return ARCHIVE_NAME.test(name) || COMPRESSED_FILE_NAME.test(name);
}

/**
 * How a compressed file inside the bundle is packed, told by its first bytes, when its name says it is
 * one (an archive's name, x.tar.gz, is for looksLikeNestedArchive). Its decoded content may still be a
 * tar (hotsos packs whole folders as `logs.xz`): the caller looks. A gzip may yet hold binary data:
 * openCompressedFile tells.
 */
export function compressedFilePacking(name: string, head: Buffer): StreamPacking | null {
  if (!COMPRESSED_FILE_NAME.test(name) || ARCHIVE_NAME.test(name)) return null;
  const packing = packingOf(head);
  if (packing === 'gzip') return guessKindFromPath(name) === 'pprof' ? null : packing;
  return packing === 'xz' || packing === 'bzip2' || packing === 'zstd' ? packing : null;
}

/**
 * How a file whose name says nothing of a compression is packed (a log gzipped in place and kept as
 * kubelet.log), when its header says so beyond a magic number (magic.ts) and it is no profile (a
 * gzipped protobuf, by its path or its start): null for every other file.
 */
export function unnamedFilePacking(name: string, head: Buffer): StreamPacking | null {
  if (isPackedName(name) || guessKindFromPath(name) === 'pprof') return null;
  const packing = compressedStreamHeader(head);
  return packing === 'gzip' && gzippedProfileHead(head) ? null : packing;
}

/**
 * Whether the start of compressed data decodes to text or a tar: what a log compressed in place holds.
 * Bytes that do not decode, or decode to binary data (a core file, an initramfs), are kept as they are.
 */
export async function decodesToText(packing: StreamPacking, head: Buffer): Promise<boolean> {
  const decoded = packing === 'gzip' ? inflatedHead(head) : await decodedHead(packing, head);
  return decoded.length > 0 && !holdsBinary(decoded);
}

function inflatedHead(head: Buffer): Buffer {
  try {
    return inflateGzipHead(head, GZIP_SNIFF_BYTES, 1 << 20);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The first decoded bytes of compressed bytes that are only the start of the data (the rest is not read). */
async function decodedHead(packing: Exclude<StreamPacking, 'gzip'>, compressed: Buffer): Promise<Buffer> {
  const reader = decodedStream(packing, Readable.from([compressed]))[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    return (await readHead(reader, GZIP_SNIFF_BYTES)).data;
  } finally {
    await reader.return?.();
  }
}

/** Compressed bytes inflated to tell what a gzip holds: at most about 528 KB out (deflate's 1032:1). */
const GZIP_SNIFF_BYTES = 512;

/**
 * Gzipped bytes whose start inflates to binary data that is not a tar (a bomb of zeros, a core file),
 * or does not inflate: kept gzipped, as with a profile's name or start (`cpu.pb.gz`, read as
 * `go tool pprof` reads it).
 */
function gzipHoldsBinary(head: Buffer): boolean {
  let out: Buffer;
  try {
    out = inflateGzipHead(head, GZIP_SNIFF_BYTES, 1 << 20);
  } catch {
    return true;
  }
  return holdsBinary(out);
}

function holdsBinary(decoded: Buffer): boolean {
  return decoded.length > 0 && !looksLikeTar(decoded) && isBinary(decoded);
}

/** A compressed file inside the bundle, opened: what it holds, decoded, or (a gzip of binary data) its own bytes. */
export type OpenedFile = { decoded: DecodedStream } | { kept: AsyncIterable<Buffer> };

/**
 * A compressed file inside the bundle, opened. A gzip this small (a rotated pod log of a few KB) is
 * inflated in one call, and what it holds is told from that: the streaming inflater's 1 MB buffers made
 * 5,000 rotated logs take 2.5 s instead of 0.9 s as plain files, and inflating each one's head first
 * to look at it cost as much again as inflating it. A larger or damaged one, or one that expands past
 * SMALL_GZIP_OUTPUT, is looked at by its head, then streamed, under the ingest's caps and bomb check.
 */
export async function openCompressedFile(packing: StreamPacking, body: AsyncIterable<Buffer>): Promise<OpenedFile> {
  if (packing !== 'gzip') return { decoded: decompressed(packing, body) };
  const reader = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await readHead(reader, SMALL_GZIP_BYTES + 1);
  const whole = head.done ? inflateSmall(head.data) : null;
  if (whole ? holdsBinary(whole) : gzipHoldsBinary(head.data)) return { kept: replay(head, reader) };
  if (whole) return { decoded: plainStream((async function* () { yield whole; })()) };
  // Held whole, a damaged one is decoded again finely up to the damage: what precedes it is kept.
  return { decoded: gunzipStream(replay(head, reader), head.done ? bytesFrom(head.data) : undefined) };
}

/** Bytes in memory read again from an offset, as a file is (gzip.ts's Reopen). */
function bytesFrom(data: Buffer): Reopen {
  return async function* (offset: number) {
    yield data.subarray(offset);
  };
}

const SMALL_GZIP_BYTES = 256 * 1024;
const SMALL_GZIP_OUTPUT = 16 * 1024 * 1024;

function inflateSmall(data: Buffer): Buffer | null {
  const options = { maxOutputLength: SMALL_GZIP_OUTPUT, chunkSize: outputBufferFor(data) };
  try {
    return inflateSingleMember(data, options) ?? zlib.gunzipSync(data, options);
  } catch {
    return null;
  }
}

/**
 * One output buffer as large as the gzip says it expands to (its trailer's size, bounded by deflate's
 * 1032:1 and SMALL_GZIP_OUTPUT): the file is inflated into it in one piece, not into 16 KB buffers
 * copied together at the end. A trailer that lies only costs more pieces.
 */
function outputBufferFor(data: Buffer): number {
  const claimed = data.length >= 18 ? data.readUInt32LE(data.length - 4) : 0;
  return Math.max(zlib.constants.Z_MIN_CHUNK, Math.min(claimed + 1, data.length * 1032, SMALL_GZIP_OUTPUT));
}

/** The decoded bytes of a compressed stream: every byte that could be decoded, then what went wrong. */
export function decompressed(packing: StreamPacking, body: AsyncIterable<Buffer>): DecodedStream {
  return packing === 'gzip' ? gunzipStream(body) : decodedStream(packing, Readable.from(body));
}

/**
 * A zip inside the bundle up to this size is read into memory and opened by its directory. A larger one
 * is read as it streams, from its entries' own headers: held whole, a cluster bundle's 152 MB node zip
 * took the ingest to 549 MB. Streamed, a symbolic link in it reads as a file holding its target (only
 * the directory, at the zip's end, says it is a link).
 */
export const ZIP_IN_MEMORY_BYTES = 32 * 1024 * 1024;

/**
 * The entries of an archive inside the bundle, streamed from the outer entry's body: a compressed tar
 * is decompressed on the fly; a zip is opened in memory, or read as it streams when it is large.
 */
export async function* nestedEntries(packing: Packing, body: AsyncIterable<Buffer>): AsyncGenerator<RawEntry> {
  if (packing === 'zip') {
    const reader = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head = await readHead(reader, ZIP_IN_MEMORY_BYTES + 1);
    yield* head.done ? zipBufferEntries(head.data) : zipStreamEntries(replay(head, reader));
    return;
  }
  yield* tarEntries(packing === 'tar' ? plainStream(body) : decompressed(packing, body));
}

/** The entries of a tar read from `stream`; what went wrong (in the tar or its decoding) is thrown at the end. */
export async function* tarEntries(stream: DecodedStream): AsyncGenerator<RawEntry> {
  const tar = readTar(stream);
  yield* tar.entries;
  const problems = tar.problems();
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
}

export { looksLikeTar };
