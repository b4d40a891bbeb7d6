/**
 * The first import of a worker script whose thread may be terminated (started by startFencedWorker):
 * fences this thread's zlib calls before any other module takes hold of zlib (see zlib-fence.ts).
 */
import { workerData } from 'node:worker_threads';
import { fenceZlib, type FencedWorkerData } from './zlib-fence';

const chain = (workerData as Partial<FencedWorkerData> | null)?.zlibFences;
if (Array.isArray(chain) && chain.every((f) => f instanceof SharedArrayBuffer)) fenceZlib(chain);
