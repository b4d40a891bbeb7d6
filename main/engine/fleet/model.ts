import type { Evidence } from '../../../shared/api/findings';
import type { FleetFeatureKind } from '../../../shared/api/fleet';

/**
 * Per-node features, from what ingest already parsed. Three types, scored differently:
 * - category: a value a node has or has not in common with the pool (kernel, a sysctl value);
 * - count: how often something happens (log lines of a template, D-state processes); absent is 0 on a
 *   node that has the source, and only a count far above the pool's is unusual;
 * - measure: a number a node has or not (CPU steal, PSI); both directions are unusual.
 * A presence feature (a kernel module, a mount) is a category whose absence on a node that has the
 * source means "no".
 */
export type FeatureType = 'category' | 'presence' | 'count' | 'measure';

/** Evidence, or the log line that is (resolved only for what is shown). */
export type EvidenceRef = Evidence | { logLineId: number } | null;

export interface FeatureValue {
  kind: FleetFeatureKind;
  type: FeatureType;
  /** The feature in plain words, without the node's value. */
  label: string;
  /** What a node needs for an absent value to mean "no" / 0 ("findings", "logs", "proc/modules"). */
  source: string;
  value: string | number;
  /** Unit for counts and measures ("lines", "%", "processes"). */
  unit?: string;
  evidence: EvidenceRef;
}

export interface NodeFeatures {
  /** Feature key → this node's value. */
  values: Map<string, FeatureValue>;
  /** The sources this node has. */
  sources: Set<string>;
}

/** Collects one node's features as the extractors find them. */
export class Builder {
  readonly values = new Map<string, FeatureValue>();
  readonly sources = new Set<string>();
  put(key: string, v: FeatureValue): void {
    this.values.set(key, v);
  }
}

/** The first line of text that passes `find`, with its 1-based number. */
export function lineOf(text: string, find: (line: string) => boolean): { line: number; text: string } | null {
  let start = 0;
  for (let n = 1; start <= text.length; n++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (find(line)) return { line: n, text: line };
    if (end < 0) break;
    start = end + 1;
  }
  return null;
}
