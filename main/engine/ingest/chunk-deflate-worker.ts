// Terminated when an ingest is cancelled or fails, maybe in the middle of a batch: zlib inside the fence.
import '../workers/fence-this-thread';
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';
import { deflateOptions, packPieces, unpackPieces, type FromDeflateWorker, type ToDeflateWorker } from './chunk-deflater';

/** Worker thread of chunk-deflater.ts: deflates each batch of raw chunks and sends it back, packed. */
const port = parentPort;
if (!port) throw new Error('chunk-deflate-worker runs as a worker thread');

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
