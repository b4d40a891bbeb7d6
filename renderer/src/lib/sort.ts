/**
 * Sorting a table by one column: the pure part (the URL form of a sort, how two cells compare).
 * The hook and the headings that use it are in components/SortHeader.tsx.
 */

/** A sort as the URL keeps it: the column's key, "-" in front for descending ("-cpu"). */
export interface Sort {
  key: string;
  desc: boolean;
}

export type SortValue = number | string | null | undefined;

export function parseSort(v: string | null, fallback: Sort): Sort {
  if (!v || v === '-') return fallback;
  return v.startsWith('-') ? { key: v.slice(1), desc: true } : { key: v, desc: false };
}

export function sortParam(s: Sort): string {
  return `${s.desc ? '-' : ''}${s.key}`;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Numbers as numbers; text in natural order ("pod-9" before "pod-10", case aside); a number before
 * text when a column mixes both; missing values (null, undefined, NaN, "") last whichever the direction.
 */
export function compareValues(x: SortValue, y: SortValue, desc: boolean): number {
  const missingX = x === null || x === undefined || x === '' || (typeof x === 'number' && Number.isNaN(x));
  const missingY = y === null || y === undefined || y === '' || (typeof y === 'number' && Number.isNaN(y));
  if (missingX || missingY) return missingX === missingY ? 0 : missingX ? 1 : -1;
  const dir = desc ? -1 : 1;
  if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
  if (typeof x === 'number') return -1 * dir;
  if (typeof y === 'number') return 1 * dir;
  return collator.compare(x as string, y as string) * dir;
}

/** Rows sorted by one column's value; equal rows keep their order (the view's own order breaks ties). */
export function sortBy<T>(rows: readonly T[], s: Sort, value: (row: T, key: string) => SortValue): T[] {
  return rows
    .map((row, i) => ({ row, i, v: value(row, s.key) }))
    .sort((a, b) => compareValues(a.v, b.v, s.desc) || a.i - b.i)
    .map((x) => x.row);
}

/** The sort a click on a heading gives: a new column starts descending for numbers, ascending for text; the same column flips. */
export function nextSort(current: Sort | null, key: string, numeric: boolean): Sort {
  return current && current.key === key ? { key, desc: !current.desc } : { key, desc: numeric };
}

/** The URL parameter of a table's sort: "sort" for the view's main table, "sort.<table>" for the others. */
export function sortParamName(table: string): string {
  return table === '' ? 'sort' : `sort.${table}`;
}
