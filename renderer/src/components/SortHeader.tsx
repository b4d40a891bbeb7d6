import type { ReactNode } from 'react';

/** A sort as the URL keeps it: the column's key, "-" in front for descending ("-cpu"). */
export interface Sort {
  key: string;
  desc: boolean;
}

export function parseSort(v: string | null, fallback: Sort): Sort {
  if (!v) return fallback;
  return v.startsWith('-') ? { key: v.slice(1), desc: true } : { key: v, desc: false };
}

export function sortParam(s: Sort): string {
  return `${s.desc ? '-' : ''}${s.key}`;
}

/** Rows sorted by one column's value (numbers and strings; missing values last either way). */
export function sortBy<T>(rows: T[], s: Sort, value: (row: T, key: string) => number | string | null): T[] {
  const dir = s.desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = value(a, s.key);
    const y = value(b, s.key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    return String(x).localeCompare(String(y)) * dir;
  });
}

/** A column heading that sorts: click once descending for numbers (ascending for text), again to flip. */
export function SortHeader({ label, sortKey, sort, onSort, numeric, title }: { label: string; sortKey: string; sort: Sort; onSort: (s: Sort) => void; numeric?: boolean; title?: string }): ReactNode {
  const on = sort.key === sortKey;
  return (
    <button
      type="button"
      className={`sort-head ${numeric ? 'num' : ''} ${on ? 'on' : ''}`}
      title={title}
      aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      onClick={() => onSort(on ? { key: sortKey, desc: !sort.desc } : { key: sortKey, desc: !!numeric })}
    >
      {label}
      <span className="sort-arrow" aria-hidden="true">
        {on ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </span>
    </button>
  );
}
