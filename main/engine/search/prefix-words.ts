import type { Db } from '../store/workspace';

/**
 * The words of the full-text index that start with a prefix, so that a word search (a prefix: Crash
 * finds CrashLoopBackOff) runs as an OR of exact words. FTS5 answers `failed*` by first merging, in
 * memory, every row id of every word with that prefix: the whole bundle's matches before the first
 * row. An exact word is read a page at a time. The first 101 matches of "failed" on a 10 GiB bundle
 * (73.7M lines): 481 ms and 158 MB more peak memory as a prefix query; 69 ms and 2 MB as its one word,
 * listing included (3 GiB: 370 ms and 45 MB, 39 ms and none).
 */

/** A prefix of more words than this is left to FTS5's own prefix query (an OR of many doclists costs more). */
export const MAX_PREFIX_WORDS = 32;

/** Prefixes the index stores as the query spells them: the tokenizer folds other letters (case, accents). */
const PLAIN_PREFIX = /^[a-z0-9]+$/;

/** An FTS5 table of this connection, by schema and name. */
export interface FtsTable {
  schema: string;
  table: string;
}

/**
 * The words of `tables` that start with `prefix` (lower case), in order; null when the prefix is not
 * plain lower-case ASCII or starts more than MAX_PREFIX_WORDS words. Each word is one seek in each
 * table (`LIMIT 1` past the last one found): its memory does not grow with the lines. A seek does read
 * each index segment near the word (for "failed" on the 10 GiB bundle, 170 MB through the file cache,
 * in the 69 ms above), as a prefix query does.
 */
export function wordsStartingWith(db: Db, tables: readonly FtsTable[], prefix: string): string[] | null {
  if (!PLAIN_PREFIX.test(prefix)) return null;
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const words = new Set<string>();
  for (const t of tables) {
    const next = db.prepare(`SELECT term FROM temp.${vocabulary(db, t)} WHERE term >= ? AND term < ? LIMIT 1`).pluck();
    for (let from = prefix; ; ) {
      const word = next.get(from, end) as string | undefined;
      if (word === undefined) break;
      words.add(word);
      if (words.size > MAX_PREFIX_WORDS) return null;
      from = `${word}\u0000`;
    }
  }
  return [...words].sort();
}

/** The name of this connection's fts5vocab table over `t` (its instances: a seek reads one, not a doclist). */
function vocabulary(db: Db, t: FtsTable): string {
  const name = `${t.schema}_${t.table}_words`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${name} USING fts5vocab(${t.schema}, ${t.table}, 'instance')`);
  return name;
}
