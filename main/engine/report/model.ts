import type { CompletenessGap, IngestError, Severity } from '../../../shared/api/bundles';
import type { Comparison } from '../../../shared/api/compare';
import type { Evidence, Finding } from '../../../shared/api/findings';
import type { FlameNode, ProfileTopRow } from '../../../shared/api/profiles';

/**
 * The report as its renderers see it: everything resolved, every string still the bundle's own text
 * (each renderer escapes for its format).
 */

export interface ReportBundle {
  /** 'bundle': the node the report is about; 'reference': the node it is compared with. */
  role: 'bundle' | 'reference';
  id: number;
  node: string;
  /** File or folder name the bundle was opened from. */
  name: string;
  sha256: string;
  collectedAt: string | null;
  collectionEndedAt: string | null;
  collectorVersion: string | null;
  collectorScriptSha256: string | null;
  /** Node facts as [label, value], in a fixed order. */
  facts: [string, string][];
  completeness: CompletenessGap[];
  errors: IngestError[];
  /** True for a plain tarball or folder (no manifest: completeness is unknown). */
  plain: boolean;
}

export interface QuotedLine {
  /** 1-based line number in the artifact, or null when the evidence is not a line range. */
  line: number | null;
  text: string;
}

export interface ReportEvidence {
  artifact: string;
  /** sha256 of the artifact the lines are quoted from, or null when the bundle does not have it. */
  sha256: string | null;
  lines: QuotedLine[];
  note: string | null;
}

/** A finding as the report shows it: the engine's, with the operator's note and its quotes resolved. */
export interface ReportFinding extends Omit<Finding, 'evidence'> {
  key: string;
  note: string;
  evidence: ReportEvidence[];
}

export interface TimelineEntry {
  /** ISO UTC. */
  time: string;
  /** The finding's title, or what happened ("collection started"). */
  what: string;
  severity: Severity | null;
  artifact: string | null;
  line: number | null;
  text: string;
}

export interface ReportProfile {
  path: string;
  component: string | null;
  focus: string | null;
  sha256: string | null;
  sampleType: string;
  /** Total of the whole profile, in the sample type's unit. */
  total: number;
  /** The drawn subtree (the focus function merged over all its call sites), or the whole profile. */
  root: FlameNode | null;
  top: ProfileTopRow[];
  /** Why the profile could not be drawn, when it could not. */
  error: string | null;
}

export interface CompareSection {
  title: string;
  identical: boolean;
  lines: string[];
}

export interface QuotedArtifact {
  node: string;
  role: 'bundle' | 'reference';
  path: string;
  sha256: string;
  bytes: number;
}

export interface ReportModel {
  title: string;
  summary: string;
  impact: string;
  /** ISO UTC. */
  generatedAt: string;
  bundle: ReportBundle;
  reference: ReportBundle | null;
  findings: ReportFinding[];
  /** The bundle's findings not chosen, by severity: a report says what it leaves out. */
  leftOut: Record<Finding['severity'], number>;
  timeline: TimelineEntry[];
  profiles: ReportProfile[];
  comparison: { data: Comparison; sections: CompareSection[] } | null;
  /** Every artifact the report quotes, with its hash, so the quotes can be checked against the tarball. */
  artifacts: QuotedArtifact[];
}

export type { Evidence, Finding };
