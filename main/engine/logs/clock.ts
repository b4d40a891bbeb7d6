import type { LogContext } from './format';
import { wallOfYear } from './scan';
import { secondShowing, utcToWall, wallToUtc, zoneOf, type Zone } from './zone';

/** A stamp may run ahead of the collection time by this much (clock skew, a line written during collection). */
const AHEAD = 2 * 86_400_000;

/** Lines may come this far out of order; further back, in the hour clocks show twice, is its second showing. */
const OUT_OF_ORDER = 10 * 60_000;

/** The node's zone and the collection time on its clock, for one bundle; recomputed when the context changes. */
class NodeClock {
  zone: Zone = zoneOf(null);
  collectedWall = 0;
  collectedYear = 1970;
  private timezone: string | null = null;
  private collectedAtMs: number | null | undefined = undefined;
  private notBeforeMs: number | null | undefined = undefined;
  /** Wall time of the lower bound, when the log gives one instead of a collection time. */
  notBeforeWall: number | null = null;

  /** The context of the log being read, and the instant of its last stamp read on this clock. */
  private reading: LogContext | null = null;
  private lastUtc = -Infinity;

  update(ctx: LogContext): this {
    if (ctx !== this.reading) {
      this.reading = ctx;
      this.lastUtc = -Infinity;
    }
    const notBefore = ctx.notBeforeMs ?? null;
    if (ctx.timezone === this.timezone && ctx.collectedAtMs === this.collectedAtMs && notBefore === this.notBeforeMs) return this;
    this.timezone = ctx.timezone;
    this.collectedAtMs = ctx.collectedAtMs;
    this.notBeforeMs = notBefore;
    this.notBeforeWall = notBefore === null ? null : utcToWall(zoneOf(ctx.timezone), notBefore);
    this.zone = zoneOf(ctx.timezone);
    // Without a collection time, the log is taken to be recent.
    this.collectedWall = utcToWall(this.zone, ctx.collectedAtMs ?? Date.now());
    this.collectedYear = new Date(this.collectedWall).getUTCFullYear();
    return this;
  }

  /** UTC ms of a local wall time. */
  wall(wallMs: number): number {
    return this.inOrder(wallMs, wallToUtc(this.zone, wallMs));
  }

  /**
   * A log is read in order: a wall time of the hour clocks show twice (DST ends) that would go back
   * past the previous line is its second showing. A lone line keeps the first (wallToUtc's choice).
   */
  private inOrder(wallMs: number, utc: number): number {
    if (utc < this.lastUtc - OUT_OF_ORDER) utc = secondShowing(this.zone, wallMs) ?? utc;
    this.lastUtc = utc;
    return utc;
  }

  /**
   * UTC ms of a year-less local stamp (see packNoYear): the year of the collection, or the one before
   * when that would put the line after the collection (a December line in a January bundle).
   */
  noYear(packed: number): number {
    if (this.notBeforeWall !== null) {
      const year = new Date(this.notBeforeWall).getUTCFullYear();
      let w = wallOfYear(packed, year);
      if (w < this.notBeforeWall - AHEAD) w = wallOfYear(packed, year + 1);
      return this.wall(w);
    }
    let wall = wallOfYear(packed, this.collectedYear);
    if (wall > this.collectedWall + AHEAD) wall = wallOfYear(packed, this.collectedYear - 1);
    return this.wall(wall);
  }
}

const clock = new NodeClock();

export function nodeClock(ctx: LogContext): NodeClock {
  return clock.update(ctx);
}
