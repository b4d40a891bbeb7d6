import type { LogLevel } from '../../../shared/api';
import { nodeClock } from './clock';
import type { LogContext, LogFormat, ParsedLine } from './format';
import { kernelLevel, levelAt, messageLevel, priorityLevel } from './level';
import { digit, readClock, readIso, readMonth, scan, skipSpaces, utcDay } from './scan';

const SOURCE = 'kernel';

/** "[  123.456789]" at i: ms since boot, or NaN; scan.end after "]". */
function readUptime(s: string, i: number): number {
  if (s.charCodeAt(i) !== 91) return NaN;
  let j = skipSpaces(s, i + 1);
  let secs = 0;
  const start = j;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) secs = secs * 10 + c;
  if (j === start || s.charCodeAt(j) !== 46) return NaN;
  let frac = 0;
  let scale = 1;
  for (let c = digit(s, ++j); c >= 0; c = digit(s, ++j)) {
    frac = frac * 10 + c;
    scale *= 10;
  }
  if (s.charCodeAt(j) !== 93) return NaN;
  scan.end = j + 1;
  return secs * 1000 + Math.floor((frac * 1000) / scale);
}

/** "[Sun Nov 22 13:04:24 2026]" (dmesg -T, the node's local time) at i: wall ms, or NaN. */
function readCtime(s: string, i: number): number {
  if (s.charCodeAt(i) !== 91 || s.charCodeAt(i + 4) !== 32) return NaN;
  const month = readMonth(s, i + 5);
  if (month < 0) return NaN;
  let j = skipSpaces(s, i + 9);
  let day = 0;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) day = day * 10 + c;
  const clock = readClock(s, j + 1);
  if (clock !== clock || day < 1 || day > 31) return NaN;
  j = scan.end + 1;
  let year = 0;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) year = year * 10 + c;
  if (s.charCodeAt(j) !== 93 || year < 1970) return NaN;
  scan.end = j + 1;
  return utcDay(year, month + 1, day) + clock;
}

/** "<6>" (dmesg -r): the priority, facility included; NaN if none. scan.end after ">". */
function readPriority(s: string, i: number): number {
  if (s.charCodeAt(i) !== 60) return NaN;
  let j = i + 1;
  let p = 0;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) p = p * 10 + c;
  if (j === i + 1 || s.charCodeAt(j) !== 62) return NaN;
  scan.end = j + 1;
  return p;
}

/** "kern  :err   : " (dmesg -x): the level word, or null. scan.end after it. */
function readDecoded(s: string, i: number): LogLevel | null {
  const colon = s.indexOf(':', i);
  if (colon < 0 || colon - i > 8) return null;
  const second = s.indexOf(':', colon + 1);
  if (second < 0 || second - colon > 8) return null;
  const level = levelAt(s, colon + 1);
  if (!level) return null;
  scan.end = skipSpaces(s, second + 1);
  return level;
}

/** Digits at i as a number, or NaN; scan.end after them. */
function readUint(s: string, i: number): number {
  let n = 0;
  let j = i;
  for (let c = digit(s, j); c >= 0; c = digit(s, ++j)) n = n * 10 + c;
  scan.end = j;
  return j === i ? NaN : n;
}

/** What readKmsg read. */
const record = { priority: 0, usec: 0 };

/**
 * "6,1234,37668186620,-;" at the line's start: a record as /dev/kmsg hands it out (priority with facility,
 * sequence, µs since boot, flags, maybe more fields). True and `record` set, scan.end after ";".
 */
function readKmsg(s: string): boolean {
  const priority = readUint(s, 0);
  if (priority !== priority || s.charCodeAt(scan.end) !== 44) return false;
  const sequence = readUint(s, scan.end + 1);
  if (sequence !== sequence || s.charCodeAt(scan.end) !== 44) return false;
  const usec = readUint(s, scan.end + 1);
  if (usec !== usec || s.charCodeAt(scan.end) !== 44) return false;
  const semicolon = s.indexOf(';', scan.end);
  if (semicolon < 0 || semicolon - scan.end > 32) return false;
  record.priority = priority;
  record.usec = usec;
  scan.end = semicolon + 1;
  return true;
}

/** What stampOf read (module state: parse() runs once per line and allocates only its result). */
const stamp = { ts: null as number | null, level: null as LogLevel | null, at: 0 };

function stampOf(s: string, ctx: LogContext): void {
  let i = 0;
  stamp.ts = null;
  stamp.level = null;
  const p = readPriority(s, 0);
  if (p === p) {
    stamp.level = priorityLevel(p);
    i = scan.end;
  } else if (s.charCodeAt(0) !== 91 && (stamp.level = readDecoded(s, 0))) i = scan.end;
  stamp.at = i;
  const c = s.charCodeAt(i);
  if (c === 91) {
    const up = readUptime(s, i);
    if (up === up) {
      stamp.ts = ctx.bootTimeMs === null ? null : ctx.bootTimeMs + up;
      stamp.at = scan.end;
      return;
    }
    const wall = readCtime(s, i);
    if (wall === wall) {
      stamp.ts = nodeClock(ctx).wall(wall);
      stamp.at = scan.end;
    }
  } else if (c >= 48 && c <= 57 && i === 0 && readKmsg(s)) {
    stamp.level = priorityLevel(record.priority);
    stamp.ts = ctx.bootTimeMs === null ? null : ctx.bootTimeMs + Math.floor(record.usec / 1000);
    stamp.at = scan.end;
  } else if (c >= 48 && c <= 57) {
    const t = readIso(s, i);
    if (t === t) {
      stamp.ts = scan.zoned ? t : nodeClock(ctx).wall(t);
      stamp.at = scan.end;
    }
  }
}

function isNumber(n: number): boolean {
  return n === n;
}

function looksLikeDmesg(line: string): boolean {
  let i = 0;
  if (isNumber(readPriority(line, 0))) i = scan.end;
  else if (readDecoded(line, 0)) i = scan.end;
  if (isNumber(readUptime(line, i)) || isNumber(readCtime(line, i))) return true;
  if (i === 0 && readKmsg(line)) return true;
  // dmesg --time-format iso: a comma before the microseconds, unlike journald's and syslog's stamps
  return isNumber(readIso(line, i)) && scan.zoned && line.charCodeAt(i + 19) === 44;
}

/**
 * The kernel ring buffer: `dmesg` (seconds since boot, made wall time with the node's boot time),
 * `dmesg -r` (priority prefix), `dmesg --time-format iso`, `dmesg -T`, `dmesg -x`, /dev/kmsg's records, or
 * no stamps at all.
 * Level: the priority when dmesg printed it, else what the message says (hung task, OOM kill, panic…).
 */
export const dmesgFormat: LogFormat = {
  kind: 'dmesg',
  sniff(lines: string[]): boolean {
    const seen = lines.filter((l) => l !== '');
    return seen.length > 0 && seen.filter(looksLikeDmesg).length * 2 >= seen.length;
  },
  parse(line: string, ctx: LogContext): ParsedLine {
    stampOf(line, ctx);
    const at = skipSpaces(line, stamp.at);
    const level = stamp.level ?? kernelLevel(line, at) ?? messageLevel(line, at);
    return { ts: stamp.ts, source: SOURCE, level, messageAt: at };
  },
};
