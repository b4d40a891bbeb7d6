import type { IngestProgress } from '../../../shared/api';

/** How often a display hears of the reading's progress: it shows only the latest report. */
const PROGRESS_SHOWN_MS = 100;

/**
 * The ingest reports at every entry: passed on as they came, a sosreport's /sys and /proc (100,000
 * files) were as many messages for the app's main thread to receive (9 us a file in all), or lines
 * for a terminal to draw. `show` hears at most every PROGRESS_SHOWN_MS, and always once the bundle
 * is published.
 */
export function everyTenthSecond(show: (p: IngestProgress) => void): (p: IngestProgress) => void {
  let last = -Infinity;
  return (p) => {
    const now = Date.now();
    if (p.published === null && now - last < PROGRESS_SHOWN_MS) return;
    last = now;
    show(p);
  };
}
