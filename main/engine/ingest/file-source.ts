import fs from 'node:fs';
import type { ArchiveProblem, BundleSource, RawEntry } from './source';

/** One read of a bundle file: the file's stream (its bytes counted as read), and where damage is told. */
export interface FileRead {
  input: fs.ReadStream;
  report(problems: ArchiveProblem[]): void;
}

/**
 * A bundle read from one file on disk (an archive, a compressed archive, a lone log): `read` turns the
 * file's stream into entries; the bytes read and what `read` reports are the source's.
 */
export function fileSource(file: string, st: fs.Stats, sha256: string, packing: () => BundleSource['packing'], read: (r: FileRead) => AsyncGenerator<RawEntry>): BundleSource {
  let consumed = 0;
  let problems: ArchiveProblem[] = [];
  return {
    get packing() {
      return packing();
    },
    sizeBytes: st.size,
    mtimeMs: st.mtimeMs,
    sha256,
    bytesRead: () => consumed,
    problems: () => problems,
    entries: async function* () {
      const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
      input.on('data', (c: Buffer | string) => (consumed += c.length));
      problems = [];
      try {
        yield* read({ input, report: (p) => (problems = p) });
      } finally {
        input.destroy();
      }
    },
  };
}
