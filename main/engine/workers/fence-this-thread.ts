/**
 * The first import of a worker script whose thread may be terminated (started by startFencedWorker):
 * fences this thread's zlib calls before any other module takes hold of zlib (see zlib-fence.ts).
 */
import { workerData } from 'node:worker_threads';
import { fenceZlib, type FencedWorkerData } from './zlib-fence';

const fence = (workerData as Partial<FencedWorkerData> | null)?.zlibFence;
if (fence instanceof SharedArrayBuffer) fenceZlib(fence);
