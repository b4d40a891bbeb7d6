import { RE2JS } from 're2js';
import { MAX_REGEX_LENGTH, isPlainWord, parseLogQuery, tokensOf, type LogTerm, type ParsedLogQuery } from '../../../shared/log-query';
import { ArgError } from '../../../shared/api/args';
import type { Db } from '../store/workspace';
import type { FtsScope } from './fts-scope';

/**
 * Turns the search language (shared/log-query.ts) into SQL over log_lines and its FTS5 index.
 *
 * - A plain word is an FTS5 prefix query: answered and counted from the index alone.
 * - A word with punctuation (kubelet.go:1829, 10.0.0.1) or a phrase narrows through the index (its
 *   tokens as a phrase) and is then checked as a case-insensitive substring of the line: exact, as
 *   `grep -iF` would count it.
 * - A regex is RE2 (linear time, no backtracking), checked per line by a SQL function.
 * The index holds the whole line and its source (migration 5), so text in the line's prefix is found.
 */

/** A query the operator typed that cannot be run (a bad regex): their input, answered as such (HTTP 400). */
export class LogQueryError extends ArgError {}

export interface CompiledQuery {
  /** FTS5 MATCH expression for the index, or null when no term can use the index. */
  match: string | null;
  /** Extra SQL conditions on `l` (log_lines) and their parameters, in order. */
  conditions: string[];
  params: unknown[];
}

export const REGEX_FUNCTION = 'nodescope_regexp';

const CLOCK_TIME = /\d:\d/;

/**
 * `"tok1 tok2 tok3"*`: the tokens in order, the last one as a prefix. When the index has few words with
 * that prefix, the same lines as exact phrases, one per word: FTS5 reads those a page at a time, where
 * a prefix query first gathers every match in memory (see prefix-words.ts).
 */
function ftsPrefixPhrase(tokens: string[], scope: FtsScope): string {
  const head = tokens.slice(0, -1);
  const words = scope.prefixWords(tokens[tokens.length - 1].toLowerCase());
  if (!words) return `"${tokens.join(' ')}"*`;
  // No word starts so: the exact phrase matches nothing either, without the prefix query's scan.
  if (!words.length) return `"${tokens.join(' ')}"`;
  const phrases = words.map((w) => `"${[...head, w].join(' ')}"`);
  return phrases.length === 1 ? phrases[0] : `(${phrases.join(' OR ')})`;
}

interface TermSql {
  /** FTS5 expression narrowing to a superset of the matching lines (null: cannot narrow). */
  fts: string | null;
  /** When the FTS expression is not exact by itself: the SQL condition that is (on l.text). */
  check: string | null;
  params: unknown[];
}

function termSql(t: LogTerm, scope: FtsScope): TermSql {
  if (t.kind === 'regex') {
    compileRegex(t.text, t.ignoreCase);
    return { fts: null, check: `${REGEX_FUNCTION}(?, ?, l.text)`, params: [t.text, t.ignoreCase ? 1 : 0] };
  }
  const tokens = tokensOf(t.text);
  // Clock times in a line's prefix are not in the index (store/search-text.ts): such a term is read in the lines.
  const fts = tokens.length && !CLOCK_TIME.test(t.text) ? ftsPrefixPhrase(tokens, scope) : null;
  if (t.kind === 'word' && isPlainWord(t.text)) return { fts, check: null, params: [] };
  // instr over lower(): exact for ASCII; the index has already matched case-insensitively beyond it.
  return { fts, check: 'instr(lower(l.text), ?) > 0', params: [t.text.toLowerCase()] };
}

/** SQL condition true when line `l` matches the term, exact (subquery on the index when needed). */
function termCondition(t: TermSql, scope: FtsScope): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (t.fts) {
    // A line matches an exact term's check alone; the index is needed only when there is no check.
    if (!t.check) {
      const ids = scope.ids(t.fts);
      parts.push(`l.id IN (${ids.sql})`);
      params.push(...ids.params);
    }
  }
  if (t.check) {
    parts.push(t.check);
    params.push(...t.params);
  }
  return { sql: parts.join(' AND ') || '1', params };
}

export function compileLogQuery(q: ParsedLogQuery, scope: FtsScope): CompiledQuery {
  const match: string[] = [];
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const clause of q.include) {
    const terms = clause.map((t) => termSql(t, scope));
    if (terms.length === 1) {
      const [t] = terms;
      if (t.fts) match.push(t.fts);
      if (t.check) {
        conditions.push(t.check);
        params.push(...t.params);
      }
      continue;
    }
    if (terms.every((t) => t.fts && !t.check)) {
      match.push(`(${terms.map((t) => t.fts).join(' OR ')})`);
      continue;
    }
    const alts = terms.map((t) => termCondition(t, scope));
    conditions.push(`(${alts.map((a) => `(${a.sql})`).join(' OR ')})`);
    for (const a of alts) params.push(...a.params);
  }
  const excludedFts: string[] = [];
  for (const t of q.exclude.map((x) => termSql(x, scope))) {
    if (t.check) {
      conditions.push(`NOT (${t.check})`);
      params.push(...t.params);
    } else if (t.fts) excludedFts.push(t.fts);
  }
  let expr = match.length ? match.join(' AND ') : null;
  // FTS5's NOT needs a left side: with positive terms it stays in the index; alone it is a subquery.
  if (excludedFts.length && expr) {
    expr = `(${expr}) NOT (${excludedFts.join(' OR ')})`;
  } else if (excludedFts.length) {
    const ids = scope.ids(excludedFts.join(' OR '));
    conditions.push(`l.id NOT IN (${ids.sql})`);
    params.push(...ids.params);
  }
  return { match: expr, conditions, params };
}

export function parseAndCompile(text: string, scope: FtsScope): CompiledQuery {
  return compileLogQuery(parseLogQuery(text), scope);
}

const regexCache = new Map<string, RE2JS>();

function compileRegex(source: string, ignoreCase: boolean): RE2JS {
  if (source.length > MAX_REGEX_LENGTH) throw new LogQueryError(`a regex may be at most ${MAX_REGEX_LENGTH} characters`);
  const key = `${ignoreCase ? 'i' : '-'}${source}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    } catch (e) {
      throw new LogQueryError(`bad regex /${source}/: ${(e as Error).message}`);
    }
    if (regexCache.size > 100) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** Lines are checked up to this many characters (RE2 is linear; this bounds one call's work). */
export const MAX_REGEX_INPUT = 64 * 1024;

const registered = new WeakSet<Db>();

/** Registers the RE2 function a compiled query may call (once per connection). */
export function registerRegexFunction(db: Db): void {
  if (registered.has(db)) return;
  db.function(REGEX_FUNCTION, { deterministic: true }, (source: unknown, ignoreCase: unknown, text: unknown) => {
    if (typeof source !== 'string' || typeof text !== 'string') return 0;
    return compileRegex(source, ignoreCase === 1).test(text.length > MAX_REGEX_INPUT ? text.slice(0, MAX_REGEX_INPUT) : text) ? 1 : 0;
  });
  registered.add(db);
}
