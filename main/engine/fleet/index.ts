import type { BundleId } from '../../../shared/api/bundles';
import type { FleetCell, FleetFeature, FleetNode, FleetOutlier, FleetReport } from '../../../shared/api/fleet';
import type { Db } from '../store/workspace';
import { cachedNodeFeatures, fleetNode } from './cache';
import type { NodeFeatures } from './features';
import { EvidenceResolver, reasonOf, showValue } from './reasons';
import { nodeScore, poolFeatures, scoreFeature, THRESHOLD, TOP_FEATURES, type Scored } from './scoring';

export { fleetGroups } from './groups';
export { cachedNodeFeatures, fleetNode } from './cache';

/** Reasons listed per outlier. */
export const REASONS = TOP_FEATURES;
/** Columns of the heatmap. */
export const MATRIX_FEATURES = 40;
/** A feature no node scores this much in is not a column. */
export const COLUMN_MIN_SCORE = 1;

/** Every feature of the pool, scored; features no node is unusual in are dropped. */
export function scorePool(features: NodeFeatures[]): { scored: Scored[]; compared: number } {
  const scored: Scored[] = [];
  let compared = 0;
  for (const f of poolFeatures(features)) {
    const s = scoreFeature(f);
    if (s) compared++;
    if (s && s.scores.some((x) => x !== null && x > 0)) scored.push(s);
  }
  return { scored, compared };
}

const maxScore = (s: Scored): number => Math.max(...s.scores.map((x) => x ?? 0));

/**
 * Which nodes of the pool are not like the others, and why: nodes with at least one notable feature,
 * most unusual first, each with its few most unusual features and their evidence.
 */
export function fleetReport(db: Db, ids: BundleId[]): FleetReport {
  const nodes = ids.map((id) => fleetNode(db, id));
  const features = ids.map((id) => cachedNodeFeatures(db, id));
  const { scored, compared } = scorePool(features);
  const evidence = new EvidenceResolver(db);
  const outliers: FleetOutlier[] = [];
  nodes.forEach((n, i) => {
    const mine = scored
      .map((s) => ({ s, score: s.scores[i] ?? 0 }))
      .filter((x) => x.score >= THRESHOLD)
      .sort((a, b) => b.score - a.score || kindRank(a.s) - kindRank(b.s) || (a.s.feature.key < b.s.feature.key ? -1 : 1));
    if (mine.length === 0) return;
    outliers.push({
      id: n.id,
      node: n.node,
      score: nodeScore(mine.map((x) => x.score)),
      why: mine.slice(0, REASONS).map((x) => reasonOf(x.s, i, x.score, evidence)),
    });
  });
  outliers.sort((a, b) => b.score - a.score || a.node.localeCompare(b.node) || a.id - b.id);

  // Notable features first, then the somewhat unusual ones for context.
  const columns = scored
    .filter((s) => maxScore(s) >= COLUMN_MIN_SCORE)
    .sort((a, b) => maxScore(b) - maxScore(a) || kindRank(a) - kindRank(b) || (a.feature.key < b.feature.key ? -1 : 1))
    .slice(0, MATRIX_FEATURES);
  const order = [
    ...outliers.map((o) => nodes.findIndex((n) => n.id === o.id)),
    ...nodes
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => !outliers.some((o) => o.id === n.id))
      .sort((a, b) => a.n.node.localeCompare(b.n.node) || a.n.id - b.n.id)
      .map(({ i }) => i),
  ];
  const matrixFeatures: FleetFeature[] = columns.map((s) => ({ key: s.feature.key, feature: s.feature.def.label, kind: s.feature.def.kind }));
  const rows = order.map((i) => {
    const n = nodes[i] as FleetNode;
    const cells: FleetCell[] = columns.map((s) => {
      const v = s.feature.values[i];
      return v ? { score: s.scores[i] ?? 0, value: showValue(v), evidence: evidence.resolve(v.evidence) } : { score: null, value: 'not collected', evidence: null };
    });
    return { id: n.id, node: n.node, score: outliers.find((o) => o.id === n.id)?.score ?? 0, cells };
  });
  return {
    nodes,
    outliers,
    matrix: { features: matrixFeatures, rows },
    featureCount: compared,
    threshold: THRESHOLD,
  };
}

/** Between equal scores: what an operator reads first (findings, then logs, then the rest). */
const KIND_ORDER = ['finding', 'log', 'd-state', 'goroutines', 'fact', 'system', 'sysctl', 'module', 'cmdline', 'mount', 'iptables', 'dns'];
function kindRank(s: Scored): number {
  return KIND_ORDER.indexOf(s.feature.def.kind);
}
