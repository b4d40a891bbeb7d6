import v8 from 'node:v8';

/**
 * How far past what it held after a full collection V8 lets a heap grow before the next: 50% here.
 * V8's own choice on a machine with 2 GB of heap or more is up to 300%, and the ingest's thread holds
 * little (35-40 MB of per-file state at 80,000 files) but allocates fast: its heap sat at 95-105 MB.
 * Measured (peak RSS of the CLI ingest, 2 runs each): a churning node of 300 MiB 356-368 MB, now
 * 339-346; a node's rotated logs, 300 MiB, 395-400 MB, now 338-343; 100,000 small pod logs 280-287 MB,
 * now 248-256, for 3-5% more CPU there and none on the 1 GiB bench bundle.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Sets that growth for every heap of this process (each worker thread's too), from the next collection
 * on: called first by the CLI and by the app's main process.
 */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
