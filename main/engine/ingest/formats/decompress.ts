import { PassThrough, Readable, Transform } from 'node:stream';
import { Decompress as ZstdDecompress } from 'fzstd';
import unbzip2Stream from 'unbzip2-stream';
import { XzReadableStream } from 'xz-decompress';
import zlib from 'node:zlib';
import type { DecodedStream, DecodeProblem } from '../archive/decoded';
import type { Packing } from './magic';
import { xzByProcess } from './xz-process';
import { xzOnWorker } from './xz-thread';

/**
 * A streaming decompressor for one compressed stream. Every one works chunk by chunk with bounded
 * memory (a zstd or xz block, a bzip2 block of at most 900 kB before run-length expansion), so the
 * ingest's per-entry cap and expansion-ratio check stop a bomb as early as for gzip.
 * The decoders shipped are pure JavaScript or WebAssembly: nothing is built or downloaded at install.
 * xz is decoded by the machine's own xz when it has one (formats/xz-process.ts), at a quarter of the CPU.
 */
export function decompressor(packing: Exclude<Packing, 'zip' | 'tar'>, input: Readable): Readable {
  switch (packing) {
    case 'gzip':
      return input.pipe(zlib.createGunzip({ chunkSize: 1 << 20 }));
    case 'zstd':
      return input.pipe(zstdStream());
    case 'bzip2':
      return bzip2(input);
    case 'xz':
      return xz(input);
  }
}

function zstdStream(): Transform {
  let out: Transform;
  const dec = new ZstdDecompress((chunk) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        dec.push(chunk);
        done();
      } catch (e) {
        done(asError(e, 'zstd'));
      }
    },
    flush(done) {
      try {
        dec.push(new Uint8Array(0), true);
        done();
      } catch (e) {
        done(asError(e, 'zstd'));
      }
    },
  });
  return out;
}

function bzip2(input: Readable): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const bz = unbzip2Stream();
  bz.on('error', (e: unknown) => out.destroy(asError(e, 'bzip2')));
  input.on('error', (e) => out.destroy(e));
  input.pipe(bz).pipe(out);
  return out;
}

function xz(input: Readable): Readable {
  const asXzError = (e: unknown) => asError(e, 'xz');
  return xzByProcess(input, asXzError) ?? xzOnWorker(input, asXzError) ?? xzHere(input);
}

function xzHere(input: Readable): Readable {
  const web = Readable.toWeb(input) as ReadableStream<Uint8Array>;
  const raw = Readable.fromWeb(new XzReadableStream(web) as import('node:stream/web').ReadableStream<Uint8Array>);
  const out = new Transform({
    transform(chunk: Uint8Array, _enc, done) {
      done(null, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
  raw.on('error', (e) => out.destroy(asError(e, 'xz')));
  return raw.pipe(out);
}

function asError(e: unknown, what: string): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  err.message = `${what} data is corrupt: ${err.message}`;
  return err;
}

/**
 * A compressed tar's decoded bytes as the tar reader takes them (archive/decoded.ts): a decoder error
 * ends the stream with the problem named instead of throwing, so the entries before it are kept.
 */
export function decodedStream(packing: 'xz' | 'bzip2' | 'zstd', input: Readable): DecodedStream {
  let problem: DecodeProblem | null = null;
  const out = decompressor(packing, input);
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const c of out) yield c as Buffer;
      } catch (e) {
        const message = (e as Error).message ?? String(e);
        problem = { kind: /unexpected end|truncat|premature|incomplete/i.test(message) ? 'truncated' : 'corrupt', message: `${packing} data: ${message}` };
      }
    },
    problem: () => problem,
  };
}
