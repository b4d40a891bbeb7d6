/** True when a key event goes to a text field (keys then type, they do not drive lists). */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}

/**
 * Esc closes what the view has open (a detail pane, an expanded row): the last control marked
 * data-esc-close in the view gets the click. Pickers, dialogs and lists that close something
 * themselves take the key first (they stop it).
 */
export function closeOpenDetail(e: KeyboardEvent): boolean {
  if (e.key !== 'Escape' || e.defaultPrevented || isTyping(e) || e.ctrlKey || e.metaKey || e.altKey) return false;
  const closers = document.querySelectorAll<HTMLElement>('main [data-esc-close]');
  const last = closers[closers.length - 1];
  if (!last) return false;
  e.preventDefault();
  last.click();
  return true;
}
