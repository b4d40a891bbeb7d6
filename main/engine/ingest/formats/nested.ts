import { Readable } from 'node:stream';
import { plainStream } from '../archive/decoded';
import { gunzipStream } from '../archive/gzip';
import { readTar } from '../archive/tar';
import type { RawEntry } from '../source';
import { decodedStream } from './decompress';
import { looksLikeTar, packingOf, type Packing } from './magic';
import { zipBufferEntries } from './zip';

/** Names of archives worth opening inside a bundle (a node's zip in a cluster bundle, sos_reports.tgz). */
const ARCHIVE_NAME = /\.(?:tar(?:\.(?:gz|xz|bz2|zst))?|tgz|txz|tbz2?|tzst|zip)$/i;

export function isArchiveName(name: string): boolean {
  return ARCHIVE_NAME.test(name);
}

export function looksLikeNestedArchive(name: string, head: Buffer): Packing | null {
  if (!ARCHIVE_NAME.test(name)) return null;
  return packingOf(head);
}

/**
 * The entries of an archive inside the bundle, streamed from the outer entry's body: a compressed tar
 * is decompressed on the fly; a zip needs its central directory, so it is read into memory first,
 * up to `maxZipBytes` (past that it is not opened and the caller keeps it as a file).
 */
export async function* nestedEntries(packing: Packing, body: AsyncIterable<Buffer>, maxZipBytes: number): AsyncGenerator<RawEntry> {
  if (packing === 'zip') {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const c of body) {
      size += c.length;
      if (size > maxZipBytes) throw new Error(`nested zip is larger than ${maxZipBytes} bytes; not opened`);
      parts.push(c);
    }
    yield* zipBufferEntries(Buffer.concat(parts));
    return;
  }
  const stream = packing === 'tar' ? plainStream(body) : packing === 'gzip' ? gunzipStream(body) : decodedStream(packing, Readable.from(body));
  const tar = readTar(stream);
  yield* tar.entries;
  const problems = tar.problems();
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
}

export { looksLikeTar };
