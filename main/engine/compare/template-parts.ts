/**
 * The parts of a log line that templates.ts masks, one matcher each. A matcher is given the line and
 * a position; it returns where its part ends when the part starts there, else -1. Each follows, to
 * the character, one alternative of the regular expression that defines templates
 * (test/compare/template-regex.ts): word boundaries, digit counts and backtracking included.
 */

import { readMonth } from '../logs/scan';
import { BACKSLASH, COLON, DOT, DQUOTE, EQUALS, RBRACKET, SLASH, SQUOTE } from '../text/char-codes';


function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** \w without the u flag: ASCII letters, digits, underscore. NaN (past either end) is not a word character. */
function isWord(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** \s: JavaScript's white space and line terminators. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** \b at position i. */
export function boundaryAt(s: string, i: number): boolean {
  return isWord(s.charCodeAt(i - 1)) !== isWord(s.charCodeAt(i));
}

/** \b right after a word character: nothing or a non-word character follows. */
function wordEndsAt(s: string, i: number): boolean {
  return !isWord(s.charCodeAt(i));
}

function digitsEnd(s: string, i: number): number {
  while (isDigit(s.charCodeAt(i))) i++;
  return i;
}

/** True when s has exactly `n` digits from i (more may follow). */
function digitsAt(s: string, i: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!isDigit(s.charCodeAt(i + k))) return false;
  return true;
}

function hexAt(s: string, i: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!isHex(s.charCodeAt(i + k))) return false;
  return true;
}

export function matchNode(s: string, i: number, node: string): number {
  if (!boundaryAt(s, i) || !s.startsWith(node, i)) return -1;
  const end = i + node.length;
  return boundaryAt(s, end) ? end : -1;
}

/** hh:mm:ss from i (no boundary checks); the index after it, or -1. */
function clockEnd(s: string, i: number): number {
  const ok = digitsAt(s, i, 2) && s.charCodeAt(i + 2) === COLON && digitsAt(s, i + 3, 2) && s.charCodeAt(i + 5) === COLON && digitsAt(s, i + 6, 2);
  return ok ? i + 8 : -1;
}

/** `(?:\.\d+)?\b` after a clock ending at e. */
function fractionThenBoundary(s: string, e: number): number {
  if (s.charCodeAt(e) === DOT && isDigit(s.charCodeAt(e + 1))) {
    const f = digitsEnd(s, e + 1);
    if (wordEndsAt(s, f)) return f;
  }
  return wordEndsAt(s, e) ? e : -1;
}

/** 2024-05-01T10:00:00[.123][Z|+02:00|+0200] (no leading boundary). */
export function matchIsoTime(s: string, i: number): number {
  const dateOk = digitsAt(s, i, 4) && s.charCodeAt(i + 4) === 0x2d && digitsAt(s, i + 5, 2) && s.charCodeAt(i + 7) === 0x2d && digitsAt(s, i + 8, 2);
  const sep = s.charCodeAt(i + 10);
  if (!dateOk || (sep !== 0x54 && sep !== 0x20)) return -1;
  let e = clockEnd(s, i + 11);
  if (e < 0) return -1;
  const f = s.charCodeAt(e);
  if ((f === DOT || f === 0x2c) && isDigit(s.charCodeAt(e + 1))) e = digitsEnd(s, e + 1);
  const z = s.charCodeAt(e);
  if (z === 0x5a) return e + 1;
  if ((z === 0x2b || z === 0x2d) && digitsAt(s, e + 1, 2)) {
    const j = e + 3;
    const k = s.charCodeAt(j) === COLON ? (digitsAt(s, j + 1, 2) ? j + 3 : -1) : digitsAt(s, j, 2) ? j + 2 : -1;
    if (k >= 0 && wordEndsAt(s, k)) return k;
  }
  return e;
}

/** `May  1 10:00:00[.5]`, whole words (the caller checked the leading boundary). */
export function matchSyslogTime(s: string, i: number): number {
  if (readMonth(s, i) < 0 || s.charCodeAt(i + 3) !== 0x20) return -1;
  const d = s.charCodeAt(i + 4);
  if (!(d === 0x20 || isDigit(d)) || !isDigit(s.charCodeAt(i + 5)) || s.charCodeAt(i + 6) !== 0x20) return -1;
  const e = clockEnd(s, i + 7);
  return e < 0 ? -1 : fractionThenBoundary(s, e);
}

/** `10:00:00[.5]`, whole words (the caller checked the leading boundary). */
export function matchClock(s: string, i: number): number {
  const e = clockEnd(s, i);
  return e < 0 ? -1 : fractionThenBoundary(s, e);
}

/** The kernel's `[  12.345678]`. */
export function matchBracketTime(s: string, i: number): number {
  let j = i + 1;
  while (isSpace(s.charCodeAt(j))) j++;
  const a = digitsEnd(s, j);
  if (a === j || s.charCodeAt(a) !== DOT) return -1;
  const b = digitsEnd(s, a + 1);
  return b > a + 1 && s.charCodeAt(b) === RBRACKET ? b + 1 : -1;
}

const MESSAGE_KEYS = ['msg', 'message', 'err', 'error'];

/** A quoted value right after "=", unless the key is one of MESSAGE_KEYS (the message is compared). */
export function matchQuotedValue(s: string, i: number, quote: number): number {
  if (s.charCodeAt(i - 1) !== EQUALS || isMessageKey(s, i - 1)) return -1;
  if (quote === SQUOTE) {
    const close = s.indexOf("'", i + 1);
    return close < 0 ? -1 : close + 1;
  }
  for (let j = i + 1; j < s.length; ) {
    const c = s.charCodeAt(j);
    if (c === DQUOTE) return j + 1;
    if (c !== BACKSLASH) j++;
    else if (j + 1 < s.length && !isLineTerminator(s.charCodeAt(j + 1))) j += 2;
    else return -1;
  }
  return -1;
}

/** The key before the "=" at eq is a whole word of MESSAGE_KEYS. */
function isMessageKey(s: string, eq: number): boolean {
  for (const key of MESSAGE_KEYS) {
    const start = eq - key.length;
    if (start >= 0 && s.startsWith(key, start) && !isWord(s.charCodeAt(start - 1))) return true;
  }
  return false;
}

/** The end of the run of hex digits from i (i itself when there is none). */
export function hexRunEnd(s: string, i: number): number {
  let r = i;
  while (isHex(s.charCodeAt(r))) r++;
  return r;
}

/**
 * 74b53336-ddca-47c4-a281-49118930aa12, whole word (the caller checked the leading boundary and read
 * the hex run from i, which ends at `run`).
 */
export function matchUuid(s: string, i: number, run: number): number {
  if (run - i !== 8 || s.charCodeAt(run) !== 0x2d) return -1;
  const ok = hexAt(s, i + 9, 4) && s.charCodeAt(i + 13) === 0x2d && hexAt(s, i + 14, 4) && s.charCodeAt(i + 18) === 0x2d &&
    hexAt(s, i + 19, 4) && s.charCodeAt(i + 23) === 0x2d && hexAt(s, i + 24, 12);
  return ok && wordEndsAt(s, i + 36) ? i + 36 : -1;
}

/** 0x7f3a, or a run of 12 hex digits or more, whole word (as matchUuid). */
export function matchHex(s: string, i: number, run: number): number {
  if (run === i + 1 && s.charCodeAt(i) === 0x30 && s.charCodeAt(run) === 0x78) {
    const x = hexRunEnd(s, run + 1);
    if (x > run + 1 && wordEndsAt(s, x)) return x;
  }
  return run - i >= 12 && wordEndsAt(s, run) ? run : -1;
}

/**
 * 10.0.0.5, 10.0.0.0/24, 10.0.0.5:9980, whole word (the caller checked the leading boundary). Each
 * digit run is read whole: a shorter one would be followed by a digit, where no boundary is.
 */
export function matchIp(s: string, i: number): number {
  let j = i;
  for (let octet = 0; ; octet++) {
    const r = digitsEnd(s, j);
    if (r - j < 1 || r - j > 3) return -1;
    if (octet === 3) {
      j = r;
      break;
    }
    if (s.charCodeAt(r) !== DOT) return -1;
    j = r + 1;
  }
  if (s.charCodeAt(j) === SLASH) {
    const r = digitsEnd(s, j + 1);
    const withPrefix = r - j - 1 >= 1 && r - j - 1 <= 2 ? portThenBoundary(s, r) : -1;
    if (withPrefix >= 0) return withPrefix;
  }
  return portThenBoundary(s, j);
}

/** `(?::\d{1,5})?\b` after the address (or its prefix) ending at e. */
function portThenBoundary(s: string, e: number): number {
  if (s.charCodeAt(e) === COLON) {
    const r = digitsEnd(s, e + 1);
    if (r - e - 1 >= 1 && r - e - 1 <= 5 && wordEndsAt(s, r)) return r;
  }
  return wordEndsAt(s, e) ? e : -1;
}

/** [\w.@+-] */
function isPathChar(c: number): boolean {
  return isWord(c) || c === DOT || c === 0x40 || c === 0x2b || c === 0x2d;
}

/** /var/lib/kubelet: two segments or more, and a trailing slash. */
export function matchPath(s: string, i: number): number {
  let j = i;
  let segments = 0;
  while (s.charCodeAt(j) === SLASH && isPathChar(s.charCodeAt(j + 1))) {
    j += 2;
    while (isPathChar(s.charCodeAt(j))) j++;
    segments++;
  }
  if (segments < 2) return -1;
  return s.charCodeAt(j) === SLASH ? j + 1 : j;
}

/** 42 or 3.5. */
export function matchNumber(s: string, i: number): number {
  const r = digitsEnd(s, i);
  return s.charCodeAt(r) === DOT && isDigit(s.charCodeAt(r + 1)) ? digitsEnd(s, r + 1) : r;
}
