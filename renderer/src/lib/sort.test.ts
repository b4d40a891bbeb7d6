import { describe, expect, it } from 'vitest';
import { compareValues, nextSort, parseSort, sortBy, sortParam } from './sort';

describe('table sort', () => {
  it('keeps a sort in the URL as the key with "-" for descending', () => {
    expect(sortParam({ key: 'cpu', desc: true })).toBe('-cpu');
    expect(parseSort('-cpu', { key: 'pid', desc: false })).toEqual({ key: 'cpu', desc: true });
    expect(parseSort('name', { key: 'pid', desc: false })).toEqual({ key: 'name', desc: false });
    expect(parseSort(null, { key: 'pid', desc: false })).toEqual({ key: 'pid', desc: false });
  });

  it('sorts numbers as numbers and text in natural order, missing values last both ways', () => {
    const rows = [{ v: 10 }, { v: 9 }, { v: null }, { v: 100 }];
    expect(sortBy(rows, { key: 'v', desc: false }, (r) => r.v).map((r) => r.v)).toEqual([9, 10, 100, null]);
    expect(sortBy(rows, { key: 'v', desc: true }, (r) => r.v).map((r) => r.v)).toEqual([100, 10, 9, null]);
    const names = ['pod-10', 'Pod-9', 'pod-1', ''];
    expect(sortBy(names, { key: 'n', desc: false }, (r) => r)).toEqual(['pod-1', 'Pod-9', 'pod-10', '']);
    expect(sortBy(names, { key: 'n', desc: true }, (r) => r)).toEqual(['pod-10', 'Pod-9', 'pod-1', '']);
    expect(compareValues(Number.NaN, 1, false)).toBe(1);
  });

  it('keeps the order of equal rows', () => {
    const rows = [{ k: 1, id: 'a' }, { k: 0, id: 'b' }, { k: 1, id: 'c' }];
    expect(sortBy(rows, { key: 'k', desc: true }, (r) => r.k).map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('starts a number column largest first, a text column A first, and flips on a second click', () => {
    expect(nextSort(null, 'cpu', true)).toEqual({ key: 'cpu', desc: true });
    expect(nextSort({ key: 'cpu', desc: true }, 'name', false)).toEqual({ key: 'name', desc: false });
    expect(nextSort({ key: 'name', desc: false }, 'name', false)).toEqual({ key: 'name', desc: true });
  });
});
