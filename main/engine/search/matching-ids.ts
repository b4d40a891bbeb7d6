import type { Db } from '../store/workspace';

/**
 * The ids of the lines a full-text expression matches, read from the index once, sorted, and kept
 * for the next pages of the same search. A page merged by time reads a few lines of many files: one
 * full-text query per file cost the index's segments each time (a word on 1.8 M lines: 2-25 s a
 * page), a pass over the matching ids costs them once.
 */
const kept = new WeakMap<object, Map<string, Float64Array>>();
/** Searches kept per bundle (the view pages one search at a time; Back returns to the one before). */
const KEPT_SEARCHES = 4;

/** Passes over the index (tests count them: the next page of a search makes none). */
export const matchingIdsStats = { passes: 0 };

export function matchingIds(db: Db, bundle: object, match: string, ids: { sql: string; params: unknown[] }): Float64Array {
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
  found = Float64Array.from(db.prepare(ids.sql).pluck().all(...ids.params) as number[]);
  if (!isSorted(found)) found.sort();
  byMatch.set(key, found);
  if (byMatch.size > KEPT_SEARCHES) byMatch.delete(byMatch.keys().next().value as string);
  return found;
}

function isSorted(a: Float64Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i - 1] > a[i]) return false;
  return true;
}

/** The index of the first element of sorted `a` that is >= x. */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
