import type { GoroutineBucket, GoroutineFrame } from '../../../../shared/api/profiles';

/** Stuck buckets first, then the biggest piles, then the longest waits (panicparse shows the same). */
export function orderBuckets(buckets: GoroutineBucket[]): GoroutineBucket[] {
  return [...buckets].sort((a, b) => Number(b.stuck !== null) - Number(a.stuck !== null) || b.count - a.count || b.waitMinutes - a.waitMinutes);
}

export interface BucketFilter {
  /** Only buckets in this state ("chan send"…), or null for all. */
  state: string | null;
  /** Case-insensitive text a frame's function or file must contain ('' for all). */
  text: string;
}

export function filterBuckets(buckets: GoroutineBucket[], f: BucketFilter): GoroutineBucket[] {
  const t = f.text.trim().toLowerCase();
  return buckets.filter(
    (b) => (f.state === null || b.state === f.state) && (!t || b.frames.some((x) => x.func.toLowerCase().includes(t) || x.file.toLowerCase().includes(t))),
  );
}

/** The frame that says where the bucket waits: the first outside the runtime, sync and poll packages. */
export function whereFrame(b: GoroutineBucket): GoroutineFrame | undefined {
  return b.frames.find((x) => !/^(runtime\.|runtime\/internal\/|sync\.|internal\/poll\.)/.test(x.func)) ?? b.frames[0];
}

/** "1140 minutes", "3–7 minutes", or '' (Go prints no wait under a minute). */
export function waitText(b: GoroutineBucket): string {
  if (b.waitMinutes <= 0) return '';
  const range = b.minWaitMinutes !== b.waitMinutes ? `${b.minWaitMinutes}–${b.waitMinutes}` : `${b.waitMinutes}`;
  return `${range} minute${b.waitMinutes === 1 ? '' : 's'}`;
}
