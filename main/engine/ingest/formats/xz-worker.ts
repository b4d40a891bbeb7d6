import { parentPort } from 'node:worker_threads';
import { XzReadableStream } from 'xz-decompress';
import type { FromXzWorker, ToXzWorker } from './xz-thread';

/**
 * Worker thread of xz-thread.ts: decompresses the compressed chunks the ingest hands it, one asked
 * for at a time, and sends the output back in batches of about 1 MiB, one batch per credit the ingest
 * gives: at most two batches exist at once, whatever the stream's size.
 */
const BATCH_BYTES = 1 << 20;
const port = parentPort;
if (!port) throw new Error('xz-worker runs as a worker thread');

let credits = 0;
let onCredit: (() => void) | null = null;
let onInput: ((m: Exclude<ToXzWorker, { type: 'credit' }>) => void) | null = null;

port.on('message', (m: ToXzWorker) => {
  if (m.type === 'credit') {
    credits++;
    onCredit?.();
    onCredit = null;
  } else {
    onInput?.(m);
    onInput = null;
  }
});

const post = (m: FromXzWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const compressed = new ReadableStream<Uint8Array>({
  pull: (controller) =>
    new Promise<void>((resolve) => {
      onInput = (m) => {
        if (m.type === 'input') controller.enqueue(m.chunk);
        else controller.close();
        resolve();
      };
      post({ type: 'need' });
    }),
});

async function send(batch: Uint8Array[], bytes: number): Promise<void> {
  if (credits === 0) await new Promise<void>((resolve) => (onCredit = resolve));
  credits--;
  const chunk = new Uint8Array(bytes);
  let at = 0;
  for (const b of batch) {
    chunk.set(b, at);
    at += b.byteLength;
  }
  post({ type: 'output', chunk }, [chunk.buffer]);
}

async function run(): Promise<void> {
  const reader = new XzReadableStream(compressed).getReader();
  let batch: Uint8Array[] = [];
  let bytes = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    batch.push(r.value);
    bytes += r.value.byteLength;
    if (bytes >= BATCH_BYTES) {
      await send(batch, bytes);
      batch = [];
      bytes = 0;
    }
  }
  if (bytes > 0) await send(batch, bytes);
  post({ type: 'done' });
}

run().catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
