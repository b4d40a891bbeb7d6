import { ProfileError, type Profile } from './model';
import { sampleIndex, sampleTypeLabel } from './sample-index';
import { sampleWeights, totalOf, type StackFilter } from './stacks';
import { compareRows, functionTotals, type TopRow, type TopTable } from './top';

export interface DiffOptions {
  sample?: string;
  /** Scale the target to the base's total first (`-normalize`); default true. */
  normalize?: boolean;
  filter?: StackFilter;
  limit?: number;
}

export interface DiffTable extends TopTable {
  baseTotal: number;
  targetTotal: number;
  /** Factor the target's values were multiplied by (1 without normalisation). */
  scale: number;
}

export interface DiffInputs {
  baseIndex: number;
  targetIndex: number;
  baseWeight: Float64Array;
  targetWeight: Float64Array;
  scale: number;
}

/**
 * Weights of a diff as `go tool pprof -diff_base=BASE [-normalize] TARGET` computes them: the target
 * scaled per sample (after merging identical samples, rounded half away from zero), the base as is.
 */
export function diffInputs(base: Profile, target: Profile, options: DiffOptions): DiffInputs {
  const baseIndex = sampleIndex(base, options.sample);
  const targetIndex = sampleIndex(target, options.sample ?? base.sampleTypes[baseIndex].type);
  const b = base.sampleTypes[baseIndex];
  const t = target.sampleTypes[targetIndex];
  if (b.type !== t.type || b.unit !== t.unit) {
    throw new ProfileError(`cannot compare ${b.type}/${b.unit} with ${t.type}/${t.unit}`);
  }
  const baseWeight = sampleWeights(base, baseIndex);
  let targetWeight = sampleWeights(target, targetIndex);
  let scale = 1;
  if (options.normalize !== false) {
    const sb = sum(baseWeight);
    const st = sum(targetWeight);
    scale = st === 0 ? 0 : sb / st;
    if (scale !== 1) targetWeight = scaleMerged(target, targetWeight, scale);
  }
  return { baseIndex, targetIndex, baseWeight, targetWeight, scale };
}

export function diffTop(base: Profile, target: Profile, options: DiffOptions = {}): DiffTable {
  const d = diffInputs(base, target, options);
  const tb = functionTotals(base, d.baseWeight, options.filter);
  const tt = functionTotals(target, d.targetWeight, options.filter);
  const byName = new Map<string, TopRow>();
  const add = (names: string[], flat: Float64Array, cum: Float64Array, sign: number): void => {
    for (let i = 0; i < names.length; i++) {
      if (flat[i] === 0 && cum[i] === 0) continue;
      let row = byName.get(names[i]);
      if (!row) byName.set(names[i], (row = { name: names[i], flat: 0, cum: 0 }));
      row.flat += sign * flat[i];
      row.cum += sign * cum[i];
    }
  };
  add(tt.names, tt.flat, tt.cum, 1);
  add(tb.names, tb.flat, tb.cum, -1);
  const rows = [...byName.values()].filter((r) => r.flat !== 0 || r.cum !== 0).sort(compareRows);
  const baseTotal = totalOf(d.baseWeight);
  return {
    sampleType: sampleTypeLabel(base, d.baseIndex),
    total: baseTotal,
    baseTotal,
    targetTotal: totalOf(d.targetWeight),
    scale: d.scale,
    rows: options.limit !== undefined && rows.length > options.limit ? rows.slice(0, options.limit) : rows,
  };
}

function sum(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  return s;
}

/** Go's math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * pprof merges samples with identical stacks and labels before it scales them, and rounds each merged
 * sample: to land on its integers we must do the same. The merged value sits on the first occurrence.
 */
function scaleMerged(p: Profile, weight: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(weight.length);
  const first = new Map<string, number>();
  for (let s = 0; s < p.sampleCount; s++) {
    const key = sampleKey(p, s);
    const at = first.get(key);
    if (at === undefined) {
      first.set(key, s);
      out[s] = weight[s];
    } else out[at] += weight[s];
  }
  for (let s = 0; s < out.length; s++) if (out[s] !== 0) out[s] = goRound(out[s] * scale);
  return out;
}

function sampleKey(p: Profile, s: number): string {
  const locs = p.sampleLocations.subarray(p.sampleStart[s], p.sampleStart[s + 1]).join(',');
  const labels = p.labels?.[s];
  return labels ? `${locs}|${JSON.stringify(labels)}` : locs;
}
