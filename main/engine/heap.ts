import v8 from 'node:v8';

/**
 * Past this resident size the process's heaps grow by a fifth of what their last full collection kept,
 * not by V8's own choice. With 2 GB of heap or more V8 lets a heap reach four times what survived: the
 * ingest's thread keeps 35-40 MB of per-file state at 80,000 files but allocates fast, and its heap sat
 * at 95-105 MB. Held in from the start (50%), a small heap was collected every 100 ms and a
 * must-gather's findings came 4% later; past 300 MB only, the bundles that need it are held in and the
 * others run as before. Peak RSS of the CLI ingest at the issue's sizes: a churning node of 300 MiB
 * 356-368 MB, now 335-362 (4 runs); rotated logs of 300 MiB 395-400 MB, now 345-346.
 */
const TIGHT_ABOVE_RSS = 300 * 2 ** 20;
const TIGHT_GROWING_PERCENT = 20;
const CHECK_EVERY_MS = 100;

let watching = false;
let tight = false;

/**
 * Watches the process's resident size from this thread, every CHECK_EVERY_MS, and sets the growth of
 * every heap of the process (V8's flag is process-wide; 0 gives V8 its choice back). Called by the CLI
 * and by the ingest's worker thread; threads that both watch decide alike, from the same figure.
 */
export function watchHeapGrowth(): void {
  if (watching) return;
  watching = true;
  setInterval(() => {
    const wanted = process.memoryUsage.rss() > TIGHT_ABOVE_RSS;
    if (wanted === tight) return;
    tight = wanted;
    v8.setFlagsFromString(`--heap-growing-percent=${wanted ? TIGHT_GROWING_PERCENT : 0}`);
  }, CHECK_EVERY_MS).unref();
}
