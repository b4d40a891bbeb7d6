import type { LogLevel } from '../../../shared/api';
import { nodeClock } from './clock';
import type { LogContext, LogFormat, ParsedLine } from './format';
import { afterKlogHeader, kernelLevel, messageLevel } from './level';
import { readEpochStamp, readIso, readSyslogStamp, readWeekdayStamp, scan, skipSpaces } from './scan';
import { journalUnitOf } from './source';
import { readTag, tag } from './tagged';

/**
 * UTC ms of the stamp a journalctl short line or a syslog line starts with: ISO with an offset
 * (short-iso, short-iso-precise, rsyslog's high-precision format) or "Mmm dd hh:mm:ss[.usec]" on the
 * node's clock (short, short-precise, traditional syslog), at `at`; also short-unix's epoch seconds and
 * short-full's "Mon 2026-12-07 13:17:08 CST". NaN if none; scan.end is left after it.
 */
export function stampedLineTime(s: string, ctx: LogContext, at = 0): number {
  const c = s.charCodeAt(at);
  if (c >= 48 && c <= 57) {
    const t = readIso(s, at);
    if (t !== t) return readEpochStamp(s, at);
    return scan.zoned ? t : nodeClock(ctx).wall(t);
  }
  const packed = readSyslogStamp(s, at);
  if (packed === packed) return nodeClock(ctx).noYear(packed);
  const full = readWeekdayStamp(s, at);
  return full !== full || scan.zoned ? full : nodeClock(ctx).wall(full);
}

/** Level of a journal or syslog message: what the message says (klog, logfmt…), the kernel's own words. */
export function taggedMessageLevel(s: string): LogLevel | null {
  const level = messageLevel(s, tag.messageAt) ?? tag.level;
  if (level || tag.ident !== 'kernel') return level;
  let at = tag.messageAt;
  // kern.log: "kernel: [12345.678901] INFO: task …"
  if (s.charCodeAt(at) === 91) at = skipSpaces(s, s.indexOf(']', at) + 1);
  return kernelLevel(s, at);
}

function isBanner(line: string): boolean {
  return line.startsWith('-- ');
}

function isIsoStamped(line: string): boolean {
  const t = readIso(line, 0);
  return t === t && scan.zoned;
}

/** short-unix's and short-full's stamps are journalctl's alone. */
function isOwnStamp(line: string): boolean {
  const c = line.charCodeAt(0);
  const t = c >= 48 && c <= 57 ? readEpochStamp(line, 0) : readWeekdayStamp(line, 0);
  return t === t;
}

/** journalctl's classic stamps are only told from syslog's by their microseconds. */
function isPreciseClassic(line: string): boolean {
  const t = readSyslogStamp(line, 0);
  return t === t && line.charCodeAt(scan.end - 7) === 46;
}

function sniff(lines: string[]): boolean {
  let seen = 0;
  let hits = 0;
  for (const line of lines) {
    if (line === '' || line.startsWith(' ')) continue;
    if (line.startsWith('-- Logs begin at') || line.startsWith('-- Journal begins at') || line === '-- No entries --') return true;
    seen++;
    if (isIsoStamped(line) || isPreciseClassic(line) || isOwnStamp(line)) {
      readTag(line, scan.end);
      if (tag.ident) hits++;
    }
  }
  return seen > 0 && hits * 2 >= seen;
}

/**
 * `journalctl -o short-iso-precise` (the collector's form), short-iso, short-precise and short.
 * Source: the unit the export was made for (logs/journal/<unit>.log), else the line's identifier.
 * Level: the message's own (a kubelet line's klog letter), else none: the text forms drop PRIORITY.
 * Banners ("-- Boot … --") and continuation lines have no time.
 */
export const journalFormat: LogFormat = {
  kind: 'journal',
  sniff,
  parse(line: string, ctx: LogContext): ParsedLine {
    const unit = journalUnitOf(ctx.artifactPath);
    if (isBanner(line)) return { ts: null, source: unit, level: null };
    const ts = stampedLineTime(line, ctx);
    if (ts !== ts) return { ts: null, source: unit, level: null };
    readTag(line, scan.end);
    return { ts, source: unit ?? tag.ident, level: taggedMessageLevel(line), messageAt: afterKlogHeader(line, tag.messageAt) };
  },
};
