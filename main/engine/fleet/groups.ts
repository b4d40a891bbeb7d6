import type { BundleId } from '../../../shared/api/bundles';
import type { FleetGroups, FleetSeparator } from '../../../shared/api/fleet';
import type { Db } from '../store/workspace';
import type { FeatureValue, NodeFeatures } from './features';
import { cachedNodeFeatures, fleetNode } from './cache';
import { showValue, withUnit } from './reasons';
import { median, poolFeatures, type PoolFeature } from './scoring';

/** Separators listed. */
export const SEPARATORS = 100;

/**
 * A category separates the groups by the largest difference, over its values, between the share of
 * group A and the share of group B that have it (1: every node of A has it and none of B).
 */
function categorySeparation(a: FeatureValue[], b: FeatureValue[]): { separation: number; a: string; b: string } {
  const share = (xs: FeatureValue[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(String(x.value), (m.get(String(x.value)) ?? 0) + 1 / xs.length);
    return m;
  };
  const sa = share(a);
  const sb = share(b);
  let best = 0;
  for (const v of new Set([...sa.keys(), ...sb.keys()])) best = Math.max(best, Math.abs((sa.get(v) ?? 0) - (sb.get(v) ?? 0)));
  const top = (xs: FeatureValue[], s: Map<string, number>): string => {
    const [value, n] = [...s].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0] as [string, number];
    const sample = xs.find((x) => String(x.value) === value) as FeatureValue;
    return `${showValue(sample)} on ${Math.round(n * xs.length)} of ${xs.length}`;
  };
  return { separation: best, a: top(a, sa), b: top(b, sb) };
}

/**
 * A number separates the groups by how far the probability that a node of B is above a node of A is
 * from a coin toss (|2·AUC − 1|: 1 when every node of B is above, or below, every node of A).
 */
function numberSeparation(a: FeatureValue[], b: FeatureValue[]): { separation: number; a: string; b: string } {
  const xa = a.map((x) => Number(x.value)).sort((x, y) => x - y);
  const xb = b.map((x) => Number(x.value)).sort((x, y) => x - y);
  const auc = pairsAbove(xa, xb) / (xa.length * xb.length);
  const unit = (a[0] ?? b[0])?.unit;
  return { separation: Math.abs(2 * auc - 1), a: `median ${withUnit(median(xa), unit)}`, b: `median ${withUnit(median(xb), unit)}` };
}

/**
 * Pairs (x of A, y of B) with y above x, a tie counting half: one walk of both sorted lists, not every
 * pair (two groups of 100 nodes over 100k log templates were 10⁹ steps).
 */
export function pairsAbove(sortedA: number[], sortedB: number[]): number {
  let above = 0;
  let below = 0; // sortedA[0, below) < y
  let upTo = 0; // sortedA[below, upTo) === y
  for (const y of sortedB) {
    while (below < sortedA.length && (sortedA[below] as number) < y) below++;
    if (upTo < below) upTo = below;
    while (upTo < sortedA.length && (sortedA[upTo] as number) <= y) upTo++;
    above += below + 0.5 * (upTo - below);
  }
  return above;
}

function separator(f: PoolFeature, inA: boolean[]): FleetSeparator | null {
  const a: FeatureValue[] = [];
  const b: FeatureValue[] = [];
  f.values.forEach((v, i) => {
    if (v !== null) (inA[i] ? a : b).push(v);
  });
  if (a.length === 0 || b.length === 0) return null;
  const numeric = f.def.type === 'count' || f.def.type === 'measure';
  const s = numeric ? numberSeparation(a, b) : categorySeparation(a, b);
  const separation = Math.round(s.separation * 1000) / 1000;
  if (separation === 0) return null;
  return { feature: f.def.label, kind: f.def.kind, separation, a: s.a, b: s.b };
}

/** Features ranked by how well they separate group A from group B (BubbleUp-style). */
export function separators(a: NodeFeatures[], b: NodeFeatures[]): FleetSeparator[] {
  const inA = [...a.map(() => true), ...b.map(() => false)];
  return poolFeatures([...a, ...b])
    .map((f) => separator(f, inA))
    .filter((s): s is FleetSeparator => s !== null)
    .sort((x, y) => y.separation - x.separation || x.feature.localeCompare(y.feature))
    .slice(0, SEPARATORS);
}

export function fleetGroups(db: Db, a: BundleId[], b: BundleId[]): FleetGroups {
  return {
    a: a.map((id) => fleetNode(db, id)),
    b: b.map((id) => fleetNode(db, id)),
    separators: separators(
      a.map((id) => cachedNodeFeatures(db, id)),
      b.map((id) => cachedNodeFeatures(db, id)),
    ),
  };
}
