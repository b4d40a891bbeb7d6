import type { Db } from '../store/workspace';

/**
 * The lines a full-text expression matches, read from the index once and kept for the next pages of
 * the same search. A page merged by time reads a few lines of many files: one full-text query per file
 * cost the index's segments each time (a word on 1.8 M lines: 2-25 s a page), a pass over the matches
 * costs them once. Kept as one bit per line of the bundle's id range, not as a list of ids: a word on
 * every line of a 100 M-line bundle would be 800 MB of ids, and is 12.5 MB of bits.
 */
export class MatchingLines {
  private readonly words: Uint32Array;

  constructor(
    /** The bundle's first and last line ids. */
    private readonly first: number,
    private readonly last: number,
  ) {
    this.words = new Uint32Array(Math.ceil(Math.max(0, last - first + 1) / 32));
  }

  add(id: number): void {
    if (id < this.first || id > this.last) return;
    const bit = id - this.first;
    this.words[bit >>> 5] |= 1 << (bit & 31);
  }

  /**
   * Up to `room` matching ids within [from, to], from `from` up (asc) or from `to` down (desc), in
   * that order. Words with no match are skipped 32 lines at a time.
   */
  take(from: number, to: number, order: 'asc' | 'desc', room: number): number[] {
    const out: number[] = [];
    const lo = Math.max(from, this.first) - this.first;
    const hi = Math.min(to, this.last) - this.first;
    if (order === 'asc') {
      for (let bit = lo; bit <= hi && out.length < room; ) {
        const word = this.words[bit >>> 5];
        if (word === 0) {
          bit = (bit | 31) + 1;
          continue;
        }
        if (word & (1 << (bit & 31))) out.push(bit + this.first);
        bit++;
      }
    } else {
      for (let bit = hi; bit >= lo && out.length < room; ) {
        const word = this.words[bit >>> 5];
        if (word === 0) {
          bit = (bit & ~31) - 1;
          continue;
        }
        if (word & (1 << (bit & 31))) out.push(bit + this.first);
        bit--;
      }
    }
    return out;
  }
}

/** Searches kept per bundle (the view pages one search at a time; Back returns to the one before). */
const KEPT_SEARCHES = 4;
const kept = new WeakMap<object, Map<string, MatchingLines | 'too many'>>();

/**
 * Matches of a search merged by time, at most. Its first page reads them all from the index (a phrase
 * on the ingest bench's bundle: 38 ms for the first 500 in file order, 534 ms for all of them), so a
 * search matching more is read file by file, as it comes from the index, a page at a time.
 */
export const searchLimits = { timeOrderedMatches: 200_000 };

/** Passes over the index and the ids they read (tests count them: the next page of a search makes none). */
export const matchingIdsStats = { passes: 0, ids: 0 };

/**
 * The lines of the bundle's range [first, last] that `ids` (a SELECT of matching ids) returns, kept per
 * bundle object; 'too many' when they are more than searchLimits.timeOrderedMatches (the pass stops there).
 */
export function matchingLines(
  db: Db,
  bundle: object,
  range: { first: number; last: number },
  match: string,
  ids: { sql: string; params: unknown[] },
): MatchingLines | 'too many' {
  let byMatch = kept.get(bundle);
  if (!byMatch) kept.set(bundle, (byMatch = new Map()));
  const key = `${match}\n${JSON.stringify(ids.params)}`;
  let found = byMatch.get(key);
  if (found) {
    byMatch.delete(key);
    byMatch.set(key, found);
    return found;
  }
  matchingIdsStats.passes++;
  found = readMatches(db, range, ids, searchLimits.timeOrderedMatches);
  byMatch.set(key, found);
  if (byMatch.size > KEPT_SEARCHES) byMatch.delete(byMatch.keys().next().value as string);
  return found;
}

function readMatches(db: Db, range: { first: number; last: number }, ids: { sql: string; params: unknown[] }, max: number): MatchingLines | 'too many' {
  const lines = new MatchingLines(range.first, range.last);
  let n = 0;
  for (const id of db.prepare(ids.sql).pluck().iterate(...ids.params) as IterableIterator<number>) {
    matchingIdsStats.ids++;
    if (++n > max) return 'too many';
    lines.add(id);
  }
  return lines;
}
