/**
 * Log message templates: the parts of a line that change from one occurrence to the next (times,
 * numbers, ids, hex, IPs, paths, quoted values, the node's own name) are masked, so that the same
 * message on two nodes, or at two times, has the same template.
 *
 * Every stored line is masked once at ingest, so the masker is a hand-written one-pass scanner: the
 * same masking as one regular expression of eleven alternatives (test/compare/template-regex.ts, which
 * templates.test.ts checks it against line by line) at half its cost. At each position the
 * parts are tried in this order, the first that matches wins, and scanning resumes after it:
 *   node    the node's name as a whole word                              → <node>
 *   time    2024-05-01T10:00:00.123+02:00 · May  1 10:00:00 · 10:00:00.5 · [  12.345]  → <time>
 *   quoted  a value after "=" in quotes, except msg=, message=, err=, error= → "<*>"
 *   uuid    8-4-4-4-12 hex digits                                        → <uuid>
 *   ip      1.2.3.4, with /prefix and :port                              → <ip>
 *   hex     0x1f, or 12 hex digits or more                               → <hex>
 *   path    two segments or more: /var/lib/kubelet                       → <path>
 *   n       a number: 42, 3.5                                            → <n>
 * Word boundaries, digit counts and backtracking follow JavaScript's regular expressions exactly
 * (template-parts.ts has one matcher per part).
 */

import {
  boundaryAt,
  hexRunEnd,
  matchBracketTime,
  matchClock,
  matchHex,
  matchIp,
  matchIsoTime,
  matchNode,
  matchNumber,
  matchPath,
  matchQuotedValue,
  matchSyslogTime,
  matchUuid,
} from './template-parts';

/** The longest a template is kept: a 1 MB line is still one template, not a 1 MB key. */
export const MAX_TEMPLATE_CHARS = 400;
/** The characters of a line the masker reads: a reader may hand it no more. */
export const MASKED_CHARS = MAX_TEMPLATE_CHARS * 2;

export type Masker = (text: string) => string;

/**
 * A masker for one bundle: `nodeName` (the hostname, when it is at least 3 characters) becomes
 * `<node>` too, so journal and syslog headers of two nodes give one template.
 */
export function templateMasker(nodeName: string | null = null): Masker {
  const node = nodeName && nodeName.length >= 3 ? nodeName : null;
  return (text) => {
    const head = text.length > MASKED_CHARS ? text.slice(0, MASKED_CHARS) : text;
    const t = maskLine(head, node);
    return t.length > MAX_TEMPLATE_CHARS ? `${t.slice(0, MAX_TEMPLATE_CHARS)}…` : t;
  };
}

function maskLine(s: string, node: string | null): string {
  const nodeFirst = node === null ? -1 : node.charCodeAt(0);
  let out = '';
  let copied = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    let end = c === nodeFirst && node !== null ? matchNode(s, i, node) : -1;
    if (end >= 0) partMask = '<node>';
    else if (c < 128 && (CHAR_CLASS[c] & CAN_START) !== 0) end = matchPart(s, i, c);
    if (end < 0) {
      i++;
      continue;
    }
    out += s.slice(copied, i) + partMask;
    copied = i = end;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

const DIGIT = 1;
const HEX_LETTER = 2;
const MONTH_INITIAL = 4;
const OPENS_PART = 8;
const CAN_START = DIGIT | HEX_LETTER | MONTH_INITIAL | OPENS_PART;

/** What each ASCII character can begin; characters from 128 up begin nothing. */
const CHAR_CLASS = (() => {
  const t = new Uint8Array(128);
  const set = (chars: string, flag: number) => {
    for (const ch of chars) t[ch.charCodeAt(0)] |= flag;
  };
  set('0123456789', DIGIT);
  set('abcdefABCDEF', HEX_LETTER);
  set('JFMASOND', MONTH_INITIAL);
  set('["\'/', OPENS_PART);
  return t;
})();

/** The mask of the part matchPart found last. */
let partMask = '';

/** The end of the first part (after the node name) that matches at i, or -1; its mask in partMask. */
function matchPart(s: string, i: number, c: number): number {
  const kind = CHAR_CLASS[c];
  let end = -1;
  if (kind & DIGIT) {
    end = matchIsoTime(s, i);
    if (end >= 0) return found(end, '<time>');
    if (boundaryAt(s, i)) {
      end = matchClock(s, i);
      if (end >= 0) return found(end, '<time>');
      end = matchHexParts(s, i);
      if (end >= 0) return end;
      end = matchIp(s, i);
      if (end >= 0) return found(end, '<ip>');
    }
    return found(matchNumber(s, i), '<n>');
  }
  if (kind & (HEX_LETTER | MONTH_INITIAL)) {
    if (!boundaryAt(s, i)) return -1;
    end = kind & MONTH_INITIAL ? matchSyslogTime(s, i) : -1;
    if (end >= 0) return found(end, '<time>');
    return kind & HEX_LETTER ? matchHexParts(s, i) : -1;
  }
  if (c === 0x5b /* [ */) return found(matchBracketTime(s, i), '<time>');
  if (c === 0x2f /* / */) return found(matchPath(s, i), '<path>');
  return found(matchQuotedValue(s, i, c), '"<*>"');
}

/**
 * uuid, then hex, at a word start, reading the hex run once. The regular expression tries ip between
 * them; no text is both an ip and a uuid or hex (an ip's first run is 1 to 3 digits and a dot), so
 * trying ip after both gives the same masks.
 */
function matchHexParts(s: string, i: number): number {
  const run = hexRunEnd(s, i);
  const uuid = matchUuid(s, i, run);
  if (uuid >= 0) return found(uuid, '<uuid>');
  const hex = matchHex(s, i, run);
  return hex >= 0 ? found(hex, '<hex>') : -1;
}

function found(end: number, mask: string): number {
  partMask = mask;
  return end;
}

