import type { Severity } from '../../../shared/api/bundles';
import type { Evidence, FindingWhy } from '../../../shared/api/findings';
import type { BundleView } from './view';

/** What one detector saw in one bundle. The rule's fixed texts are added when it becomes a Finding. */
export interface Detection {
  /** One or two sentences about this bundle. */
  summary: string;
  evidence: Evidence[];
  /** What the detector could not check because the bundle lacks it ("disk usage not collected"). */
  unchecked?: string[];
  /** Set when this occurrence is worse (or milder) than the rule's usual severity. */
  severity?: Severity;
  /** Why it fired and what was ruled out; the runner adds what it knows (the evidence count) when absent. */
  why?: Partial<FindingWhy>;
}

export interface Rule {
  /** kebab-case, stable: stored findings and the docs refer to it. */
  id: string;
  title: string;
  /** The usual severity; a detection may override it. */
  severity: Severity;
  meaning: string;
  remedy: string;
  /** Upstream issues, fixes and docs. */
  links: string[];
  /** Bump when the detector changes what it finds: bundles are re-diagnosed. */
  version: number;
  /** What the rule reads, for the docs ("kubelet journal, kubelet goroutine dump"). */
  sources: string;
  detect(view: BundleView): Detection[];
}

export const SEVERITY_CODE: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
