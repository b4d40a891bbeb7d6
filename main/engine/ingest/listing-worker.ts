import { parentPort } from 'node:worker_threads';
import { parseListingBytes } from '../k8s/objects';
import type { FromListingWorker, ToListingWorker } from './listing-prefetch';
import { lowerThisThreadPriority } from './thread-priority';

/** Worker thread of listing-prefetch.ts: parses each listing it is sent, as the rules would, and sends the result back. */
const port = parentPort;
if (!port) throw new Error('listing-worker runs as a worker thread');
lowerThisThreadPriority();

port.on('message', (m: ToListingWorker) => {
  let reply: FromListingWorker;
  try {
    reply = { id: m.id, parsed: parseListingBytes(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength)) };
    port.postMessage(reply);
  } catch {
    port.postMessage({ id: m.id, parsed: null } satisfies FromListingWorker);
  }
});
