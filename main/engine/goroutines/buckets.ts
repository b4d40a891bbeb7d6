import type { GoroutineBucket, GoroutineFrame } from '../../../shared/api/profiles';
import type { GoroutineRecord } from './model';

const MAX_IDS = 100;

/** States in the reader's order; equal ones (most pairs a sort compares) without a collation. */
const byState = (a: string, b: string): number => (a === b ? 0 : a.localeCompare(b));

/**
 * Buckets of goroutines with the same state and the same stack (function, file and line of every
 * frame; arguments ignored, as panicparse's default similarity does), largest first.
 */
export function bucketize(records: GoroutineRecord[]): GoroutineBucket[] {
  const byKey = new Map<string, GoroutineBucket>();
  for (const r of records) {
    const key = `${r.state}\n${r.frames.map(frameText).join('\n')}`;
    let b = byKey.get(key);
    if (!b) {
      b = {
        count: 0,
        state: r.state,
        stateInferred: r.stateInferred,
        waitMinutes: r.minutes,
        minWaitMinutes: r.minutes,
        ids: [],
        lockedToThread: false,
        createdBy: r.createdBy,
        frames: r.frames,
        stuck: null,
      };
      byKey.set(key, b);
    }
    b.count += r.count;
    b.waitMinutes = Math.max(b.waitMinutes, r.minutes);
    b.minWaitMinutes = Math.min(b.minWaitMinutes, r.minutes);
    b.lockedToThread ||= r.locked;
    if (r.id !== null && b.ids.length < MAX_IDS) b.ids.push(r.id);
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || b.waitMinutes - a.waitMinutes || byState(a.state, b.state));
}

export function frameText(f: GoroutineFrame): string {
  return f.file ? `${f.func} ${f.file}:${f.line}` : f.func;
}

export function stateCounts(buckets: GoroutineBucket[]): { state: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const b of buckets) counts.set(b.state, (counts.get(b.state) ?? 0) + b.count);
  return [...counts].map(([state, count]) => ({ state, count })).sort((a, b) => b.count - a.count || byState(a.state, b.state));
}
