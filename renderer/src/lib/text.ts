import { RE2JS } from 're2js';
import type { LogTerm } from '../../../shared/log-query';
/** Turning bundle text into something safe and readable on screen (always rendered as text, never HTML). */

// CSI/OSC escape sequences (colours, titles) that some tools write into logs.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Drops ANSI colour codes and shows other control characters as U+241x symbols. */
export function displayText(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, (c) => (c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))));
}

export interface TextPart {
  text: string;
  hit: boolean;
}

/** Splits text at case-insensitive occurrences of the search words, for <mark> highlighting. */
export function highlightParts(text: string, words: string[]): TextPart[] {
  const terms = words.map((w) => w.toLowerCase()).filter((w) => w.length > 0);
  if (terms.length === 0) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const parts: TextPart[] = [];
  let plainStart = 0;
  let i = 0;
  while (i < text.length) {
    const term = terms.find((t) => lower.startsWith(t, i));
    if (!term) {
      i++;
      continue;
    }
    if (i > plainStart) parts.push({ text: text.slice(plainStart, i), hit: false });
    parts.push({ text: text.slice(i, i + term.length), hit: true });
    i += term.length;
    plainStart = i;
  }
  if (plainStart < text.length) parts.push({ text: text.slice(plainStart), hit: false });
  return parts;
}

/** The words of an FTS query worth highlighting: quoted phrases and bare words, without operators. */
export function searchWords(query: string): string[] {
  const words: string[] = [];
  for (const m of query.matchAll(/"([^"]+)"|([^\s"()]+)/g)) {
    const w = (m[1] ?? m[2] ?? '').replace(/\*$/, '');
    if (w && !['AND', 'OR', 'NOT', 'NEAR'].includes(w)) words.push(w);
  }
  return words;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** "2024-05-01 10:02:03Z" from an ISO instant: dense and unambiguous (always UTC). */
/**
 * A kernel limit's maximum. systemd (240+) sets fs.file-max to LONG_MAX, which means no limit: as a
 * JavaScript number it would show as 9,223,372,036,854,776,000.
 */
export function formatLimit(max: number): string {
  return max >= 2 ** 53 ? 'no limit' : max.toLocaleString('en');
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Sixteen bytes per row, as hexdump -C shows them. */
export function hexRows(bytes: Uint8Array, baseOffset = 0): { offset: string; hex: string; ascii: string }[] {
  const rows = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const slice = bytes.subarray(i, i + 16);
    const hex = Array.from(slice, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(slice, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    rows.push({ offset: (baseOffset + i).toString(16).padStart(8, '0'), hex, ascii });
  }
  return rows;
}

/**
 * Parts of a line to mark for a parsed log query: words and phrases case-insensitively (a word
 * anywhere it starts, as the index matched it), regexes with RE2 (linear time, as the engine ran them).
 */
export function queryHighlightParts(text: string, terms: LogTerm[]): TextPart[] {
  if (terms.length === 0) return [{ text, hit: false }];
  const marks = new Uint8Array(text.length);
  const lower = text.toLowerCase();
  for (const t of terms) {
    if (t.kind === 'regex') {
      const re = regexFor(t);
      if (!re) continue;
      let n = 0;
      for (const m of re.matchAll(text.slice(0, 64 * 1024))) {
        const at = m.index ?? 0;
        marks.fill(1, at, at + m[0].length);
        if (++n > 1000) break;
      }
      continue;
    }
    const needle = t.text.toLowerCase();
    if (!needle) continue;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) marks.fill(1, at, at + needle.length);
  }
  const parts: TextPart[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || marks[i] !== marks[start]) {
      parts.push({ text: text.slice(start, i), hit: marks[start] === 1 });
      start = i;
    }
  }
  return parts.length ? parts : [{ text, hit: false }];
}

const regexes = new Map<string, RE2JS | null>();

function regexFor(t: LogTerm): RE2JS | null {
  const key = `${t.ignoreCase ? 'i' : '-'}${t.text}`;
  if (!regexes.has(key)) {
    let re: RE2JS | null = null;
    try {
      re = RE2JS.compile(t.text, t.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    } catch {
      re = null;
    }
    if (regexes.size > 50) regexes.clear();
    regexes.set(key, re);
  }
  return regexes.get(key) ?? null;
}

/**
 * A log source as a narrow label shows it: a pod log's "<namespace>/<pod>/<container>" leads with its
 * container, then its pod (the namespace, shared by many, would fill the label); others as they are.
 */
export function sourceLabel(source: string): { main: string; rest: string } {
  const parts = source.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) return { main: source, rest: '' };
  const [ns, pod, container] = parts as [string, string, string];
  return { main: container, rest: `${pod} · ${ns}` };
}
