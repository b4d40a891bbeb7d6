import { digit } from './scan';

/**
 * Syslog as it travels (RFC 3164 and RFC 5424), which receivers that keep the wire format write to their
 * files: "<PRI>" first, then either the traditional "Mmm dd hh:mm:ss host tag: msg" or RFC 5424's
 * "1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG".
 */

/** Where readWirePriority and readRfc5424 stopped; module state so a line's parse allocates nothing. */
export const wire = {
  /** After "<PRI>" (0 when the line has none). */
  afterPriority: 0,
  /** RFC 5424: where TIMESTAMP starts ("-" when the sender had no clock). */
  stampAt: 0,
  /** RFC 5424: APP-NAME, null for the NILVALUE "-". */
  app: null as string | null,
  /** RFC 5424: where MSG starts, after the structured data. */
  messageAt: 0,
};

/** "<PRI>" (1-3 digits) at the line's start: facility * 8 + severity, or NaN; wire.afterPriority after ">". */
export function readWirePriority(s: string): number {
  wire.afterPriority = 0;
  if (s.charCodeAt(0) !== 60) return NaN;
  let p = 0;
  let j = 1;
  for (let c = digit(s, j); c >= 0 && j < 4; c = digit(s, ++j)) p = p * 10 + c;
  if (j === 1 || s.charCodeAt(j) !== 62 || p > 191) return NaN;
  wire.afterPriority = j + 1;
  return p;
}

/** End of the space-separated header field starting at i, or -1 when no space follows it. */
function fieldEnd(s: string, i: number): number {
  return s.charCodeAt(i) === 32 ? -1 : s.indexOf(' ', i);
}

/** After STRUCTURED-DATA at i: "-" or "[id k="v" …]…", where "\]" inside a value does not close. */
function afterStructuredData(s: string, i: number): number {
  if (s.charCodeAt(i) === 45) return i + 1;
  while (s.charCodeAt(i) === 91) {
    let j = i + 1;
    for (let c = s.charCodeAt(j); c === c && c !== 93; c = s.charCodeAt(++j)) if (c === 92) j++;
    i = j + 1;
  }
  return i;
}

let lastApp = '';

function appAt(s: string, start: number, end: number): string | null {
  if (end - start === 1 && s.charCodeAt(start) === 45) return null;
  if (end - start === lastApp.length && s.startsWith(lastApp, start)) return lastApp;
  lastApp = s.slice(start, end);
  return lastApp;
}

/** RFC 5424's header at i (after "<PRI>"): true and the wire fields set, or false when it is not one. */
export function readRfc5424(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== 49 || s.charCodeAt(i + 1) !== 32) return false; // VERSION "1"
  wire.stampAt = i + 2;
  const stampEnd = fieldEnd(s, wire.stampAt);
  const hostEnd = stampEnd < 0 ? -1 : fieldEnd(s, stampEnd + 1);
  const appEnd = hostEnd < 0 ? -1 : fieldEnd(s, hostEnd + 1);
  const procEnd = appEnd < 0 ? -1 : fieldEnd(s, appEnd + 1);
  const msgIdEnd = procEnd < 0 ? -1 : fieldEnd(s, procEnd + 1);
  if (msgIdEnd < 0) return false;
  wire.app = appAt(s, hostEnd + 1, appEnd);
  let at = afterStructuredData(s, msgIdEnd + 1);
  if (s.charCodeAt(at) === 32) at++;
  if (s.charCodeAt(at) === 0xfeff) at++; // the BOM RFC 5424 puts before a UTF-8 MSG
  wire.messageAt = Math.min(at, s.length);
  return true;
}
