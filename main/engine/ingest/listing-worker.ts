import { parentPort } from 'node:worker_threads';
import { mapListingBytes } from '../k8s/api';
import type { FromListingWorker, ToListingWorker } from './listing-prefetch';
import { lowerThisThreadPriority } from './thread-priority';

/** Worker thread of listing-prefetch.ts: parses and maps each listing it is sent, as the rules would, and sends the result back. */
const port = parentPort;
if (!port) throw new Error('listing-worker runs as a worker thread');
lowerThisThreadPriority();

port.on('message', (m: ToListingWorker) => {
  let reply: FromListingWorker;
  try {
    reply = { id: m.id, mapped: mapListingBytes(m.kind, Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength), true) };
    port.postMessage(reply);
  } catch {
    port.postMessage({ id: m.id, mapped: null } satisfies FromListingWorker);
  }
});
