import { FLEET_SCORE_CAP } from '../../../shared/api/fleet';
import type { FeatureType, FeatureValue, NodeFeatures } from './features';

/**
 * Robust scores of every node on every feature of a pool. Numbers: a robust z-score, the distance to
 * the pool's median in units of its scaled median absolute deviation (MAD × 1.4826, as Iglewicz and
 * Hoaglin's modified z-score), with a floor on the scale so that nodes that differ by a line or a
 * fraction of a percent are never outliers. Categories: rarity, in bits, of the node's value when a clear
 * majority of the pool shares another one.
 */

/** At and above this a feature makes a node unusual (Iglewicz and Hoaglin's 3.5). */
export const THRESHOLD = 3.5;
/** Fewer nodes with a value than this and a feature is not compared. */
export const MIN_NODES = 3;

/** One feature across the pool: each node's value, or null where the node has none. */
export interface PoolFeature {
  key: string;
  def: FeatureValue;
  values: (FeatureValue | null)[];
}

export interface Scored {
  feature: PoolFeature;
  /** Per node: null (no value), else 0 .. FLEET_SCORE_CAP. */
  scores: (number | null)[];
  /** The pool's usual value, for reasons. */
  usual: Usual;
}

export type Usual =
  | { type: 'category'; mode: string; modeCount: number; counts: Map<string, number>; present: number }
  | { type: 'number'; median: number; min: number; max: number; zeros: number; present: number };

/** The absent value of a node that has the feature's source: "no" for presence, 0 for counts. */
function filled(def: FeatureValue, node: NodeFeatures): FeatureValue | null {
  if (!node.sources.has(def.source)) return null;
  if (def.type === 'presence') return { ...def, value: 'no', evidence: null };
  if (def.type === 'count') return { ...def, value: 0, evidence: null };
  return null;
}

/** Every feature any node has, with every node's value. */
export function poolFeatures(nodes: NodeFeatures[]): PoolFeature[] {
  const defs = new Map<string, FeatureValue>();
  for (const n of nodes) for (const [k, v] of n.values) if (!defs.has(k)) defs.set(k, v);
  const out: PoolFeature[] = [];
  for (const [key, def] of defs) {
    out.push({ key, def, values: nodes.map((n) => n.values.get(key) ?? filled(def, n)) });
  }
  return out;
}

export function median(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The smallest spread that counts: a count is noisy by about its square root, a percentage by 5 points. */
function scaleFloor(type: FeatureType, unit: string | undefined, m: number, kind: string): number {
  if (type === 'count') return kind === 'd-state' ? 0.5 : Math.max(1 + Math.sqrt(Math.abs(m)), 0.25 * Math.abs(m));
  if (unit === '%') return 5;
  return Math.max(1, 0.25 * Math.abs(m));
}

const cap = (x: number): number => Math.min(FLEET_SCORE_CAP, Math.round(x * 100) / 100);

function scoreNumbers(f: PoolFeature): Scored | null {
  const xs: number[] = [];
  for (const v of f.values) if (v !== null) xs.push(Number(v.value));
  if (xs.length < MIN_NODES) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const m = median(sorted);
  const usual: Usual = {
    type: 'number',
    median: m,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    zeros: xs.filter((x) => x === 0).length,
    present: xs.length,
  };
  if (usual.min === usual.max) return { feature: f, scores: f.values.map((v) => (v === null ? null : 0)), usual };
  const mad = median(sorted.map((x) => Math.abs(x - m)).sort((a, b) => a - b));
  const scale = Math.max(1.4826 * mad, scaleFloor(f.def.type, f.def.unit, m, f.def.kind));
  const upOnly = f.def.type === 'count';
  const scores = f.values.map((v) => {
    if (v === null) return null;
    const d = (Number(v.value) - m) / scale;
    return cap(upOnly ? Math.max(0, d) : Math.abs(d));
  });
  return { feature: f, scores, usual };
}

/**
 * Rarity of a category value: the bits of surprise (-log2 of its share) × 1.75, when one node has it or
 * at most a fifth of the pool, and at least half the pool shares another value; otherwise half its bits
 * times the share of the others (never notable). One node of 4 → 3.5, of 8 → 5.25, of 20 → 7.6; two
 * of 10 → 4.1; two of 8 → 0.75; five of 20 (a rolling upgrade) → 0.75.
 */
export function rarity(k: number, present: number, modeCount: number): number {
  const p = k / present;
  if (k >= modeCount) return 0;
  const bits = -Math.log2(p);
  return k <= Math.max(1, 0.2 * present) && modeCount / present >= 0.5 ? cap(1.75 * bits) : cap(0.5 * bits * (1 - p));
}

function scoreCategories(f: PoolFeature): Scored | null {
  const counts = new Map<string, number>();
  let present = 0;
  for (const v of f.values) {
    if (v === null) continue;
    present++;
    const s = String(v.value);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (present < MIN_NODES) return null;
  let mode = '';
  let modeCount = 0;
  for (const [value, n] of counts) if (n > modeCount || (n === modeCount && value < mode)) [mode, modeCount] = [value, n];
  const usual: Usual = { type: 'category', mode, modeCount, counts, present };
  const scores = f.values.map((v) => (v === null ? null : rarity(counts.get(String(v.value)) as number, present, modeCount)));
  return { feature: f, scores, usual };
}

export function scoreFeature(f: PoolFeature): Scored | null {
  return f.def.type === 'category' || f.def.type === 'presence' ? scoreCategories(f) : scoreNumbers(f);
}

/** How many notable features add up to a node's score. */
export const TOP_FEATURES = 5;

/** A node's score: the sum of its TOP_FEATURES highest notable feature scores. */
export function nodeScore(scores: number[]): number {
  const notable = scores.filter((s) => s >= THRESHOLD).sort((a, b) => b - a);
  return Math.round(notable.slice(0, TOP_FEATURES).reduce((a, b) => a + b, 0) * 100) / 100;
}
