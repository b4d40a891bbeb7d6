import { useRef, useState, type ReactNode } from 'react';
import { handleListKey } from '../lib/list-keys';
import type { Sort, SortValue } from '../lib/sort';
import { SortTh, useTableSort } from './SortHeader';

export interface Column<T> {
  key: string;
  label: string;
  cell: (row: T) => ReactNode;
  /** The value the column sorts by; a column without one does not sort. */
  value?: (row: T) => SortValue;
  /** Numbers: right-aligned, first click largest first. */
  numeric?: boolean;
  /** Class of the column's cells (mono, muted, wrap...). */
  className?: string | ((row: T) => string);
  title?: string;
}

interface Props<T> {
  /** The table's name in the URL's sort parameter ("" for the view's main table: "sort"). */
  table: string;
  label: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Click or Enter on a row; without it, Enter clicks the row's own link. */
  onOpen?: (row: T) => void;
  rowClass?: (row: T) => string;
  /** The order before a heading is clicked (null: the rows' own order). */
  fallback?: Sort | null;
  className?: string;
  /** Below the rows, inside the table (a sub-row of detail). */
  after?: (row: T) => ReactNode;
}

/**
 * The app's plain table: headings that sort (the URL keeps the order), rows that take the focus and
 * follow the list keys (j/k/arrows, Enter, Esc goes on to the view).
 */
export function DataTable<T>({ table, label, columns, rows, rowKey, onOpen, rowClass, fallback = null, className, after }: Props<T>): ReactNode {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const { rows: sorted, sort, onSort } = useTableSort(table, rows, (r, key) => byKey.get(key)?.value?.(r) ?? null, fallback);
  const [active, setActive] = useState(-1);
  const body = useRef<HTMLTableSectionElement>(null);
  const rowElement = (i: number): HTMLElement | null => body.current?.querySelector<HTMLElement>(`tr[data-index="${i}"]`) ?? null;
  const current = active < sorted.length ? active : -1;
  return (
    <table className={`${className ?? 'simple'} data`} aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) =>
            c.value ? (
              <SortTh key={c.key} label={c.label} sortKey={c.key} sort={sort} onSort={onSort} numeric={c.numeric} title={c.title} />
            ) : (
              <th key={c.key} className={c.numeric ? 'num' : ''} title={c.title}>
                {c.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody
        ref={body}
        onKeyDown={(e) =>
          handleListKey(e, {
            count: sorted.length,
            active: current,
            move: (i) => {
              setActive(i);
              rowElement(i)?.focus();
            },
            open: onOpen ? (i) => onOpen(sorted[i]) : undefined,
            rowElement,
          })
        }
      >
        {sorted.map((r, i) => (
          <TableRow key={rowKey(r)} index={i} tabStop={i === (current >= 0 ? current : 0)} current={i === current} className={rowClass?.(r)} onFocus={() => setActive(i)} onClick={onOpen ? () => onOpen(r) : undefined} extra={after?.(r)}>
            {columns.map((c) => (
              <td key={c.key} className={`${c.numeric ? 'num' : ''} ${typeof c.className === 'function' ? c.className(r) : (c.className ?? '')}`}>
                {c.cell(r)}
              </td>
            ))}
          </TableRow>
        ))}
      </tbody>
    </table>
  );
}

function TableRow({ index, tabStop, current, className, onFocus, onClick, children, extra }: { index: number; tabStop: boolean; current: boolean; className?: string; onFocus: () => void; onClick?: () => void; children: ReactNode; extra?: ReactNode }): ReactNode {
  return (
    <>
      <tr data-index={index} data-row="" tabIndex={tabStop ? 0 : -1} className={`${className ?? ''} ${current ? 'kb-current' : ''} ${onClick ? 'clickable' : ''}`} onFocus={onFocus} onClick={onClick}>
        {children}
      </tr>
      {extra}
    </>
  );
}
