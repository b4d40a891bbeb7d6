import fs from 'node:fs';
import path from 'node:path';
import { plainStream, type DecodedStream } from './archive/decoded';
import { gunzipStream } from './archive/gzip';
import { readTar } from './archive/tar';
import { isBinary } from '../kinds/guess';
import { sniffLogFormat } from '../logs';
import { decodedStream } from './formats/decompress';
import { looksLikeTar, stripPackingSuffix } from './formats/magic';
import type { StreamPacking } from './formats/nested';
import { fileSource } from './file-source';
import type { ArchiveProblem, BundleSource, RawEntry } from './source';
import { peekDecoded } from './stream-head';
import { sniffedText } from './line-splitter';
import { utf8Head } from './utf16';

/** Bytes of a lone file looked at to tell a log (about 20 lines of it). */
export const SNIFF_BYTES = 16 * 1024;

/** The first lines of a file look like a log of a format nodescope reads (times or levels on most lines). */
export function looksLikeLog(name: string, bytes: Buffer): boolean {
  const head = utf8Head(bytes);
  if (isBinary(head)) return false;
  const lines = sniffedText(head).split('\n').map((l) => l.replace(/\r$/, ''));
  // A head cut mid-line: its last line is partial.
  if (head.length >= SNIFF_BYTES) lines.pop();
  return sniffLogFormat(name, lines) !== undefined;
}

/** A single log file given as the bundle (`kubelet.log`): a bundle of that one file, under its name. */
export function openSingleFile(file: string, st: fs.Stats, sha256: string): BundleSource {
  return fileSource(file, st, sha256, () => 'file', async function* ({ input, report }) {
    yield loneEntry(path.basename(file), st, plainStream(input), report);
  });
}

/**
 * A compressed file given as the bundle: a compressed tar (the usual `.tar.gz`), or one compressed log
 * (`journal.txt.gz`, read as a bundle of that file, named without the suffix). The two are told apart
 * by the first decoded bytes while the file is read, once; anything else is refused, before any file.
 */
export function openCompressed(file: string, st: fs.Stats, sha256: string, packing: StreamPacking): BundleSource {
  let kind: BundleSource['packing'] = TAR_PACKING[packing];
  return fileSource(file, st, sha256, () => kind, async function* ({ input, report }) {
    const reopen = (start: number) => fs.createReadStream(file, { start, highWaterMark: 1 << 20 });
    const decoded = packing === 'gzip' ? gunzipStream(input, reopen) : decodedStream(packing, input);
    const { head, content } = await peekDecoded(decoded, SNIFF_BYTES);
    const name = stripPackingSuffix(path.basename(file));
    if (holdsTar(head)) {
      const tar = readTar(content);
      try {
        yield* tar.entries;
      } finally {
        report(tar.problems());
      }
    } else if (looksLikeLog(name, head)) {
      kind = `file.${SUFFIX[packing]}`;
      yield loneEntry(name, st, content, report);
    } else {
      report([{ path: null, message: `not a bundle: it is ${packing}-compressed, but what it holds is neither a tar archive nor a log file` }]);
    }
  });
}

/** A compressed stream that holds a tar (or nothing, which the tar reader reports). */
function holdsTar(decoded: Buffer): boolean {
  return decoded.length === 0 || looksLikeTar(decoded) || decoded.subarray(0, 512).every((b) => b === 0);
}

/** The one entry of a lone file; damage to its compression is reported once its body is read. */
function loneEntry(name: string, st: fs.Stats, content: DecodedStream, report: (problems: ArchiveProblem[]) => void): RawEntry {
  const body = (async function* () {
    try {
      yield* content;
    } finally {
      const p = content.problem();
      if (p && p.kind !== 'trailing') report([{ path: name, message: `the file is ${p.kind === 'truncated' ? 'truncated' : 'damaged'}: ${p.message.replace(/^archive is truncated: /, '')}; what came before was read` }]);
    }
  })();
  // Damaged midway is as incomplete as cut: what follows the damage is not read.
  return { name, type: 'file', size: st.size, mtimeMs: st.mtimeMs, body, complete: () => (content.problem()?.kind ?? 'trailing') === 'trailing' };
}

const TAR_PACKING = { gzip: 'tar.gz', xz: 'tar.xz', bzip2: 'tar.bz2', zstd: 'tar.zst' } as const;
const SUFFIX = { gzip: 'gz', xz: 'xz', bzip2: 'bz2', zstd: 'zst' } as const;
