import { useMemo, type ReactNode } from 'react';
import { replaceRoute, useRoute } from '../lib/hooks';
import { nextSort, parseSort, sortBy, sortParam, sortParamName, type Sort, type SortValue } from '../lib/sort';

export { parseSort, sortBy, sortParam, type Sort } from '../lib/sort';

export interface TableSort<T> {
  /** The rows in the chosen order (the view's own order while no column is chosen). */
  rows: T[];
  sort: Sort | null;
  onSort: (s: Sort) => void;
}

/** The current hash with one query parameter set (or removed), other parameters kept. */
function withParam(hash: string, name: string, value: string | null): string {
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const q = new URLSearchParams(query);
  if (value === null) q.delete(name);
  else q.set(name, value);
  const s = q.toString();
  return `#${path || '/'}${s ? `?${s}` : ''}`;
}

/**
 * The one sort every table of the app uses: the order is in the URL ("sort" for the view's main table,
 * "sort.<table>" for the others), so a link or Back brings it back; `fallback` null keeps the view's
 * own order until a heading is clicked.
 */
export function useTableSort<T>(table: string, rows: readonly T[] | undefined, value: (row: T, key: string) => SortValue, fallback: Sort | null = null): TableSort<T> {
  const route = useRoute();
  const name = sortParamName(table);
  const raw = route.params.get(name);
  const sort = raw ? parseSort(raw, fallback ?? { key: '', desc: false }) : fallback;
  const sorted = useMemo(
    () => (sort && rows ? sortBy(rows, sort, value) : [...(rows ?? [])]),
    // `value` is a plain function of the row: the sort only changes with the rows and the chosen column.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, sort?.key, sort?.desc],
  );
  const onSort = (s: Sort): void => replaceRoute(withParam(window.location.hash, name, sortParam(s)));
  return { rows: sorted, sort, onSort };
}

interface HeadProps {
  label: string;
  sortKey: string;
  sort: Sort | null;
  onSort: (s: Sort) => void;
  /** Numbers: the first click sorts largest first; right-aligned. */
  numeric?: boolean;
  title?: string;
}

function SortButton({ label, sortKey, sort, onSort, numeric, title }: HeadProps): ReactNode {
  const on = sort?.key === sortKey;
  return (
    <button type="button" className={`sort-head ${numeric ? 'num' : ''} ${on ? 'on' : ''}`} title={title ?? `Sort by ${label}`} onClick={() => onSort(nextSort(sort, sortKey, !!numeric))}>
      {label}
      <span className="sort-arrow" aria-hidden="true">
        {on ? (sort?.desc ? '▼' : '▲') : '↕'}
      </span>
    </button>
  );
}

function ariaSort(sort: Sort | null, key: string): 'ascending' | 'descending' | 'none' {
  return sort?.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none';
}

/** A sorting heading in a grid of divs (the virtual lists): a column header holding the button. */
export function SortHeader(props: HeadProps): ReactNode {
  return (
    <span role="columnheader" aria-sort={ariaSort(props.sort, props.sortKey)} className={`sort-cell ${props.numeric ? 'num' : ''}`}>
      <SortButton {...props} />
    </span>
  );
}

/** A sorting heading of a <table>. */
export function SortTh(props: HeadProps & { className?: string }): ReactNode {
  return (
    <th aria-sort={ariaSort(props.sort, props.sortKey)} className={`${props.numeric ? 'num' : ''} ${props.className ?? ''}`}>
      <SortButton {...props} />
    </th>
  );
}

/** The sort parameters of a route ("sort", "sort.rules"...), for a view that rebuilds its URL to keep them. */
export function sortParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (k === 'sort' || k.startsWith('sort.')) out[k] = v;
  return out;
}
