import type { BundleId, Severity } from './bundles';
import { arity, int, type ArgValidators } from './args';

export interface Evidence {
  artifact: string;
  /** 1-based first line, or null when the evidence is the artifact as a whole. */
  line: number | null;
  /** Last line of a range; equal to line (or null) for a single line. */
  lineEnd?: number | null;
  /** Quoted text, as in the artifact. */
  text: string;
  /** What this piece of evidence shows, when not obvious. */
  note?: string | null;
}

export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  /** One or two sentences about this bundle: what was seen. */
  summary: string;
  /** What it means (from the rule). */
  meaning: string;
  /** How to fix it (from the rule). */
  remedy: string;
  links: string[];
  evidence: Evidence[];
  /** What the rule could not check because the bundle lacks it ("disk usage not collected"). */
  unchecked: string[];
  /** Why it fired and what benign explanations were checked and ruled out (absent in findings stored before it existed). */
  why?: FindingWhy;
}

/** The reasoning behind a finding, in the operator's words. */
export interface FindingWhy {
  /** What made the rule fire ("PLEG unhealthy for 58 h, reported 3 times"). */
  firedBecause: string[];
  /** Benign explanations checked and excluded ("not a startup line", "not a single transient sample"). */
  ruledOut: string[];
}

export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  meaning: string;
  remedy: string;
  links: string[];
}

export interface FindingsApi {
  findings(bundle: BundleId): Promise<Finding[]>;
  rules(): Promise<RuleInfo[]>;
}

export const findingsArgs: ArgValidators<FindingsApi> = {
  findings: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  rules: (a) => (arity(a, 0, 0), []),
};
