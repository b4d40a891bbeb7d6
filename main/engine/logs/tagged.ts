import type { LogLevel } from '../../../shared/api';
import { levelAt } from './level';

/**
 * The "host ident[pid]: message" part that journalctl's short formats and syslog files share.
 * readTag reads it from i (just after the stamp) and leaves the message start in tag.messageAt;
 * the ident string is reused while consecutive lines carry the same one, so most lines allocate nothing.
 */
export const tag = {
  ident: null as string | null,
  messageAt: 0,
  /** busybox syslogd writes "facility.level" between host and tag: that level, else null. */
  level: null as LogLevel | null,
};

let lastIdent = '';

export function readTag(s: string, i: number): void {
  tag.ident = null;
  tag.level = null;
  tag.messageAt = i;
  while (s.charCodeAt(i) === 32) i++;
  const hostEnd = s.indexOf(' ', i);
  if (hostEnd < 0) return;
  let start = hostEnd + 1;
  tag.level = null;
  const afterPriority = readFacilityLevel(s, start);
  if (afterPriority > 0) start = afterPriority;
  let j = start;
  for (let c = s.charCodeAt(j); c === c; c = s.charCodeAt(++j)) {
    if (c === 91 || c === 58) break; // '[' or ':'
    // ' ': "last message repeated 3 times"; '=' or '"': a logfmt message (time="2022-03-07T23:00:04Z" …)
    if (c === 32 || c === 61 || c === 34) {
      tag.messageAt = start; // no tag
      return;
    }
  }
  // All digits: the hour of a klog header read as host and tag ("I0306 22:51:40.558178 …"), not a program.
  if (j === start || j >= s.length || allDigits(s, start, j)) {
    tag.messageAt = start;
    return;
  }
  tag.ident = identAt(s, start, j);
  let k = j;
  if (s.charCodeAt(k) === 91) {
    const close = s.indexOf(']', k);
    k = close < 0 ? k : close + 1;
  }
  if (s.charCodeAt(k) === 58) k++;
  if (s.charCodeAt(k) === 32) k++;
  tag.messageAt = k;
}

/** "daemon.err " at i: sets tag.level and returns where the tag starts, or 0. */
function readFacilityLevel(s: string, i: number): number {
  let j = i;
  while (isLower(s.charCodeAt(j)) || isDigitCode(s.charCodeAt(j))) j++;
  if (j === i || j - i > 8 || s.charCodeAt(j) !== 46) return 0;
  const level = levelAt(s, j + 1);
  if (!level || s.charCodeAt(scanEnd(s, j + 1)) !== 32) return 0;
  tag.level = level;
  return scanEnd(s, j + 1) + 1;
}

function scanEnd(s: string, i: number): number {
  while (isLower(s.charCodeAt(i))) i++;
  return i;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function allDigits(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigitCode(s.charCodeAt(i))) return false;
  return true;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function identAt(s: string, start: number, end: number): string {
  if (end - start === lastIdent.length && s.startsWith(lastIdent, start)) return lastIdent;
  lastIdent = s.slice(start, end);
  return lastIdent;
}
