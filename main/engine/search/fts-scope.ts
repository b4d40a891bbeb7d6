import { FTS_COLUMNS, indexedTo, indexTableOf, SEARCH_SCHEMA } from '../store/search-index';
import { SEARCH_TEXT_SQL } from '../store/search-text';
import type { Db } from '../store/workspace';
import { wordsStartingWith, type FtsTable } from './prefix-words';

/**
 * Where a full-text match over one bundle's lines is answered. When the index holds every line of the
 * bundle: the index alone. When it does not yet (a workspace just migrated, an index being rebuilt):
 * the index for the lines it holds, and for the others a temporary index of this connection, built
 * from those lines once and kept, with the same columns, tokenizer and text: the same query matches
 * exactly the same lines, only the first search pays for reading them.
 */
export interface FtsScope {
  /** True when the index holds every line of the range: the bundle's table can be joined directly. */
  complete: boolean;
  /**
   * The full-text tables that answer the range, in line id order: each matches only ids between its
   * bounds, and every id of one comes before those of the next. A query that reads them in turn, each
   * in its own rowid order, reads the lines in id order without sorting them.
   */
  sources: FtsSource[];
  /** A SELECT of the matching line ids (column `id`) within the range, and its parameters. */
  ids(match: string): { sql: string; params: unknown[] };
  /** The words of these full-text tables that start with `prefix` (lower case), or null: see prefix-words.ts. */
  prefixWords(prefix: string): string[] | null;
}

const TAIL = 'temp.tail_fts';
const TAIL_TABLE: FtsTable = { schema: 'temp', table: 'tail_fts' };

/** A full-text table (`from`, named `name` on the left of MATCH and before rowid) and the ids it answers for. */
export interface FtsSource {
  from: string;
  name: string;
  first: number;
  last: number;
}

/** Per connection: the id ranges its tail index holds, and the bundle they were read for. */
interface Held {
  bundle: number;
  first: number;
  last: number;
}
const tails = new WeakMap<Db, Held[]>();

/** Lines the tail index read (tests count the work: a second search reads none). */
export const tailStats = { rows: 0 };

export function ftsScope(db: Db, bundleId: number, range: { first: number; last: number }): FtsScope {
  const table = indexTableOf(db, bundleId);
  const done = table === null ? null : indexedTo(db, bundleId);
  // During an ingest the range is open-ended: its lines so far end at the table's last id.
  const last = range.last === Number.MAX_SAFE_INTEGER ? lastLineId(db) : range.last;
  const indexedLast = done === null ? range.first - 1 : Math.min(done, last);
  const index: FtsTable = { schema: SEARCH_SCHEMA, table: table ?? '' };
  const indexSource = (upTo: number): FtsSource => ({ from: `${SEARCH_SCHEMA}.${index.table}`, name: index.table, first: range.first, last: upTo });
  if (table !== null && indexedLast >= last) {
    return scopeOf(db, true, [indexSource(range.last)], [index]);
  }
  const tailFirst = Math.max(range.first, indexedLast + 1);
  ensureTail(db, bundleId, tailFirst, last);
  const tail: FtsSource = { from: TAIL, name: 'tail_fts', first: tailFirst, last };
  return indexedLast >= range.first
    ? scopeOf(db, false, [indexSource(indexedLast), tail], [index, TAIL_TABLE])
    : scopeOf(db, false, [tail], [TAIL_TABLE]);
}

/** A scope over these sources (in id order) and the full-text tables they read. */
function scopeOf(db: Db, complete: boolean, sources: FtsSource[], tables: FtsTable[]): FtsScope {
  return {
    complete,
    sources,
    ids: (match) => ({
      sql: sources.map((s) => `SELECT rowid AS id FROM ${s.from} WHERE ${s.name} MATCH ? AND rowid BETWEEN ? AND ?`).join('\n UNION ALL '),
      params: sources.flatMap((s) => [match, s.first, s.last]),
    }),
    prefixWords: (prefix) => wordsStartingWith(db, tables, prefix),
  };
}

/**
 * Up to `limit` rows read from each source in turn (the sources of a scope, in id order, or their
 * queries), stopping once the limit is reached: the first rows in order, with no sort of every match.
 */
export function readInTurn<S, R>(sources: readonly S[], limit: number, read: (source: S, room: number) => R[]): R[] {
  const rows: R[] = [];
  for (const source of sources) {
    if (rows.length >= limit) break;
    for (const r of read(source, limit - rows.length)) rows.push(r);
  }
  return rows;
}

function lastLineId(db: Db): number {
  const r = db.prepare('SELECT max(id) AS m FROM log_lines').get() as { m: number | null };
  return r.m ?? 0;
}

/** Indexes lines [first, last] into this connection's tail index, the parts it does not hold yet. */
function ensureTail(db: Db, bundle: number, first: number, last: number): void {
  let all = tails.get(db);
  if (!all) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${TAIL} USING fts5(${FTS_COLUMNS})`);
    all = [];
    tails.set(db, all);
  }
  // Line ids of a deleted bundle may come back in a newer one: rows read for another bundle go first.
  for (const h of all.filter((x) => x.bundle !== bundle && x.last >= first && x.first <= last)) {
    db.prepare(`DELETE FROM ${TAIL} WHERE rowid BETWEEN ? AND ?`).run(h.first, h.last);
    all.splice(all.indexOf(h), 1);
  }
  const held = all;
  const insert = db.prepare(
    `INSERT INTO ${TAIL} (rowid, source, line) SELECT id, source, ${SEARCH_TEXT_SQL} FROM main.log_lines WHERE id BETWEEN ? AND ?`,
  );
  // The gaps of [first, last] that no held range covers.
  let from = first;
  for (const h of held.filter((x) => x.bundle === bundle).sort((a, b) => a.first - b.first)) {
    if (h.last < from || h.first > last) continue;
    if (h.first > from) {
      tailStats.rows += insert.run(from, h.first - 1).changes;
      held.push({ bundle, first: from, last: h.first - 1 });
    }
    from = Math.max(from, h.last + 1);
  }
  if (from <= last) {
    tailStats.rows += insert.run(from, last).changes;
    held.push({ bundle, first: from, last });
  }
}

/** Forgets this connection's tail index (the lines it held were deleted: a bundle removed). */
export function dropTail(db: Db): void {
  if (!tails.has(db)) return;
  db.exec(`DROP TABLE IF EXISTS ${TAIL}`);
  tails.delete(db);
}
