/**
 * The node's clock: local wall times (syslog, klog, dmesg -T, short journal stamps) to UTC, DST-correct,
 * with Intl only. Offsets are looked up once per quarter hour of time and cached, so a multi-GB log
 * costs a handful of Intl calls, not one per line.
 */
const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;
const CACHE_LIMIT = 4096;

export interface Zone {
  /** Offset from UTC (ms, east positive) in force at this UTC instant. */
  offsetAt(utcMs: number): number;
}

class FixedZone implements Zone {
  constructor(private readonly offset: number) {}
  offsetAt(): number {
    return this.offset;
  }
}

class IanaZone implements Zone {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

  constructor(name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetAt(utcMs: number): number {
    const bucket = Math.floor(utcMs / QUARTER_HOUR);
    const known = this.cache.get(bucket);
    if (known !== undefined) return known;
    const offset = this.compute(bucket * QUARTER_HOUR);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(bucket, offset);
    return offset;
  }

  private compute(utcMs: number): number {
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const part of this.format.formatToParts(utcMs)) {
      const v = Number(part.value);
      if (part.type === 'year') y = v;
      else if (part.type === 'month') mo = v;
      else if (part.type === 'day') d = v;
      else if (part.type === 'hour') h = v;
      else if (part.type === 'minute') mi = v;
      else if (part.type === 'second') s = v;
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - utcMs;
  }
}

const UTC = new FixedZone(0);
const zones = new Map<string, Zone>();

/** "+08:00", "-0530", "+08" -> ms east of UTC; NaN if not an offset. */
export function parseFixedOffset(text: string): number {
  const m = /^(?:UTC|GMT)?([+-])(\d\d):?(\d\d)?$/.exec(text.trim());
  if (!m) return NaN;
  const ms = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
  return m[1] === '-' ? -ms : ms;
}

/** The zone a bundle names (IANA name or fixed offset); null, unknown or unreadable names are UTC. */
export function zoneOf(name: string | null): Zone {
  if (!name) return UTC;
  let zone = zones.get(name);
  if (zone) return zone;
  const fixed = /^(?:Etc\/)?(?:UTC|GMT|UCT|Zulu|Universal)$|^Z$/.test(name.trim()) ? 0 : parseFixedOffset(name);
  if (fixed === fixed) zone = new FixedZone(fixed);
  else {
    try {
      zone = new IanaZone(name.trim());
    } catch {
      zone = UTC;
    }
  }
  zones.set(name, zone);
  return zone;
}

/**
 * UTC ms of a local wall time. Like Temporal's "compatible": a time that occurs twice (clocks going back)
 * is the earlier instant; a time that never occurred (clocks going forward) is read with the offset
 * before the change, landing after the gap.
 */
export function wallToUtc(zone: Zone, wallMs: number): number {
  const before = zone.offsetAt(wallMs - DAY);
  const after = zone.offsetAt(wallMs + DAY);
  if (before === after) {
    const off = zone.offsetAt(wallMs - before);
    return wallMs - off;
  }
  const earlier = Math.max(before, after);
  const later = Math.min(before, after);
  if (zone.offsetAt(wallMs - earlier) === earlier) return wallMs - earlier;
  if (zone.offsetAt(wallMs - later) === later) return wallMs - later;
  return wallMs - before;
}

/** The later of the two instants of a wall time the clocks show twice (when they go back), else null. */
export function secondShowing(zone: Zone, wallMs: number): number | null {
  const before = zone.offsetAt(wallMs - DAY);
  const after = zone.offsetAt(wallMs + DAY);
  if (before <= after) return null;
  const first = wallMs - before;
  const second = wallMs - after;
  return zone.offsetAt(first) === before && zone.offsetAt(second) === after ? second : null;
}

/** Wall ms on the node's clock at a UTC instant. */
export function utcToWall(zone: Zone, utcMs: number): number {
  return utcMs + zone.offsetAt(utcMs);
}
