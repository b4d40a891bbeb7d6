import { describe, expect, it } from 'vitest';
import { MatchingLines } from './matching-ids';

describe("a search's matching lines, kept as one bit per line of the bundle", () => {
  const ids = [1000, 1001, 1031, 1032, 1063, 1064, 1500, 4999];
  const matching = new MatchingLines(1000, 4999);
  for (const id of [...ids, 999, 5000]) matching.add(id);

  it('gives the matches within a range, oldest or newest first, across words and long empty stretches', () => {
    expect(matching.take(1000, 4999, 'asc', 100)).toEqual(ids);
    expect(matching.take(1000, 4999, 'desc', 100)).toEqual([...ids].reverse());
    expect(matching.take(1002, 1500, 'asc', 3)).toEqual([1031, 1032, 1063]);
    expect(matching.take(1001, 1063, 'desc', 2)).toEqual([1063, 1032]);
    expect(matching.take(1065, 1499, 'asc', 10)).toEqual([]);
  });

  it('holds a bit per line, whatever the number of matches: a word on every line of 4,000 lines is 500 bytes', () => {
    const every = new MatchingLines(1, 4000);
    for (let id = 1; id <= 4000; id++) every.add(id);
    expect(every.take(1, 4000, 'asc', 5000)).toHaveLength(4000);
    expect((every as unknown as { words: Uint32Array }).words.byteLength).toBe(500);
  });
});
