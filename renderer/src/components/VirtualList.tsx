import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

interface Props<T> {
  items: T[];
  /** Row height in pixels, or per row when rows differ (goroutine stacks). */
  rowHeight: number | ((index: number) => number);
  render: (item: T, index: number) => ReactNode;
  /** Scrolls this row into view (and keeps it there when it changes). */
  scrollTo?: number | null;
  /** Called when the last rows are visible: load the next page. */
  onEnd?: () => void;
  className?: string;
  label?: string;
}

/** Every list of the app goes through here: only the rows on screen are in the DOM. */
export function VirtualList<T>({ items, rowHeight, render, scrollTo, onEnd, className, label }: Props<T>): ReactNode {
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: items.length, getScrollElement: () => parent.current, estimateSize: typeof rowHeight === 'number' ? () => rowHeight : rowHeight, overscan: 12 });
  const rows = v.getVirtualItems();
  const last = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onEnd && items.length > 0 && last >= items.length - 5) onEnd();
  }, [last, items.length, onEnd]);
  useEffect(() => {
    if (scrollTo !== null && scrollTo !== undefined && scrollTo >= 0) v.scrollToIndex(scrollTo, { align: 'center' });
  }, [scrollTo, v, items.length]);
  return (
    <div ref={parent} className={`vlist ${className ?? ''}`} role="list" aria-label={label}>
      <div className="vlist-inner" style={{ height: v.getTotalSize() }}>
        {rows.map((r) => (
          <div key={r.key} role="listitem" className="vrow" style={{ height: r.size, transform: `translateY(${r.start}px)` }}>
            {render(items[r.index], r.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
