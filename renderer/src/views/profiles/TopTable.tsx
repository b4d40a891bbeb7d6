import { useMemo, type ReactNode } from 'react';
import type { ProfileTopRow } from '../../../../shared/api/profiles';
import { SortHeader, useTableSort } from '../../components/SortHeader';
import { VirtualList } from '../../components/VirtualList';
import { displayText } from '../../lib/text';
import { percent, shortName, signed } from './format';
import { runningSums, topValue } from './topRows';

interface Props {
  rows: ProfileTopRow[];
  /** pprof's percentage base (the profile's total; a diff's baseline total). */
  total: number;
  unit: (v: number) => string;
  selected: string | null;
  onSelect: (name: string | null) => void;
  /** Rows are changes (target − baseline): signed and coloured. */
  diff?: boolean;
  caption: string;
}

/** flat, flat%, cum, cum% per function, as `go tool pprof -top` prints them (sum% in the row's title). */
export function TopTable({ rows, total, unit, selected, onSelect, diff, caption }: Props): ReactNode {
  // pprof's order (|flat| largest first) until a heading is clicked.
  const { rows: sorted, sort, onSort } = useTableSort('top', rows, topValue);
  const sums = useMemo(() => runningSums(sorted), [sorted]);
  const at = selected === null ? -1 : sorted.findIndex((r) => r.name === selected);
  const fmt = (v: number): string => (diff ? signed(unit, v) : unit(v));
  const cls = (v: number): string => (diff ? (v > 0 ? 'delta-up' : v < 0 ? 'delta-down' : '') : '');
  return (
    <div className="top-table">
      <div className="toolbar top-head">
        <span className="strong small">{caption}</span>
        <span className="grow" />
        <span className="muted small">sum% in a row's tooltip</span>
      </div>
      <div className="tr th top-row" role="row">
        <SortHeader label="flat" sortKey="flat" numeric sort={sort} onSort={onSort} title="Sort by flat (size, whatever the sign in a diff)" />
        <SortHeader label="flat%" sortKey="flat" numeric sort={sort} onSort={onSort} title="Sort by flat" />
        <SortHeader label="cum" sortKey="cum" numeric sort={sort} onSort={onSort} title="Sort by cum (size, whatever the sign in a diff)" />
        <SortHeader label="cum%" sortKey="cum" numeric sort={sort} onSort={onSort} title="Sort by cum" />
        <SortHeader label="function" sortKey="name" sort={sort} onSort={onSort} />
      </div>
      <VirtualList
        label="Top functions"
        className="fill mono"
        items={sorted}
        rowHeight={22}
        scrollTo={at >= 0 ? at : null}
        render={(r, i) => (
          <div
            className={`tr top-row ${r.name === selected ? 'selected' : ''}`}
            onClick={() => onSelect(r.name === selected ? null : r.name)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(r.name === selected ? null : r.name);
              }
            }}
            role="button"
            tabIndex={-1}
            title={`${displayText(r.name)}\nsum% ${percent(sums[i], total)}`}
            aria-pressed={r.name === selected}
          >
            <span className={`num ${cls(r.flat)}`}>{fmt(r.flat)}</span>
            <span className="num">{percent(r.flat, total)}</span>
            <span className={`num ${cls(r.cum)}`}>{fmt(r.cum)}</span>
            <span className="num muted">{percent(r.cum, total)}</span>
            <span className="ellipsis">{displayText(shortName(r.name))}</span>
          </div>
        )}
      />
    </div>
  );
}
