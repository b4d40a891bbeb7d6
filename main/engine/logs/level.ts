import type { LogLevel } from '../../../shared/api';
import { d2 } from './scan';

/** How far into a message the level markers of logfmt/JSON loggers are looked for. */
const MARKER_WINDOW = 300;

/** syslog/journald PRIORITY 0-7 (a facility above 7 is dropped) -> level. */
export function priorityLevel(priority: number): LogLevel | null {
  if (!(priority >= 0)) return null;
  const p = priority & 7;
  if (p <= 2) return 'fatal';
  if (p === 3) return 'error';
  if (p === 4) return 'warning';
  if (p <= 6) return 'info';
  return 'debug';
}

function klogLetter(c: number): LogLevel | null {
  if (c === 73) return 'info';
  if (c === 87) return 'warning';
  if (c === 69) return 'error';
  if (c === 70) return 'fatal';
  return null;
}

/** True when a klog header "Lmmdd hh:mm:ss.uuuuuu" starts at i. */
/**
 * Where a klog line's searchable part starts: its "file:line] message", past the level letter, date,
 * time and thread id ("I1105 09:50:27.583544  548093 "), which are one-off tokens. `at` when no header.
 */
export function afterKlogHeader(s: string, at: number): number {
  if (!isKlogHeader(s, at)) return at;
  const close = s.indexOf('] ', at + 13);
  if (close < 0) return at;
  const fileStart = s.lastIndexOf(' ', close) + 1;
  return fileStart > at ? fileStart : at;
}

export function isKlogHeader(s: string, i: number): boolean {
  return (
    klogLetter(s.charCodeAt(i)) !== null &&
    d2(s, i + 1) >= 0 &&
    d2(s, i + 3) >= 0 &&
    s.charCodeAt(i + 5) === 32 &&
    d2(s, i + 6) >= 0 &&
    s.charCodeAt(i + 8) === 58 &&
    d2(s, i + 9) >= 0 &&
    s.charCodeAt(i + 11) === 58 &&
    d2(s, i + 12) >= 0
  );
}

/** Level of the klog header at i (call isKlogHeader first). */
export function klogLevel(s: string, i: number): LogLevel | null {
  return klogLetter(s.charCodeAt(i));
}

/** Level named by the word s[i..j) (error, ERR, warn, Warning, crit, panic…), case-insensitive. */
function levelWord(s: string, i: number, j: number): LogLevel | null {
  const c = s.charCodeAt(i) | 32;
  const n = s.charCodeAt(i + 1) | 32;
  const len = j - i;
  if (c === 101 && n === 114) return len >= 3 && len <= 5 ? 'error' : null; // error, err, ERRO (logrus)
  if (c === 119 && n === 97) return len === 4 || len === 7 ? 'warning' : null; // warn, warning
  if (c === 105 && n === 110) return len === 4 ? 'info' : null;
  if (c === 100 && n === 101) return len === 5 || len === 4 ? 'debug' : null; // debug, DEBU (logrus)
  if (c === 116 && n === 114) return len === 5 ? 'debug' : null; // trace
  if (c === 102 && n === 97) return len === 5 ? 'fatal' : null;
  if (c === 112 && n === 97) return len === 5 ? 'fatal' : null; // panic
  if (c === 99 && n === 114) return len === 4 || len === 8 ? 'fatal' : null; // crit, critical
  if (c === 101 && n === 109) return len === 5 ? 'fatal' : null; // emerg
  if (c === 97 && n === 108) return len === 5 ? 'fatal' : null; // alert
  if (c === 110 && n === 111) return len === 6 ? 'info' : null; // notice
  return null;
}

/** Level named by the letters starting at i. */
export function levelAt(s: string, i: number): LogLevel | null {
  let j = i;
  while (isLetter(s.charCodeAt(j))) j++;
  return levelWord(s, i, j);
}

function isLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** "[ERROR]", "[warn]", "[FATAL]" (CoreDNS, nginx…) at i. */
function bracketLevel(s: string, i: number): LogLevel | null {
  let j = i + 1;
  while (isLetter(s.charCodeAt(j))) j++;
  return s.charCodeAt(j) === 93 ? levelWord(s, i + 1, j) : null;
}

/** logfmt "level=error" / level="warning" (logrus: dockerd, containerd, calico…) within the window. */
function logfmtLevel(s: string, i: number): LogLevel | null {
  const at = s.indexOf('level=', i);
  if (at < 0 || at - i > MARKER_WINDOW) return null;
  if (at > 0 && s.charCodeAt(at - 1) !== 32) return null;
  let v = at + 6;
  if (s.charCodeAt(v) === 92) v++; // level=\"error\" inside a JSON string (docker json-file)
  if (s.charCodeAt(v) === 34) v++;
  return levelAt(s, v);
}

/** JSON loggers: {"level":"info",…} (zap), {"severity":"ERROR",…}. */
function jsonLevel(s: string, i: number): LogLevel | null {
  let at = s.indexOf('"level":"', i);
  let len = 9;
  if (at < 0 || at - i > MARKER_WINDOW) {
    at = s.indexOf('"severity":"', i);
    len = 12;
  }
  if (at < 0 || at - i > MARKER_WINDOW) return null;
  return levelAt(s, at + len);
}

/** An upper-case word at i standing alone: "ERROR", "WARN", "FATAL", "PANIC", "INFO", "DEBUG"… */
function shoutedLevel(s: string, i: number): LogLevel | null {
  let j = i;
  for (let c = s.charCodeAt(j); c >= 65 && c <= 90; c = s.charCodeAt(++j));
  if (j - i < 3 || isLetter(s.charCodeAt(j)) || isDigitCode(s.charCodeAt(j))) return null;
  return levelWord(s, i, j);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A bracketed tag or an upper-case level word at i, nothing else (cheap: no search). */
export function wordLevel(s: string, i: number): LogLevel | null {
  const c = s.charCodeAt(i);
  if (c === 91) return bracketLevel(s, i);
  return c >= 65 && c <= 90 ? shoutedLevel(s, i) : null;
}

/**
 * The level a message states about itself, looked for at its start (i): a klog header, a bracketed
 * tag, an upper-case level word, "panic:", or a logfmt/JSON level field near the start. Null when the
 * message says nothing.
 */
export function messageLevel(s: string, i: number): LogLevel | null {
  const c = s.charCodeAt(i);
  if (c !== c) return null;
  if (c === 27) {
    const j = afterColours(s, i);
    return j > i ? messageLevel(s, j) : null;
  }
  if (isKlogHeader(s, i)) return klogLevel(s, i);
  if (c === 91) {
    const b = bracketLevel(s, i);
    if (b) return b;
  }
  if (c >= 65 && c <= 90) {
    const w = shoutedLevel(s, i);
    if (w) return w;
  }
  if (c === 112 && s.startsWith('panic: ', i)) return 'fatal';
  if (c === 123) return jsonLevel(s, i);
  return logfmtLevel(s, i);
}

/**
 * After the terminal colour codes at i ("ESC[36m", "ESC[0m": logrus and klog on a terminal, docker logs of a
 * container with a TTY); i when there are none.
 */
export function afterColours(s: string, i: number): number {
  while (s.charCodeAt(i) === 27 && s.charCodeAt(i + 1) === 91) {
    let j = i + 2;
    for (let c = s.charCodeAt(j); (c >= 48 && c <= 57) || c === 59; c = s.charCodeAt(++j));
    if (s.charCodeAt(j) !== 109) return i;
    i = j + 1;
  }
  return i;
}

/**
 * Kernel messages name no level in dmesg's plain form; these are the ones an operator must not miss
 * (hung tasks, OOM kills, oopses, panics).
 */
export function kernelLevel(s: string, i: number): LogLevel | null {
  if (s.startsWith('Kernel panic', i)) return 'fatal';
  if (s.startsWith('BUG: ', i) || s.startsWith('Oops', i)) return 'error';
  if (s.startsWith('INFO: task ', i) && s.includes(' blocked for more than ', i)) return 'error';
  if (s.startsWith('Out of memory', i) || s.startsWith('Memory cgroup out of memory', i)) return 'error';
  if (s.startsWith('Killed process ', i) || s.startsWith('oom-kill:', i)) return 'error';
  if (s.startsWith('WARNING: ', i)) return 'warning';
  if (s.startsWith('unregister_netdevice: waiting for', i)) return 'warning';
  return null;
}
