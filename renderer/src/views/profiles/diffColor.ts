/**
 * One normalisation for the differential flame graph: a frame's change is (target − base) divided by
 * the base's total, the denominator `go tool pprof -diff_base` uses for its percentages. Red: more in
 * the target; blue: less; grey: unchanged. A change of FULL_AT of the base total or more is full colour.
 */
export const FULL_AT = 0.05;

const GREY: [number, number, number] = [218, 220, 224];
const RED: [number, number, number] = [214, 48, 39];
const BLUE: [number, number, number] = [49, 104, 214];

export function deltaShare(value: number, base: number, baseTotal: number): number {
  return baseTotal > 0 ? (value - base) / baseTotal : 0;
}

export function diffColor(share: number): string {
  const t = Math.min(1, Math.abs(share) / FULL_AT);
  const to = share >= 0 ? RED : BLUE;
  const c = GREY.map((g, i) => Math.round(g + (to[i] - g) * Math.sqrt(t)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Stops for the legend, from −FULL_AT to +FULL_AT. */
export function legendStops(): { share: number; color: string }[] {
  return [-1, -0.5, -0.2, 0, 0.2, 0.5, 1].map((k) => ({ share: k * FULL_AT, color: diffColor(k * FULL_AT) }));
}
