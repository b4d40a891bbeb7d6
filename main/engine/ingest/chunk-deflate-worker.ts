// Terminated when an ingest is cancelled or fails, maybe in the middle of a batch: zlib inside the fence.
import '../workers/fence-this-thread';
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';
import { deflateOptions, packPieces, unpackPieces, type FromDeflateWorker, type ToDeflateWorker } from './chunk-deflater';
import { lowerThisThreadPriority } from './thread-priority';

/** Worker thread of chunk-deflater.ts: deflates each batch of raw chunks and sends it back, packed. */
const port = parentPort;
if (!port) throw new Error('chunk-deflate-worker runs as a worker thread');

/**
 * At the same priority, the ingest's thread lost its core each time a batch woke this thread: 0.76 s
 * of a 14 s ingest of 200,000 small pod logs showed in its postMessage. The ingest waits for this
 * thread only once 4 MB are in flight, and then leaves it a core. 200,000 pod logs reached findings
 * 4-7% sooner (the medians of four sets of 3-4 alternate pairs; the last: 10.9-11.5 s against 11.5-12.2 s);
 * hotsos, Harvester, a churning node, the rotated /var/log and a node's zip within noise.
 */
lowerThisThreadPriority();

port.on('message', (m: ToDeflateWorker) => {
  let reply: FromDeflateWorker;
  try {
    const data = packPieces(unpackPieces(m.pieces).map((p) => zlib.deflateRawSync(p, deflateOptions(p.length))));
    reply = { type: 'deflated', id: m.id, data };
  } catch (e) {
    reply = { type: 'error', id: m.id, message: (e as Error).message };
  }
  port.postMessage(reply, reply.type === 'deflated' ? [reply.data.bytes.buffer] : []);
});
