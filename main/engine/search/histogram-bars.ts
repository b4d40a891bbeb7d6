import type { LogHistogramBucket } from '../../../shared/api';

/** Fine steps counted per bar: the grid on which the lines far from the rest are told apart. */
export const FINE_PER_BAR = 50;
/** At most this share of the lines is set apart at each end. */
const APART_SHARE = 0.005;
/** Lines are set apart only when the rest spans at most this share of the whole time range. */
const APART_WHEN_REST_WITHIN = 0.25;

/** Lines and errors of one fine step (its index from the first line's time). */
export interface FineCount {
  step: number;
  lines: number;
  errors: number;
}

/**
 * The histogram's bars from counts on a fine grid (steps of `stepMs` from `fromMs`, up to `toMs`).
 * When a few lines lie far from the rest (a sosreport's dpkg.log four days older than its journals),
 * they are gathered in a bar of their own at that end, marked apart with the end of its span, and the
 * others are drawn to their own scale: drawn to one scale, every line of the journals fell in the last
 * of 120 bars.
 */
export function histogramBars(fromMs: number, toMs: number, stepMs: number, counts: FineCount[], bars: number): LogHistogramBucket[] {
  const steps = Math.ceil((toMs - fromMs + 1) / stepMs);
  const { first, last } = denseSteps(counts);
  const trimmed = first > 0 || last < steps - 1;
  const apart = trimmed && last - first + 1 <= steps * APART_WHEN_REST_WITHIN;
  const from = apart ? first : 0;
  const to = apart ? last : steps - 1;
  const perBar = Math.max(1, Math.ceil((to - from + 1) / bars));
  const barCount = Math.ceil((to - from + 1) / perBar);
  const end = from + barCount * perBar;
  const at = (step: number) => new Date(fromMs + step * stepMs).toISOString();
  const drawn: LogHistogramBucket[] = Array.from({ length: barCount }, (_, i) => ({ start: at(from + i * perBar), count: 0, errors: 0 }));
  const before: LogHistogramBucket = { start: at(0), count: 0, errors: 0, apartUntil: at(from) };
  const after: LogHistogramBucket = { start: at(end), count: 0, errors: 0, apartUntil: new Date(toMs + 1).toISOString() };
  for (const c of counts) {
    const bar = c.step < from ? before : c.step >= end ? after : (drawn[Math.floor((c.step - from) / perBar)] as LogHistogramBucket);
    bar.count += c.lines;
    bar.errors += c.errors;
  }
  return [...(before.count ? [before] : []), ...drawn, ...(after.count ? [after] : [])];
}

/**
 * The first and last fine steps once at most APART_SHARE of the lines is left out at each end, and only
 * lines an empty step sets off from the rest: the first minute of the journals stays with them.
 */
function denseSteps(counts: FineCount[]): { first: number; last: number } {
  const total = counts.reduce((n, c) => n + c.lines, 0);
  const spare = total * APART_SHARE;
  const at = (k: number) => counts[k] as FineCount;
  let i = 0;
  for (let left = 0; i < counts.length - 1 && left + at(i).lines <= spare; i++) left += at(i).lines;
  while (i > 0 && at(i - 1).step + 1 === at(i).step) i--;
  let j = counts.length - 1;
  for (let left = 0; j > i && left + at(j).lines <= spare; j--) left += at(j).lines;
  while (j < counts.length - 1 && at(j + 1).step - 1 === at(j).step) j++;
  return { first: counts[i]?.step ?? 0, last: counts[j]?.step ?? 0 };
}
