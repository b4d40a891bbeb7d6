/**
 * Lines of a block of a log whose times step back: the Logs view places such a log's lines in the merge
 * by the latest time of each block (search/time-order.ts).
 */
export const STEP_BLOCK = 256;

/**
 * The summary of one artifact's log lines, taken as they pass at ingest: their first and last line ids
 * (an artifact's lines are stored one after the other), their first time, their latest, and whether a
 * time ever comes before the latest one so far (a clock set back, lines written out of order); for such
 * a log, the latest time up to the end of each block of STEP_BLOCK lines. The Logs view merges a
 * bundle's logs by time from it (search/bundle-files.ts) without reading their lines again.
 */
export class LogSummary {
  firstId: number | null = null;
  lastId: number | null = null;
  first: number | null = null;
  max: number | null = null;
  stepsBack = false;
  private rows = 0;
  /** The latest time at the end of each full block so far (-Infinity before any time). */
  private readonly blockLatest: number[] = [];

  /** Lines [firstId, lastId] were stored for the artifact (a batch of them: each call follows the one before). */
  lines(firstId: number, lastId: number): void {
    this.firstId ??= firstId;
    this.lastId = lastId;
  }

  /** A stored line of a log, with its own time (null: it keeps the one before it, and changes nothing here). */
  row(ts: number | null): void {
    if (ts !== null) this.add(ts);
    if (++this.rows % STEP_BLOCK === 0) this.blockLatest.push(this.max ?? -Infinity);
  }

  private add(ts: number): void {
    if (this.max === null) {
      this.first = ts;
      this.max = ts;
    } else if (ts < this.max) this.stepsBack = true;
    else this.max = ts;
  }

  /** The artifact row's log_first_ts, log_max_ts, log_steps_back and log_block_latest. */
  timeColumns(): [number | null, number | null, number, Buffer | null] {
    return [this.first, this.max, this.stepsBack ? 1 : 0, this.stepsBack ? this.blockColumn() : null];
  }

  /** The artifact row's log_first_id and log_last_id. */
  idColumns(): [number | null, number | null] {
    return [this.firstId, this.lastId];
  }

  /** Each block's latest time, the last (partial) block's included, as float64s. */
  private blockColumn(): Buffer {
    const latest = this.rows % STEP_BLOCK ? [...this.blockLatest, this.max ?? -Infinity] : this.blockLatest;
    return Buffer.from(Float64Array.from(latest).buffer);
  }
}

/** A log_block_latest column as written by LogSummary, or null when it is not one (a damaged row). */
export function blockLatestOf(column: unknown, lines: number): Float64Array | null {
  if (!Buffer.isBuffer(column) || column.length !== Math.ceil(lines / STEP_BLOCK) * 8) return null;
  // Copied out: the column's bytes need not be aligned for a Float64Array over them.
  return new Float64Array(Uint8Array.from(column).buffer);
}
