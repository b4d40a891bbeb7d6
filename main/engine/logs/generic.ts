import type { LogLevel } from '../../../shared/api';
import { nodeClock } from './clock';
import type { LogContext, LogFormat, ParsedLine } from './format';
import { klogTime } from './klog';
import { afterColours, afterKlogHeader, isKlogHeader, klogLevel, messageLevel, wordLevel } from './level';
import { d2, readClock, readIso, readSyslogStamp, scan, skipSpaces, utcDay } from './scan';
import { cachedSourceFromPath } from './source';

/** How far into a line markers are looked for when its start names no level. */
const MARKER_REACH = 200;

/** "2022/09/14 15:11:11[.micro]" (Go's log package, nginx's error log): wall ms or NaN. */
function readSlashDate(s: string, i: number): number {
  const y = d2(s, i) * 100 + d2(s, i + 2);
  const mo = d2(s, i + 5);
  const d = d2(s, i + 8);
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || s.charCodeAt(i + 4) !== 47 || s.charCodeAt(i + 7) !== 47) return NaN;
  if (s.charCodeAt(i + 10) !== 32) return NaN;
  const clock = readClock(s, i + 11);
  return clock !== clock ? NaN : utcDay(y, mo, d) + clock;
}

const found = { ts: null as number | null, at: 0, level: null as LogLevel | null };

/** UTC ms of a stamp starting with a digit: ISO (zoned or on the node's clock) or Go's "yyyy/mm/dd". */
function digitStamp(s: string, i: number, ctx: LogContext): number {
  const iso = readIso(s, i);
  if (!Number.isNaN(iso)) return scan.zoned ? iso : nodeClock(ctx).wall(iso);
  const slashed = readSlashDate(s, i);
  return Number.isNaN(slashed) ? NaN : nodeClock(ctx).wall(slashed);
}

/**
 * Keys of the time in JSON-lines logs, most telling first: apiserver audit events, then the usual
 * time fields of JSON loggers (zap's "ts" may also be epoch seconds, read below).
 */
const JSON_TIME_KEYS = ['"requestReceivedTimestamp":"', '"time":"', '"timestamp":"', '"@timestamp":"', '"ts":"'];

function jsonTime(s: string, ctx: LogContext): number {
  for (const key of JSON_TIME_KEYS) {
    const at = s.indexOf(key);
    if (at >= 0) return digitStamp(s, at + key.length, ctx);
  }
  const at = s.indexOf('"ts":');
  if (at < 0) return NaN;
  const seconds = parseFloat(s.slice(at + 5, at + 25));
  return seconds > 1e8 && seconds < 1e11 ? Math.floor(seconds * 1000) : NaN;
}

function isLowerCode(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** After the prefix of a Go log.Logger at i (etcd's "raft2026/12/07 05:16:22 INFO: …"): where its date starts, else i. */
function goLogPrefixEnd(s: string, i: number): number {
  let j = i;
  while (j < i + 8 && isLowerCode(s.charCodeAt(j))) j++;
  return j > i && d2(s, j) >= 0 && d2(s, j + 2) >= 0 && s.charCodeAt(j + 4) === 47 ? j : i;
}

/** The timestamp a line starts with, if any (ISO, klog, Go log, syslog; bracketed, as logrus' time="…" or go-kit's ts=…). */
function leadingTime(s: string, ctx: LogContext): void {
  found.ts = null;
  found.at = 0;
  found.level = null;
  if (logrusTerminalLine(s, ctx)) return;
  let i = 0;
  if (s.charCodeAt(0) === 91) i = 1;
  else if (s.startsWith('time="', 0)) i = 6;
  else if (s.startsWith('ts=', 0)) i = 3; // go-kit logfmt: Prometheus, node-exporter, alertmanager
  else i = goLogPrefixEnd(s, 0);
  const c = s.charCodeAt(i);
  if (c === 123) {
    const t = jsonTime(s, ctx);
    if (!Number.isNaN(t)) found.ts = t;
    return;
  }
  if (isKlogHeader(s, i)) {
    // the header is the message's start: its letter is the level
    const t = klogTime(s, i, ctx);
    if (Number.isNaN(t)) return;
    found.ts = t;
    found.at = i;
    return;
  }
  let t: number;
  if (c >= 48 && c <= 57) t = digitStamp(s, i, ctx);
  else {
    const packed = readSyslogStamp(s, i);
    t = Number.isNaN(packed) ? NaN : nodeClock(ctx).noYear(packed);
  }
  if (Number.isNaN(t)) return;
  found.ts = t;
  let end = scan.end;
  if (s.charCodeAt(end) === 93 || s.charCodeAt(end) === 34) end++; // "]" or the closing quote of time="…"
  found.at = skipSpaces(s, end);
}

/**
 * logrus's text on a terminal, with full stamps (containerd or dockerd run in the foreground, a container
 * with a TTY): "INFO[2026-12-07T06:26:02.371400781Z] msg", coloured "ESC[36mINFO ESC[0m[…] msg". The
 * level word comes before the stamp. True when the line is one (found is set).
 */
function logrusTerminalLine(s: string, ctx: LogContext): boolean {
  const word = afterColours(s, 0);
  let i = word;
  while (isUpper(s.charCodeAt(i))) i++;
  if (i - word !== 4) return false;
  i = afterColours(s, i);
  const c = s.charCodeAt(i + 1);
  if (s.charCodeAt(i) !== 91 || c < 48 || c > 57) return false;
  const t = digitStamp(s, i + 1, ctx);
  if (Number.isNaN(t) || s.charCodeAt(scan.end) !== 93) return false;
  found.ts = t;
  found.at = skipSpaces(s, scan.end + 1);
  found.level = wordLevel(s, word);
  return true;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * The first level marker within reach: " E1105 " (a klog header after a prefix), an upper-case level
 * word, a bracketed tag, "panic:".
 */
function markerWithin(s: string, from: number): LogLevel | null {
  const to = Math.min(s.length, from + MARKER_REACH);
  for (let i = from; i < to; i++) {
    const prev = s.charCodeAt(i - 1);
    if (prev !== 32 && prev !== 91 && prev !== 58 && prev !== 9) continue;
    const c = s.charCodeAt(i);
    if (!isUpper(c) && c !== 91 && c !== 112) continue;
    if (isKlogHeader(s, i)) return klogLevel(s, i);
    const level = c === 112 ? (s.startsWith('panic:', i) ? 'fatal' : null) : wordLevel(s, i);
    if (level) return level;
  }
  return null;
}

/** etcd's capnslog (etcd 3.3 and older): "2019-10-02 07:12:01.123456 W | etcdserver: …". */
const CAPNSLOG: Record<string, LogLevel> = { C: 'fatal', E: 'error', W: 'warning', N: 'info', I: 'info', D: 'debug', T: 'debug' };

function capnslogLevel(s: string, at: number): LogLevel | null {
  return s.charCodeAt(at + 1) === 32 && s.charCodeAt(at + 2) === 124 && s.charCodeAt(at + 3) === 32 ? CAPNSLOG[s[at]] ?? null : null;
}

function levelOf(s: string, at: number): LogLevel | null {
  if (isKlogHeader(s, at)) return klogLevel(s, at);
  const capn = capnslogLevel(s, at);
  if (capn) return capn;
  return messageLevel(s, at) ?? markerWithin(s, at + 1);
}

/**
 * Level of a container's message that starts with its program's own stamp (etcd 3.4's capnslog and raft
 * lines, nginx, Go's log package), read after that stamp as in a plain file; null without such a stamp.
 */
export function levelAfterOwnStamp(s: string, at: number): LogLevel | null {
  const i = goLogPrefixEnd(s, at);
  const c = s.charCodeAt(i);
  if (c < 48 || c > 57) return null;
  if (Number.isNaN(readIso(s, i)) && Number.isNaN(readSlashDate(s, i))) return null;
  const end = s.charCodeAt(scan.end) === 93 ? scan.end + 1 : scan.end;
  return levelOf(s, skipSpaces(s, end));
}

/**
 * Any text log: a time when a common stamp starts the line (read on the node's clock when it names no
 * zone), the level from common markers (level=error, [ERROR], E1105, ERROR, FATAL, panic:; CoreDNS's
 * "[ERROR] plugin/errors:" and "[FATAL] plugin/loop:"), the source from the path.
 */
export const genericFormat: LogFormat = {
  kind: 'log',
  sniff: (lines) => lines.some((l) => l !== ''),
  parse(line: string, ctx: LogContext): ParsedLine {
    leadingTime(line, ctx);
    return {
      ts: found.ts,
      source: cachedSourceFromPath(ctx.artifactPath),
      level: found.level ?? levelOf(line, found.at),
      messageAt: afterKlogHeader(line, skipSpaces(line, found.at)),
    };
  },
};
