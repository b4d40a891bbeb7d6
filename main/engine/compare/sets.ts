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

/** Keys whose values differ (absent on a side: null), in key order. */
export function valueChanges(a: Map<string, string>, b: Map<string, string>): ValueChange[] {
  const out: ValueChange[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(name) ?? null;
    const y = b.get(name) ?? null;
    if (x !== y) out.push({ name, a: x, b: y });
  }
  return out;
}
