/**
 * Allocation-free readers of the timestamps log lines start with. Each reader looks at `s` from index `i`,
 * returns a number (NaN when the text is not that timestamp) and leaves where it stopped in `scan.end`.
 * Readers of zone-less stamps return "wall ms": the local clock reading as if it were UTC.
 */
export const scan = {
  end: 0,
  /** Set by readIso: whether the stamp carried Z or an offset (then the result is UTC). */
  zoned: false,
};

const ZERO = 48;
const DAY_MS = 86_400_000;

/**
 * ms at 00:00 UTC of a proleptic Gregorian date (month 1-12), by integer arithmetic: Date.UTC is a
 * builtin call that costs more than all the rest of a line's parsing. (H. Hinnant's days_from_civil.)
 */
export function utcDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) * DAY_MS;
}

export function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at i, or -1. */
export function d2(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function d4(s: string, i: number): number {
  const a = d2(s, i);
  const b = d2(s, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

/** Milliseconds of a fraction starting at i (digits only); leaves scan.end after the last digit. */
function fractionMs(s: string, i: number): number {
  let ms = 0;
  let n = 0;
  let j = i;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) {
    if (n < 3) ms = ms * 10 + c;
    n++;
  }
  for (; n < 3; n++) ms *= 10;
  scan.end = j;
  return ms;
}

/** "hh:mm:ss" with an optional ".fff…" or ",fff…" fraction: ms since midnight, or NaN. */
export function readClock(s: string, i: number): number {
  const h = d2(s, i);
  const m = d2(s, i + 3);
  const sec = d2(s, i + 6);
  if (h < 0 || m < 0 || sec < 0 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return NaN;
  if (h > 23 || m > 59 || sec > 60) return NaN;
  let ms = 0;
  scan.end = i + 8;
  const sep = s.charCodeAt(i + 8);
  if ((sep === 46 || sep === 44) && digit(s, i + 9) >= 0) ms = fractionMs(s, i + 9);
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** Zone suffix at i: Z, ±hh:mm, ±hhmm or ±hh. Returns the offset in ms (east positive) or NaN if none. */
function readOffset(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 90 || c === 122) {
    scan.end = i + 1;
    return 0;
  }
  if (c !== 43 && c !== 45) return NaN;
  const h = d2(s, i + 1);
  if (h < 0) return NaN;
  let m = 0;
  let end = i + 3;
  if (s.charCodeAt(end) === 58 && d2(s, end + 1) >= 0) {
    m = d2(s, end + 1);
    end += 3;
  } else if (d2(s, end) >= 0) {
    m = d2(s, end);
    end += 2;
  }
  scan.end = end;
  const off = (h * 60 + m) * 60_000;
  return c === 45 ? -off : off;
}

/**
 * "YYYY-MM-DD[T ]hh:mm:ss[.frac][Z|±hh:mm|±hhmm]" at i (RFC 3339, Go's RFC3339Nano with trimmed zeros,
 * conmon's fixed nanoseconds, dmesg's ",micros+hh:mm", journald's "+0800"). With a zone the result is UTC
 * ms and scan.zoned is true; without, it is wall ms.
 */
export function readIso(s: string, i: number): number {
  const y = d4(s, i);
  const mo = d2(s, i + 5);
  const d = d2(s, i + 8);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return NaN;
  const t = s.charCodeAt(i + 10);
  if (t !== 84 && t !== 32 && t !== 116) return NaN;
  const clock = readClock(s, i + 11);
  if (clock !== clock) return NaN;
  const wall = utcDay(y, mo, d) + clock;
  const clockEnd = scan.end;
  const off = readOffset(s, clockEnd);
  if (off !== off) {
    scan.end = clockEnd;
    scan.zoned = false;
    return wall;
  }
  scan.zoned = true;
  return wall - off;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** Month index 0-11 of an English three-letter abbreviation at i, or -1. */
export function readMonth(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  for (let m = 0; m < 12; m++) {
    const k = m * 3;
    if (MONTHS.charCodeAt(k) === a && MONTHS.charCodeAt(k + 1) === b && MONTHS.charCodeAt(k + 2) === c) return m;
  }
  return -1;
}

/** Packs month and day with the clock, for stamps without a year: month*1e10 + day*1e8 + ms of day. */
export function packNoYear(month: number, day: number, clockMs: number): number {
  return month * 1e10 + day * 1e8 + clockMs;
}

/**
 * "Mmm dd hh:mm:ss[.frac]" (syslog, journalctl short/short-precise; the day may be space-padded) at i.
 * Returns the packed month/day/clock (see packNoYear) or NaN.
 */
export function readSyslogStamp(s: string, i: number): number {
  const month = readMonth(s, i);
  if (month < 0 || s.charCodeAt(i + 3) !== 32) return NaN;
  let j = i + 4;
  if (s.charCodeAt(j) === 32) j++;
  let day = digit(s, j);
  if (day < 0) return NaN;
  if (digit(s, j + 1) >= 0) day = day * 10 + digit(s, ++j);
  if (day < 1 || day > 31 || s.charCodeAt(j + 1) !== 32) return NaN;
  const clock = readClock(s, j + 2);
  return clock !== clock ? NaN : packNoYear(month, day, clock);
}

/** Unpacks packNoYear into wall ms of the given year. */
export function wallOfYear(packed: number, year: number): number {
  const month = Math.floor(packed / 1e10);
  const day = Math.floor((packed % 1e10) / 1e8);
  return utcDay(year, month + 1, day) + (packed % 1e8);
}

/** Index of the first char at or after i that is not a space. */
export function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

/** "1796620628.033130 " (journalctl -o short-unix: seconds since the epoch, microseconds) at i: UTC ms or NaN. */
export function readEpochStamp(s: string, i: number): number {
  let seconds = 0;
  let j = i;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) seconds = seconds * 10 + c;
  if (j - i < 9 || j - i > 10 || s.charCodeAt(j) !== 46) return NaN;
  const dot = j;
  const ms = fractionMs(s, dot + 1);
  if (scan.end - dot !== 7 || s.charCodeAt(scan.end) !== 32) return NaN;
  return seconds * 1000 + ms;
}

const WEEKDAYS = 'MonTueWedThuFriSatSun';

function isWeekday(s: string, i: number): boolean {
  for (let k = 0; k < WEEKDAYS.length; k += 3) if (s.startsWith(WEEKDAYS.slice(k, k + 3), i)) return true;
  return false;
}

/**
 * "Mon 2026-12-07 13:17:08 CST" (journalctl -o short-full, -o with-unit) at i: the zone is named by its
 * abbreviation, which says the offset only when it is UTC/GMT or numeric ("+0530"); otherwise the result is
 * wall ms. NaN when not such a stamp; scan.zoned as readIso's, scan.end after the zone.
 */
export function readWeekdayStamp(s: string, i: number): number {
  if (!isWeekday(s, i) || s.charCodeAt(i + 3) !== 32) return NaN;
  const wall = readIso(s, i + 4);
  if (wall !== wall || scan.zoned || s.charCodeAt(scan.end) !== 32) return NaN;
  const zoneAt = scan.end + 1;
  if (s.startsWith('UTC ', zoneAt) || s.startsWith('GMT ', zoneAt)) {
    scan.end = zoneAt + 3;
    scan.zoned = true;
    return wall;
  }
  const off = readOffset(s, zoneAt);
  if (off === off && s.charCodeAt(scan.end) === 32) {
    scan.zoned = true;
    return wall - off;
  }
  let j = zoneAt;
  while (s.charCodeAt(j) >= 65 && s.charCodeAt(j) <= 90) j++;
  if (j === zoneAt || s.charCodeAt(j) !== 32) return NaN;
  scan.end = j;
  scan.zoned = false;
  return wall;
}
