import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { handleListKey } from '../lib/list-keys';

interface Props<T> {
  items: T[];
  /** Row height in pixels, or per row when rows differ (goroutine stacks); an estimate when `dynamic`. */
  rowHeight: number | ((index: number) => number);
  render: (item: T, index: number) => ReactNode;
  /** Scrolls this row into view (and keeps it there when it changes); it is also the keyboard's current row. */
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
  /** Enter on a row; without it, Enter clicks the row's own link or button. */
  onOpen?: (item: T, index: number) => void;
  /** Esc in the list; without it, Esc goes on to the view (which closes its open detail). */
  onClose?: () => void;
  /** False when the view drives the list's keys itself (Logs). */
  keyboard?: boolean;
}

/**
 * Every list of the app goes through here: only the rows on screen are in the DOM, and the keyboard
 * works the same in all of them (focusable rows, j/k/arrows, Enter, Esc; lib/list-keys.ts).
 */
export function VirtualList<T>({ items, rowHeight, render, scrollTo, scrollAlign = 'center', onEnd, onFirstVisible, dynamic, className, label, onOpen, onClose, keyboard = true }: Props<T>): ReactNode {
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: items.length, getScrollElement: () => parent.current, estimateSize: typeof rowHeight === 'number' ? () => rowHeight : rowHeight, overscan: 12 });
  const rows = v.getVirtualItems();
  const last = rows.at(-1)?.index ?? -1;
  const scrollOffset = v.scrollOffset ?? 0;
  const first = rows.find((r) => r.end > scrollOffset)?.index ?? -1;
  const [active, setActive] = useState(scrollTo ?? -1);
  const focusRow = useRef<number | null>(null);
  useEffect(() => {
    if (onEnd && items.length > 0 && last >= items.length - 5) onEnd();
  }, [last, items.length, onEnd]);
  useEffect(() => {
    if (onFirstVisible && first >= 0) onFirstVisible(first);
  }, [first, onFirstVisible]);
  useEffect(() => {
    if (scrollTo !== null && scrollTo !== undefined && scrollTo >= 0 && scrollTo < items.length) {
      v.scrollToIndex(scrollTo, { align: scrollAlign });
      setActive(scrollTo);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollTo, v, items.length > 0]);
  // A row the keys moved to gets the focus once it is rendered.
  useEffect(() => {
    if (focusRow.current === null) return;
    const el = parent.current?.querySelector<HTMLElement>(`[data-index="${focusRow.current}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      focusRow.current = null;
    }
  });
  const current = active >= 0 && active < items.length ? active : -1;
  const rowElement = (i: number): HTMLElement | null => parent.current?.querySelector<HTMLElement>(`[data-index="${i}"]`) ?? null;
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (!keyboard) return;
    handleListKey(e, {
      count: items.length,
      active: current,
      move: (i) => {
        setActive(i);
        v.scrollToIndex(i, { align: 'auto' });
        // Focus now when the row is rendered (overscan usually has it): a key typed next (Enter) must
        // reach this row, not the one the focus was on. A row not yet rendered gets it after the render.
        const el = rowElement(i);
        if (el) el.focus({ preventScroll: true });
        else focusRow.current = i;
      },
      open: onOpen ? (i) => onOpen(items[i], i) : undefined,
      close: onClose,
      rowElement,
    });
  };
  const tabStop = current >= 0 ? current : (rows[0]?.index ?? -1);
  return (
    <div ref={parent} className={`vlist ${className ?? ''}`} role="list" aria-label={label} onKeyDown={onKeyDown}>
      <div className="vlist-inner" style={{ height: v.getTotalSize() }}>
        {rows.map((r) => (
          <div
            key={r.key}
            role="listitem"
            className={`vrow ${keyboard && r.index === current ? 'kb-current' : ''}`}
            data-index={r.index}
            data-row=""
            tabIndex={keyboard ? (r.index === tabStop ? 0 : -1) : undefined}
            onFocus={keyboard ? () => r.index !== active && setActive(r.index) : undefined}
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
