import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

/**
 * An xz stream decompressed on a worker thread. xz's decoder is WebAssembly, which runs on the thread
 * that calls it: on the ingest's thread it took about a tenth of a must-gather's reading (0.4-1.1 s of
 * 6-7 s); on a worker it runs beside the parsing. Flow is pulled both ways: the worker asks for each
 * compressed chunk, and sends a decompressed batch (about 1 MiB) only when this side's reader asks for
 * one, so memory stays at two batches whatever the stream's size. Null when the compiled worker script
 * is absent (tests from TypeScript sources): the caller decompresses on its own thread.
 */
const WORKER_SCRIPT = path.join(__dirname, 'xz-worker.js');

export type ToXzWorker = { type: 'credit' } | { type: 'input'; chunk: Uint8Array } | { type: 'end' };
export type FromXzWorker =
  | { type: 'need' }
  | { type: 'output'; chunk: Uint8Array }
  | { type: 'done' }
  | { type: 'error'; message: string };

export function xzOnWorker(input: Readable, asError: (e: unknown) => Error): Readable | null {
  if (!fs.existsSync(WORKER_SCRIPT)) return null;
  const worker = new Worker(WORKER_SCRIPT, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let ended = false;
  const stop = () => {
    ended = true;
    void worker.terminate();
  };
  const out = new Readable({
    highWaterMark: 1 << 20,
    read: () => worker.postMessage({ type: 'credit' } satisfies ToXzWorker),
    destroy(error, callback) {
      stop();
      input.destroy();
      callback(error);
    },
  });
  // Asked for now, not at the worker's first request: the source may already flow (a byte counter
  // listens to it), and what flows before anyone reads is lost. One chunk is read ahead from then on.
  let ahead = chunks.next();
  ahead.catch(() => {});
  const feed = () => {
    const current = ahead;
    ahead = current.then((r) => (r.done ? r : chunks.next()));
    ahead.catch(() => {}); // a failed read is reported when it is fed, below
    current.then(
      (r) => worker.postMessage((r.done ? { type: 'end' } : { type: 'input', chunk: r.value }) satisfies ToXzWorker),
      (e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))),
    );
  };
  worker.on('message', (m: FromXzWorker) => {
    if (m.type === 'need') feed();
    else if (m.type === 'output') out.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
    else if (m.type === 'done') {
      stop();
      out.push(null);
    } else out.destroy(asError(new Error(m.message)));
  });
  worker.on('error', (e) => out.destroy(asError(e)));
  worker.on('exit', () => {
    if (!ended) out.destroy(asError(new Error('the decompressing thread stopped')));
  });
  return out;
}
