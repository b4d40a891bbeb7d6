/**
 * The summary of one log's times, taken as its lines pass at ingest: its first time, its latest, and
 * whether a time ever comes before the latest one so far (a clock set back, lines written out of
 * order). The Logs view merges a bundle's logs by time from it (search/bundle-files.ts) without reading
 * every line's time again.
 */
export class LogTimes {
  first: number | null = null;
  max: number | null = null;
  stepsBack = false;

  /** A line's own time (a line without one keeps the one before it and changes nothing here). */
  add(ts: number): void {
    if (this.max === null) {
      this.first = ts;
      this.max = ts;
    } else if (ts < this.max) this.stepsBack = true;
    else this.max = ts;
  }

  /** The artifact row's log_first_ts, log_max_ts and log_steps_back. */
  columns(): [number | null, number | null, number] {
    return [this.first, this.max, this.stepsBack ? 1 : 0];
  }
}
