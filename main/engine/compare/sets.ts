import type { SetChange, ValueChange } from '../../../shared/api/compare';

/** Multiset difference: an item twice in B and once in A is added once. Sorted for stable output. */
export function setChange(a: Iterable<string>, b: Iterable<string>): SetChange {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) - 1);
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [x, n] of counts) {
    for (let i = 0; i < n; i++) added.push(x);
    for (let i = 0; i < -n; i++) removed.push(x);
  }
  return { added: added.sort(), removed: removed.sort() };
}

export function setIsEmpty(s: SetChange): boolean {
  return s.added.length === 0 && s.removed.length === 0;
}

/** A key and its value, as a Map's entries. */
export type KeyValue = readonly [key: string, value: string];

const byKeyOrder = (x: KeyValue, y: KeyValue): number => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);

/** Sorted by key; of a key given twice, the last one (as a Map keeps it). */
function sortedByKey(entries: Iterable<KeyValue>): KeyValue[] {
  const sorted = [...entries].sort(byKeyOrder);
  return sorted.filter((e, i) => i + 1 === sorted.length || (sorted[i + 1] as KeyValue)[0] !== e[0]);
}

/**
 * Keys whose values differ (absent on a side: null), in key order. Both sides are sorted and walked
 * together: a node's sysctl -a is already in key order, so this is about one pass over each.
 */
export function valueChanges(a: Iterable<KeyValue>, b: Iterable<KeyValue>): ValueChange[] {
  const x = sortedByKey(a);
  const y = sortedByKey(b);
  const out: ValueChange[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const ea = x[i];
    const eb = y[j];
    if (eb === undefined || (ea !== undefined && ea[0] < eb[0])) {
      out.push({ name: (ea as KeyValue)[0], a: (ea as KeyValue)[1], b: null });
      i++;
    } else if (ea === undefined || eb[0] < ea[0]) {
      out.push({ name: eb[0], a: null, b: eb[1] });
      j++;
    } else {
      if (ea[1] !== eb[1]) out.push({ name: ea[0], a: ea[1], b: eb[1] });
      i++;
      j++;
    }
  }
  return out;
}
