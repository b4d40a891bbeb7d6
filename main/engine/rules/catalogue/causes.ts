/**
 * Why something failed, read from the error message the component wrote: a failing pull or mount is
 * one finding, but each of its causes has its own fix, and the message's last words say which it is
 * once the wrapping is read past.
 */
export interface Cause {
  /** Short and stable: tests and comparisons name causes by it. */
  id: string;
  /** What it means, in the operator's words. */
  label: string;
  /**
   * Said only when no other cause is: a wrapper's words that come with the real cause in other
   * messages (the kubelet's "timed out waiting for the condition" after each specific mount error).
   */
  fallback?: boolean;
}

/**
 * Patterns tried in order, the first that matches naming the cause: a message often holds the words of
 * several, so a table lists the more specific ones first.
 */
export type CauseTable = readonly (readonly [RegExp, Cause])[];

/** The cause a message names, or null when its words are none of the table's. */
export function causeOf(table: CauseTable, message: string): Cause | null {
  for (const [pattern, cause] of table) if (pattern.test(message)) return cause;
  return null;
}

/**
 * "Cause: <label>, 4 lines." or, with several, each with its count (most first): `unit` names what was
 * counted (line, event). Null when no message names a known cause.
 */
export function causesText(table: CauseTable, messages: Iterable<{ message: string; count: number }>, unit: string): string | null {
  const counts = new Map<Cause, number>();
  for (const { message, count } of messages) {
    const cause = causeOf(table, message);
    if (cause) counts.set(cause, (counts.get(cause) ?? 0) + count);
  }
  const specific = [...counts].filter(([cause]) => !cause.fallback);
  const said = specific.length ? specific : [...counts];
  if (said.length === 0) return null;
  const ranked = said.sort((a, b) => b[1] - a[1]);
  const parts = ranked.map(([cause, n]) => `${cause.label}, ${n} ${n === 1 ? unit : `${unit}s`}`);
  return `${parts.length === 1 ? 'Cause' : 'Causes'}: ${parts.join('; ')}.`;
}
