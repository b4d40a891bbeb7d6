import type { Profile } from './model';
import { sampleIndex, sampleTypeLabel } from './sample-index';
import { forEachStack, sampleWeights, totalOf, type StackFilter } from './stacks';

export interface TopRow {
  name: string;
  flat: number;
  cum: number;
}

/** Per-function flat and cum, keyed by name, as `go tool pprof -top -nodefraction=0` computes them. */
export interface FunctionTotals {
  names: string[];
  flat: Float64Array;
  cum: Float64Array;
}

/**
 * flat goes to the innermost frame of the leaf location; cum to every function on the stack, once per
 * sample even when it recurses. Inlined frames are functions of their own.
 */
export function functionTotals(p: Profile, weight: Float64Array, filter?: StackFilter): FunctionTotals {
  const names = p.frameNames;
  const flat = new Float64Array(names.length);
  const cum = new Float64Array(names.length);
  const seen = new Int32Array(names.length).fill(-1);
  const nameOf = p.frameNameId;
  if (!filter) {
    fastTotals(p, weight, flat, cum, seen);
    return { names, flat, cum };
  }
  forEachStack(p, weight, filter, (v, frames, n, s) => {
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const id = nameOf[frames[i]];
      if (seen[id] !== s) {
        seen[id] = s;
        cum[id] += v;
      }
    }
    flat[nameOf[frames[0]]] += v;
  });
  return { names, flat, cum };
}

/** The unfiltered path, inlined by hand: this loop is what the benchmark against pprof measures. */
function fastTotals(p: Profile, weight: Float64Array, flat: Float64Array, cum: Float64Array, seen: Int32Array): void {
  const { sampleStart, sampleLocations, frameStart, frameNameId } = p;
  for (let s = 0; s < p.sampleCount; s++) {
    const v = weight[s];
    const first = sampleStart[s];
    const last = sampleStart[s + 1];
    if (v === 0 || first === last) continue;
    for (let k = first; k < last; k++) {
      const loc = sampleLocations[k];
      for (let f = frameStart[loc]; f < frameStart[loc + 1]; f++) {
        const id = frameNameId[f];
        if (seen[id] !== s) {
          seen[id] = s;
          cum[id] += v;
        }
      }
    }
    flat[frameNameId[frameStart[sampleLocations[first]]]] += v;
  }
}

/** Rows in pprof's order (|flat| desc, name, |cum| desc), without functions whose flat and cum are 0. */
export function topRows(t: FunctionTotals, limit = Infinity): TopRow[] {
  const rows: TopRow[] = [];
  for (let i = 0; i < t.names.length; i++) {
    if (t.flat[i] !== 0 || t.cum[i] !== 0) rows.push({ name: t.names[i], flat: t.flat[i], cum: t.cum[i] });
  }
  rows.sort(compareRows);
  return rows.length > limit ? rows.slice(0, limit) : rows;
}

export function compareRows(a: TopRow, b: TopRow): number {
  const fa = Math.abs(a.flat);
  const fb = Math.abs(b.flat);
  if (fa !== fb) return fb - fa;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return Math.abs(b.cum) - Math.abs(a.cum);
}

export interface TopTable {
  /** "cpu/nanoseconds" */
  sampleType: string;
  /** Σ|v| over all samples, filters or not: pprof's percentage base. */
  total: number;
  rows: TopRow[];
}

export interface TopOptions {
  /** A `-sample_index` name or number; default: the profile's default sample type. */
  sample?: string;
  limit?: number;
  filter?: StackFilter;
}

/** `go tool pprof -top -nodefraction=0 [-sample_index=…]` of one profile. */
export function topTable(p: Profile, options: TopOptions = {}): TopTable {
  const index = sampleIndex(p, options.sample);
  const weight = sampleWeights(p, index);
  const totals = functionTotals(p, weight, options.filter);
  return { sampleType: sampleTypeLabel(p, index), total: totalOf(weight), rows: topRows(totals, options.limit) };
}
