/**
 * The summary of one artifact's log lines, taken as they pass at ingest: their first and last line ids
 * (an artifact's lines are stored one after the other), their first time, their latest, and whether a
 * time ever comes before the latest one so far (a clock set back, lines written out of order). The Logs
 * view merges a bundle's logs by time from it (search/bundle-files.ts) without reading their lines again.
 */
export class LogSummary {
  firstId: number | null = null;
  lastId: number | null = null;
  first: number | null = null;
  max: number | null = null;
  stepsBack = false;

  /** Lines [firstId, lastId] were stored for the artifact (a batch of them: each call follows the one before). */
  lines(firstId: number, lastId: number): void {
    this.firstId ??= firstId;
    this.lastId = lastId;
  }

  /** A line's own time (a line without one keeps the one before it and changes nothing here). */
  add(ts: number): void {
    if (this.max === null) {
      this.first = ts;
      this.max = ts;
    } else if (ts < this.max) this.stepsBack = true;
    else this.max = ts;
  }

  /** The artifact row's log_first_ts, log_max_ts and log_steps_back. */
  timeColumns(): [number | null, number | null, number] {
    return [this.first, this.max, this.stepsBack ? 1 : 0];
  }

  /** The artifact row's log_first_id and log_last_id. */
  idColumns(): [number | null, number | null] {
    return [this.firstId, this.lastId];
  }
}
