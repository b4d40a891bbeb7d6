import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

/** What a key does to a list: move to a row, open the current row, or close what the list opened. */
export type ListAction = { move: number } | { open: true } | { close: true } | null;

/**
 * The keys every list of the app shares: j/↓ and k/↑ one row, PageDown/PageUp ten, g/Home and
 * G/End the ends, Enter opens the row, Esc closes its detail. Keys typed into a text field are not ours.
 */
export function listAction(key: string, active: number, count: number): ListAction {
  if (count === 0) return null;
  const to = (i: number): ListAction => ({ move: Math.max(0, Math.min(count - 1, i)) });
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return to(active < 0 ? 0 : active + 1);
    case 'k':
    case 'ArrowUp':
      return to(active < 0 ? 0 : active - 1);
    case 'PageDown':
      return to(active + 10);
    case 'PageUp':
      return to(active - 10);
    case 'g':
    case 'Home':
      return to(0);
    case 'G':
    case 'End':
      return to(count - 1);
    case 'Enter':
      return active >= 0 ? { open: true } : to(0);
    case 'Escape':
      return { close: true };
    default:
      return null;
  }
}

function isTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable) return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button'].includes((el as HTMLInputElement).type);
}

export interface ListKeyOptions {
  count: number;
  active: number;
  /** Make row i the current one (and show it). */
  move: (i: number) => void;
  /** Open row i (its detail); without it, Enter clicks the row's own link or button. */
  open?: (i: number) => void;
  /** Close what the list opened; without it, Esc goes on to the view (data-esc-close). */
  close?: () => void;
  /** The element of row i, for Enter's default. */
  rowElement?: (i: number) => HTMLElement | null;
}

/** The keydown handler of a list (put on its container: keys from its focused rows bubble there). */
export function handleListKey(e: ReactKeyboardEvent, o: ListKeyOptions): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
  const a = listAction(e.key, o.active, o.count);
  if (!a) return;
  if ('move' in a) {
    o.move(a.move);
  } else if ('open' in a) {
    const target = e.target as HTMLElement;
    // Enter on a button or link inside the row is that control's own click.
    if (target.closest('button, a, input') && !target.hasAttribute('data-row')) return;
    if (o.open) o.open(o.active);
    else {
      const row = o.rowElement?.(o.active);
      const control = row?.querySelector<HTMLElement>('[data-open], a[href], button, [role=button]') ?? (row?.firstElementChild as HTMLElement | null);
      control?.click();
    }
  } else {
    if (!o.close) return;
    o.close();
  }
  e.preventDefault();
  e.stopPropagation();
}
