/**
 * The log search language, shared by the engine (which turns it into SQL over the full-text index)
 * and the UI (which highlights what it matched). What an operator types:
 *
 *   kubelet           a word: lines with a word starting with "kubelet" (case-insensitive)
 *   kubelet.go:1829   a word with punctuation: lines containing exactly that text
 *   "no space left"   a phrase: lines containing exactly that text
 *   -probe            excludes lines matching the word (also -"phrase" and -/regex/)
 *   /OOM.*kill(ed)?/  a regular expression (RE2 syntax: linear time), case-sensitive; /…/i ignores case
 *   a OR b            either term; terms are otherwise all required
 *
 * Every term is searched in the whole line as the node wrote it (stamps, host, unit, pid, klog
 * header and message) and in the line's source.
 */

export type LogTermKind = 'word' | 'phrase' | 'regex';

export interface LogTerm {
  kind: LogTermKind;
  /** The word, the phrase, or the regex's source. */
  text: string;
  /** Regex only: /…/i. */
  ignoreCase: boolean;
}

export interface ParsedLogQuery {
  /** All required; each clause is satisfied by any one of its terms (a OR b). */
  include: LogTerm[][];
  /** A line matching any of these is left out. */
  exclude: LogTerm[];
}

export const MAX_REGEX_LENGTH = 500;

/** Word characters as SQLite FTS5's unicode61 tokenizer sees them (letters, numbers, private use). */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

export function tokensOf(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** True when a word is only word characters: a token prefix search; otherwise a substring search. */
export function isPlainWord(text: string): boolean {
  const t = tokensOf(text);
  return t.length === 1 && t[0] === text;
}

export function parseLogQuery(input: string): ParsedLogQuery {
  const include: LogTerm[][] = [];
  const exclude: LogTerm[] = [];
  let joinNext = false;
  let notNext = false;
  let i = 0;
  const s = input.slice(0, 1000);
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    let negated = notNext;
    notNext = false;
    if (s[i] === '-' && i + 1 < s.length && !/\s/.test(s[i + 1])) {
      negated = true;
      i++;
    }
    let term: LogTerm | null = null;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      const stop = end < 0 ? s.length : end;
      const text = s.slice(i + 1, stop);
      i = end < 0 ? s.length : end + 1;
      if (text.trim()) term = { kind: 'phrase', text, ignoreCase: true };
    } else if (s[i] === '/' && regexEnd(s, i) > 0) {
      const end = regexEnd(s, i);
      const ignoreCase = s[end + 1] === 'i';
      term = { kind: 'regex', text: s.slice(i + 1, end), ignoreCase };
      i = end + 1 + (ignoreCase ? 1 : 0);
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j])) j++;
      let text = s.slice(i, j);
      i = j;
      if (!negated && text === 'OR') {
        joinNext = include.length > 0;
        continue;
      }
      if (!negated && text === 'AND') continue;
      if (!negated && text === 'NOT') {
        // FTS5 style "NOT word": the same as -word.
        notNext = true;
        continue;
      }
      if (text.length > 1 && text.endsWith('*')) text = text.slice(0, -1);
      if (text) term = { kind: 'word', text, ignoreCase: true };
    }
    if (!term) continue;
    if (negated) exclude.push(term);
    else if (joinNext && include.length) include[include.length - 1].push(term);
    else include.push([term]);
    joinNext = false;
  }
  return { include, exclude };
}

/** Index of the "/" closing a regex opened at `start`, or -1: it must end the token. */
function regexEnd(s: string, start: number): number {
  for (let j = start + 1; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] !== '/') continue;
    const after = s[j + 1] === 'i' ? j + 2 : j + 1;
    if (j > start + 1 && (after >= s.length || /\s/.test(s[after]))) return j;
  }
  return -1;
}

/** The terms a line is highlighted with (everything included; excluded terms match no shown line). */
export function highlightTerms(q: ParsedLogQuery): LogTerm[] {
  return q.include.flat();
}

/** Back to text, canonical: what the UI shows when it explains a query. */
export function describeLogQuery(q: ParsedLogQuery): string {
  const one = (t: LogTerm): string =>
    t.kind === 'regex' ? `/${t.text}/${t.ignoreCase ? 'i' : ''}` : t.kind === 'phrase' ? `"${t.text}"` : t.text;
  return [...q.include.map((c) => c.map(one).join(' OR ')), ...q.exclude.map((t) => `-${one(t)}`)].join(' ');
}
