import type { LogContext } from './format';
import { wallOfYear } from './scan';
import { utcToWall, wallToUtc, zoneOf, type Zone } from './zone';

/** A stamp may run ahead of the collection time by this much (clock skew, a line written during collection). */
const AHEAD = 2 * 86_400_000;

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

  update(ctx: LogContext): this {
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
    return wallToUtc(this.zone, wallMs);
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
      return wallToUtc(this.zone, w);
    }
    let wall = wallOfYear(packed, this.collectedYear);
    if (wall > this.collectedWall + AHEAD) wall = wallOfYear(packed, this.collectedYear - 1);
    return wallToUtc(this.zone, wall);
  }
}

const clock = new NodeClock();

export function nodeClock(ctx: LogContext): NodeClock {
  return clock.update(ctx);
}
