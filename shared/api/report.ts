import type { BundleId, Severity } from './bundles';
import type { Finding } from './findings';
import { ArgError, arity, int, oneOf, onlyKeys, optStr, record, str, type ArgValidators } from './args';

/**
 * The incident report (issue 8): what the operator composed from a bundle's findings, and its export as
 * one self-contained HTML file (no script, no network), Markdown for a ticket, or PDF.
 */

/** One finding chosen for the report, in report order. */
export interface ReportFindingChoice {
  /** findingKey() of the finding in the bundle's findings list. */
  key: string;
  /** The operator's note on this finding ('' for none). */
  note: string;
}

/** A profile drawn as a flame graph of one function's subtree (or of the whole profile) with its top table. */
export interface ReportProfileChoice {
  path: string;
  /** The function whose subtree is drawn; null draws the whole profile. */
  focus: string | null;
  /** A `-sample_index` name; null: the profile's default. */
  sample: string | null;
}

export interface ReportDraft {
  bundle: BundleId;
  /** The reference bundle (the good node, or before) to compare the bundle with, or null. */
  compare: BundleId | null;
  title: string;
  summary: string;
  impact: string;
  findings: ReportFindingChoice[];
  profiles: ReportProfileChoice[];
}

export type ReportFormat = 'html' | 'markdown' | 'pdf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'markdown', 'pdf'];

export interface ReportExport {
  fileName: string;
  mimeType: string;
  /** The HTML or Markdown text; base64 for PDF. */
  data: string;
  encoding: 'utf8' | 'base64';
}

export interface ReportApi {
  /** A draft with every finding above info chosen, in the bundle's order, and the profiles they point at. */
  reportDraft(bundle: BundleId, compare?: BundleId | null): Promise<ReportDraft>;
  exportReport(draft: ReportDraft, format: ReportFormat): Promise<ReportExport>;
}

/** Severities chosen by default: everything above info. */
export const DEFAULT_SEVERITIES: readonly Severity[] = ['critical', 'warning'];

/**
 * Stable keys for a bundle's findings: the rule, and which of that rule's findings it is (a rule may
 * fire more than once), e.g. "oom-kill#0". The same list gives the same keys in main and renderer.
 */
export function findingKeys(findings: readonly Pick<Finding, 'rule'>[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = seen.get(f.rule) ?? 0;
    seen.set(f.rule, n + 1);
    return `${f.rule}#${n}`;
  });
}

const TEXT_MAX = 20_000;

function findingChoice(v: unknown, i: number): ReportFindingChoice {
  const o = record(v, `draft.findings[${i}]`);
  onlyKeys(o, `draft.findings[${i}]`, ['key', 'note']);
  return { key: str(o.key, `draft.findings[${i}].key`, 300), note: optStr(o.note, `draft.findings[${i}].note`, TEXT_MAX) ?? '' };
}

function profileChoice(v: unknown, i: number): ReportProfileChoice {
  const o = record(v, `draft.profiles[${i}]`);
  onlyKeys(o, `draft.profiles[${i}]`, ['path', 'focus', 'sample']);
  return {
    path: str(o.path, `draft.profiles[${i}].path`),
    focus: optStr(o.focus, `draft.profiles[${i}].focus`, 1000) ?? null,
    sample: optStr(o.sample, `draft.profiles[${i}].sample`, 100) ?? null,
  };
}

function list<T>(v: unknown, name: string, max: number, item: (x: unknown, i: number) => T): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > max) throw new ArgError(`${name} must be a list of at most ${max} items`);
  return v.map(item);
}

export function reportDraftArg(v: unknown): ReportDraft {
  const o = record(v, 'draft');
  onlyKeys(o, 'draft', ['bundle', 'compare', 'title', 'summary', 'impact', 'findings', 'profiles']);
  return {
    bundle: int(o.bundle, 'draft.bundle', 1),
    compare: o.compare === undefined || o.compare === null ? null : int(o.compare, 'draft.compare', 1),
    title: optStr(o.title, 'draft.title', 500) ?? '',
    summary: optStr(o.summary, 'draft.summary', TEXT_MAX) ?? '',
    impact: optStr(o.impact, 'draft.impact', TEXT_MAX) ?? '',
    findings: list(o.findings, 'draft.findings', 1000, findingChoice),
    profiles: list(o.profiles, 'draft.profiles', 50, profileChoice),
  };
}

export const reportArgs: ArgValidators<ReportApi> = {
  reportDraft: (a) => (
    arity(a, 1, 2),
    [int(a[0], 'bundle id', 1), a[1] === undefined || a[1] === null ? null : int(a[1], 'compare bundle id', 1)]
  ),
  exportReport: (a) => (arity(a, 2, 2), [reportDraftArg(a[0]), oneOf(a[1], 'format', REPORT_FORMATS)]),
};
