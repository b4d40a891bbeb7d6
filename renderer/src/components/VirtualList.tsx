import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

interface Props<T> {
  items: T[];
  /** Row height in pixels, or per row when rows differ (goroutine stacks); an estimate when `dynamic`. */
  rowHeight: number | ((index: number) => number);
  render: (item: T, index: number) => ReactNode;
  /** Scrolls this row into view (and keeps it there when it changes). */
  scrollTo?: number | null;
  scrollAlign?: 'center' | 'start' | 'end' | 'auto';
  /** Called when the last rows are visible: load the next page. */
  onEnd?: () => void;
  /** Called with the index of the first row on screen when it changes (a scroll anchor). */
  onFirstVisible?: (index: number) => void;
  /** Rows measure their own height (wrapped lines). */
  dynamic?: boolean;
  className?: string;
  label?: string;
}

/** Every list of the app goes through here: only the rows on screen are in the DOM. */
export function VirtualList<T>({ items, rowHeight, render, scrollTo, scrollAlign = 'center', onEnd, onFirstVisible, dynamic, className, label }: Props<T>): ReactNode {
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: items.length, getScrollElement: () => parent.current, estimateSize: typeof rowHeight === 'number' ? () => rowHeight : rowHeight, overscan: 12 });
  const rows = v.getVirtualItems();
  const last = rows.at(-1)?.index ?? -1;
  const scrollOffset = v.scrollOffset ?? 0;
  const first = rows.find((r) => r.end > scrollOffset)?.index ?? -1;
  useEffect(() => {
    if (onEnd && items.length > 0 && last >= items.length - 5) onEnd();
  }, [last, items.length, onEnd]);
  useEffect(() => {
    if (onFirstVisible && first >= 0) onFirstVisible(first);
  }, [first, onFirstVisible]);
  useEffect(() => {
    if (scrollTo !== null && scrollTo !== undefined && scrollTo >= 0 && scrollTo < items.length) v.scrollToIndex(scrollTo, { align: scrollAlign });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollTo, v, items.length > 0]);
  return (
    <div ref={parent} className={`vlist ${className ?? ''}`} role="list" aria-label={label}>
      <div className="vlist-inner" style={{ height: v.getTotalSize() }}>
        {rows.map((r) => (
          <div
            key={r.key}
            role="listitem"
            className="vrow"
            data-index={r.index}
            ref={dynamic ? v.measureElement : undefined}
            style={dynamic ? { transform: `translateY(${r.start}px)` } : { height: r.size, transform: `translateY(${r.start}px)` }}
          >
            {render(items[r.index], r.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
