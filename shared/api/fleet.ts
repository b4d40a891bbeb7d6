import type { BundleId } from './bundles';
import type { Evidence } from './findings';
import { arity, ArgError, int, type ArgValidators } from './args';

/**
 * A fleet (issue 18): bundles of several nodes looked at together. Every node gets a robust score per
 * feature (median/MAD for numbers, rarity for categories and log templates) and nodes that are unlike
 * the pool are listed with the features that make them so, each with its evidence.
 */

/** Where a feature comes from, in the operator's words. */
export type FleetFeatureKind =
  | 'fact'
  | 'sysctl'
  | 'module'
  | 'cmdline'
  | 'mount'
  | 'finding'
  | 'log'
  | 'd-state'
  | 'system'
  | 'iptables'
  | 'dns'
  | 'goroutines';

export const FLEET_FEATURE_KINDS: readonly FleetFeatureKind[] = [
  'fact',
  'sysctl',
  'module',
  'cmdline',
  'mount',
  'finding',
  'log',
  'd-state',
  'system',
  'iptables',
  'dns',
  'goroutines',
];

export interface FleetNode {
  id: BundleId;
  node: string;
  collectedAt: string | null;
  name: string;
}

/** One feature that makes a node unusual, in plain words. */
export interface FleetReason {
  /** The feature ("kernel", "sysctl net.ipv4.ip_forward", "log template `… no space left on device …`"). */
  feature: string;
  kind: FleetFeatureKind;
  /** This node's value ("3.10.0-862.el7.x86_64", "4,210 lines", "absent"). */
  value: string;
  /** What the pool has ("9 of 10 nodes run 3.10.0-1160.el7.x86_64", "absent on the other 7 nodes"). */
  usual: string;
  /** How unusual: a robust z-score for numbers, a rarity score for categories; 3.5 and above is notable. */
  score: number;
  /** The whole reason as one sentence. */
  text: string;
  /** Where this node shows it, when there is a line or an artifact to point at. */
  evidence: Evidence | null;
}

export interface FleetOutlier {
  id: BundleId;
  node: string;
  /** The sum of the node's top notable feature scores (each capped): higher is more unusual. */
  score: number;
  /** The features that make it unusual, most unusual first (a few). */
  why: FleetReason[];
}

/** A column of the heatmap. */
export interface FleetFeature {
  key: string;
  feature: string;
  kind: FleetFeatureKind;
}

/** A cell of the heatmap: this node's value and score for the column's feature. */
export interface FleetCell {
  /** 0 (usual) to FLEET_SCORE_CAP; null when the node has no value for the feature. */
  score: number | null;
  value: string;
  evidence: Evidence | null;
}

export interface FleetMatrix {
  /** The most separating features first (at most a few dozen). */
  features: FleetFeature[];
  /** One row per node, outliers first (in the order of `outliers`), then the rest by node name. */
  rows: { id: BundleId; node: string; score: number; cells: FleetCell[] }[];
}

export interface FleetReport {
  nodes: FleetNode[];
  /** Most unusual first; empty when no node stands out. */
  outliers: FleetOutlier[];
  matrix: FleetMatrix;
  /** How many features were compared. */
  featureCount: number;
  /** Score at and above which a feature counts as notable. */
  threshold: number;
}

/** One feature and how well it separates group A from group B (BubbleUp-style). */
export interface FleetSeparator {
  feature: string;
  kind: FleetFeatureKind;
  /** 0 (same in both groups) to 1 (every node of one group differs from every node of the other). */
  separation: number;
  /** Group A's typical value ("v1.27.3 on 4 of 4", "median 12"), and B's. */
  a: string;
  b: string;
}

export interface FleetGroups {
  a: FleetNode[];
  b: FleetNode[];
  /** Best separating first. */
  separators: FleetSeparator[];
}

export interface FleetApi {
  fleet(bundles: BundleId[]): Promise<FleetReport>;
  fleetGroups(a: BundleId[], b: BundleId[]): Promise<FleetGroups>;
}

export const FLEET_MAX_BUNDLES = 1000;
export const FLEET_SCORE_CAP = 10;

function idList(v: unknown, name: string, min: number): BundleId[] {
  if (!Array.isArray(v) || v.length < min || v.length > FLEET_MAX_BUNDLES) {
    throw new ArgError(`${name} must be a list of ${min} to ${FLEET_MAX_BUNDLES} bundle ids`);
  }
  const ids = v.map((x, i) => int(x, `${name}[${i}]`, 1));
  if (new Set(ids).size !== ids.length) throw new ArgError(`${name} lists a bundle twice`);
  return ids;
}

export const fleetArgs: ArgValidators<FleetApi> = {
  fleet: (a) => (arity(a, 1, 1), [idList(a[0], 'bundles', 2)]),
  fleetGroups: (a) => {
    arity(a, 2, 2);
    const ga = idList(a[0], 'group A', 1);
    const gb = idList(a[1], 'group B', 1);
    if (ga.some((id) => gb.includes(id))) throw new ArgError('a bundle cannot be in both groups');
    return [ga, gb];
  },
};
