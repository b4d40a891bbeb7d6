import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * How far a heap may grow past what its last full collection kept, in MB, whatever V8 would allow.
 * V8 lets a heap of a 2 GB-limit process reach up to four times what survived: the ingest's thread keeps
 * 35-40 MB of per-file state at 200,000 small files but allocates fast, and its heap sat at 95-130 MB,
 * with 60 MB of the reading's buffers not yet given back. Held to 24 MB past what survived, that shape's
 * peak RSS was 256-270 MB against 289-352, in as little time. A must-gather's thread keeps 15 MB, so
 * grows by 160%, and took no longer; a growth in percent tight enough for the 200,000 files collected
 * its small heap every few MB and cost it 3.5% (docs/ingest-speed.md, session 40).
 */
const SLACK_BYTES = 24 * 2 ** 20;
/**
 * Past this resident size every heap grows by a fifth, whatever it kept: a churning node of 300 MiB
 * peaked at 356-368 MB without it, 335-362 with it (4 runs); rotated logs of 300 MiB 395-400, then 345-346.
 */
const TIGHT_ABOVE_RSS = 300 * 2 ** 20;
const TIGHT_GROWING_PERCENT = 20;
/** At this growth or above, V8 chooses (its own factor reaches 300%); 0 is V8's choice in its flag. */
const V8_CHOICE_FROM_PERCENT = 300;
const CHECK_EVERY_MS = 100;

/**
 * The growth every heap of the process is given (V8's `--heap-growing-percent`; 0: V8 chooses), from
 * the resident size and what the watching thread's last full collection kept (0: none yet).
 */
export function growingPercent(rssBytes: number, keptBytes: number): number {
  if (rssBytes > TIGHT_ABOVE_RSS) return TIGHT_GROWING_PERCENT;
  if (keptBytes <= 0) return 0;
  const percent = Math.round((SLACK_BYTES / keptBytes) * 100);
  return percent >= V8_CHOICE_FROM_PERCENT ? 0 : Math.max(TIGHT_GROWING_PERCENT, percent);
}

/** A gc entry's kind (its `detail`, which this version of Node's typings does not declare). */
function gcKind(entry: PerformanceEntry): number | undefined {
  return (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
}

let watching = false;
/** What this thread's last full collection kept, while an ingest runs on it (0: none, or no ingest). */
let kept = 0;
let followers = 0;
let observer: PerformanceObserver | null = null;
/** The growth this thread last gave the process (0: V8's choice). */
let current = 0;

function setGrowth(wanted: number): void {
  if (wanted === current) return;
  current = wanted;
  v8.setFlagsFromString(`--heap-growing-percent=${wanted}`);
}

/**
 * Watches the process's resident size every CHECK_EVERY_MS and, while an ingest runs on this thread,
 * what its full collections keep; sets the growth of every heap of the process (V8's flag is
 * process-wide). Called by the CLI and by the ingest's worker thread.
 */
export function watchHeapGrowth(): void {
  if (watching) return;
  watching = true;
  setInterval(() => setGrowth(growingPercent(process.memoryUsage.rss(), kept)), CHECK_EVERY_MS).unref();
}

/**
 * For the length of an ingest on this thread: its full collections' kept size sets the heaps' slack
 * (measured on ingests only; other work keeps V8's growth). Returns the release, which gives V8 its
 * choice back at once (a worker thread that ingested ends right after).
 */
export function followIngestHeap(): () => void {
  if (followers++ === 0) {
    // Read as the entry is delivered, a little after the collection: what was allocated since counts as kept.
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (gcKind(entry) === constants.NODE_PERFORMANCE_GC_MAJOR) kept = v8.getHeapStatistics().used_heap_size;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--followers > 0) return;
    observer?.disconnect();
    observer = null;
    kept = 0;
    if (watching) setGrowth(growingPercent(process.memoryUsage.rss(), 0));
  };
}
