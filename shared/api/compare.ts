import type { BundleId, LogLevel, Severity } from './bundles';
import type { DnsDiff } from './dns';
import type { IptablesDiff, IpvsDiff } from './network';
import { arity, int, type ArgValidators } from './args';

/**
 * Two bundles diffed by meaning (issue 7). Side A is the reference ("the good node", "before"), side B
 * the one under question. Every section lists only what differs, and `identical` says whether anything
 * did. Every string is text from the bundles.
 */

/** One named value on each side; null where that side does not have it. */
export interface ValueChange {
  name: string;
  a: string | null;
  b: string | null;
}

export interface SetChange {
  /** On side B only. */
  added: string[];
  /** On side A only. */
  removed: string[];
}

export interface ComparedBundle {
  id: BundleId;
  node: string;
  collectedAt: string | null;
  name: string;
}

export interface FindingRef {
  rule: string;
  severity: Severity;
  title: string;
  /** The summary of one of them. */
  summary: string;
  /** How many findings of this rule, title and severity the bundle has. */
  count: number;
}

export interface FindingsCompare {
  /** Findings of B that A does not have. */
  new: FindingRef[];
  /** Findings of A that B no longer has. */
  gone: FindingRef[];
  /** The same rule on both sides with another severity. */
  changed: { rule: string; title: string; a: Severity; b: Severity }[];
  identical: boolean;
}

export interface NodeFactsCompare {
  /** kernel, os, kubeletVersion, containerRuntime, cgroupVersion, timezone, versions.<component>. */
  facts: ValueChange[];
  /** sysctl keys whose values differ (null: the key is absent on that side). */
  sysctl: ValueChange[];
  /**
   * What one side did not collect (`sysctl -a`, kernel modules, the kernel command line, mounts): its
   * keys or entries are not listed one by one as if the other side had them all more.
   */
  notCollected: { what: string; side: 'a' | 'b' }[];
  modules: SetChange;
  cmdline: SetChange;
  /** "mount point fstype options", with pod uids and container ids masked so two nodes compare. */
  mounts: SetChange;
  identical: boolean;
}

export type SystemGroup = 'cpu' | 'load' | 'memory' | 'pressure' | 'disk' | 'cgroups' | 'limits';

/** A number on both sides with B − A. Units: '%' (0..100), 'kB', 'ms', 'count', '' (load). */
export interface NumberChange {
  group: SystemGroup;
  name: string;
  unit: string;
  a: number | null;
  b: number | null;
  /** b − a, or null when a side lacks the number. */
  delta: number | null;
}

export interface SystemCompare {
  rows: NumberChange[];
  /** What one side lacks ("B: proc/stat"), so an absent number is not read as a difference in health. */
  missing: string[];
  identical: boolean;
}

export interface CommandCount {
  command: string;
  count: number;
  /** "S 3, D 1": processes per state letter. */
  states: string;
}

export interface CommandChange {
  command: string;
  countA: number;
  countB: number;
  statesA: string;
  statesB: string;
  /** Processes in D state (uninterruptible sleep) on each side. */
  dStateA: number;
  dStateB: number;
  /** Innermost kernel stack functions of a D-state process of B (or of A when B has none), or []. */
  dStack: string[];
}

export interface ProcessesCompare {
  onlyA: CommandCount[];
  onlyB: CommandCount[];
  /** Commands on both sides with another count or states; D-state changes first. */
  changed: CommandChange[];
  missing: string[];
  identical: boolean;
}

export interface NetworkCompare {
  iptables: IptablesDiff;
  ipvs: IpvsDiff;
  identical: boolean;
}

export interface ProfileFunctionDelta {
  name: string;
  /** Flat and cumulative values of B (scaled to A's total) minus A's, in the sample type's unit. */
  flat: number;
  cum: number;
}

export interface ProfileCompare {
  component: string;
  /** Artifact path on each side (the same for collector bundles). */
  pathA: string;
  pathB: string;
  sampleType: string;
  totalA: number;
  totalB: number;
  /** B's values were multiplied by this to match A's total (pprof -diff_base -normalize). */
  scale: number;
  /** Functions that gained the most (flat), and lost the most. */
  gainers: ProfileFunctionDelta[];
  losers: ProfileFunctionDelta[];
  /** Why this pair could not be compared, when it could not. */
  error: string | null;
}

export interface ProfilesCompare {
  profiles: ProfileCompare[];
  /** Profile paths present on one side only. */
  onlyA: string[];
  onlyB: string[];
  identical: boolean;
}

export interface LogTemplateChange {
  /** The message with numbers, ids, hex, IPs, paths, times and quoted values masked. */
  template: string;
  /** The most severe level seen for it, or null. */
  level: LogLevel | null;
  countA: number;
  countB: number;
  /** One line of B that has this template (of A when B has none). */
  example: { side: 'a' | 'b'; artifact: string; line: number; text: string };
}

export interface LogsCompare {
  /** Lines of logs counted by template (generic text files, such as command outputs, are not). */
  linesA: number;
  linesB: number;
  templatesA: number;
  templatesB: number;
  /** New error templates of B first, then by how much the counts differ. */
  templates: LogTemplateChange[];
  /** How many differing templates there were before the list was cut. */
  differing: number;
  identical: boolean;
}

export interface Comparison {
  a: ComparedBundle;
  b: ComparedBundle;
  identical: boolean;
  findings: FindingsCompare;
  facts: NodeFactsCompare;
  system: SystemCompare;
  processes: ProcessesCompare;
  network: NetworkCompare;
  dns: DnsDiff;
  profiles: ProfilesCompare;
  logs: LogsCompare;
}

export const COMPARE_SECTIONS = ['findings', 'facts', 'system', 'processes', 'network', 'dns', 'profiles', 'logs'] as const;
export type CompareSection = (typeof COMPARE_SECTIONS)[number];

export interface CompareApi {
  compareBundles(a: BundleId, b: BundleId): Promise<Comparison>;
}

export const compareArgs: ArgValidators<CompareApi> = {
  compareBundles: (a) => (arity(a, 2, 2), [int(a[0], 'bundle A id', 1), int(a[1], 'bundle B id', 1)]),
};
