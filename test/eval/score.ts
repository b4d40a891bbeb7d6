/**
 * Scores findings against an expert's labels. Only findings above info count: info is the rules'
 * way of saying "seen, not a problem". Per rule, per bundle: an expected rule found at (or above) its
 * minimum severity is a true positive, missing (or milder) a false negative; a rule above info that is
 * not expected is a false positive, and so is each finding beyond the one-per-problem an expectation
 * allows (`max`, default 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Severity } from '../../shared/api/bundles';
import type { Finding } from '../../shared/api/findings';

export interface Expectation {
  rule: string;
  /** The mildest severity an expert accepts (default warning). */
  min?: Exclude<Severity, 'info'>;
  /** Findings of this rule the problem justifies (default 1: one finding per problem). */
  max?: number;
  /**
   * Words the finding's evidence must quote (each within one piece of it): what an expert reads to
   * see the cause, e.g. a crashing container's last error. Found without them, the finding is a false
   * negative: it names the problem, not what the bundle says of it.
   */
  quotes?: string[];
}

export interface Label {
  /** What an expert sees in this bundle, in a sentence. */
  note: string;
  /** True when nothing in the bundle deserves a finding above info. */
  healthy: boolean;
  expect: Expectation[];
  /** Rules that must not fire above info here: the false alarms this bundle is a regression case of. */
  mustNot?: string[];
  /** Rules an expert would neither ask for nor object to here (each with the reason), not scored. */
  allow?: { rule: string; why: string }[];
}

const RANK: Record<Severity, number> = { critical: 2, warning: 1, info: 0 };

export function readLabel(dir: string, name: string): Label | null {
  const file = path.join(dir, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Label) : null;
}

export interface Outcome {
  bundle: string;
  rule: string;
  kind: 'tp' | 'fp' | 'fn';
  detail: string;
}

export function score(bundle: string, label: Label, findings: Finding[]): Outcome[] {
  const loud = findings.filter((f) => f.severity !== 'info');
  const out: Outcome[] = [];
  const allowed = new Set((label.allow ?? []).map((a) => a.rule));
  for (const e of label.expect) {
    const hits = loud.filter((f) => f.rule === e.rule);
    const severe = hits.filter((f) => RANK[f.severity] >= RANK[e.min ?? 'warning']);
    const ok = severe.filter((f) => unquoted(f, e.quotes).length === 0);
    if (ok.length) out.push({ bundle, rule: e.rule, kind: 'tp', detail: ok[0]?.summary ?? '' });
    else if (severe.length) out.push({ bundle, rule: e.rule, kind: 'fn', detail: `its evidence does not quote ${unquoted(severe[0] as Finding, e.quotes).map((q) => JSON.stringify(q)).join(', ')}` });
    else out.push({ bundle, rule: e.rule, kind: 'fn', detail: hits.length ? `only ${hits.map((f) => f.severity).join(', ')}` : findings.some((f) => f.rule === e.rule) ? 'only info' : 'no finding' });
    for (const extra of hits.slice(e.max ?? 1)) out.push({ bundle, rule: e.rule, kind: 'fp', detail: `one problem, more than ${e.max ?? 1} finding: ${extra.summary}` });
  }
  const expected = new Set(label.expect.map((e) => e.rule));
  const seen = new Set<string>();
  for (const f of loud) {
    if (expected.has(f.rule) || allowed.has(f.rule) || seen.has(f.rule)) continue;
    seen.add(f.rule);
    out.push({ bundle, rule: f.rule, kind: 'fp', detail: `${f.severity}: ${f.summary}` });
  }
  return out;
}

/** The expected quotes no piece of the finding's evidence holds. */
function unquoted(f: Finding, quotes: string[] = []): string[] {
  return quotes.filter((q) => !f.evidence.some((e) => e.text.includes(q)));
}

export interface RuleScore {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

export function perRule(outcomes: Outcome[]): RuleScore[] {
  const rules = [...new Set(outcomes.map((o) => o.rule))].sort();
  return [...rules.map((rule) => tally(rule, outcomes.filter((o) => o.rule === rule))), tally('TOTAL', outcomes)];
}

function tally(rule: string, o: Outcome[]): RuleScore {
  const tp = o.filter((x) => x.kind === 'tp').length;
  const fp = o.filter((x) => x.kind === 'fp').length;
  const fn = o.filter((x) => x.kind === 'fn').length;
  return { rule, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null };
}

const f2 = (v: number | null) => (v === null ? '—' : v.toFixed(2));

export function table(scores: RuleScore[]): string {
  return ['| rule | TP | FP | FN | precision | recall |', '|---|---:|---:|---:|---:|---:|', ...scores.map((s) => `| ${s.rule === 'TOTAL' ? '**total**' : `\`${s.rule}\``} | ${s.tp} | ${s.fp} | ${s.fn} | ${f2(s.precision)} | ${f2(s.recall)} |`)].join('\n');
}
