/**
 * docs/rules.md, generated from the rule definitions (never edited by hand). Run after a build:
 * `node dist/main/engine/rules/gen-docs.js` (the npm script docs:rules); a test fails when the file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULES, RULES_VERSION } from './index';
import type { Rule } from './types';

const SEVERITY_ORDER = ['critical', 'warning', 'info'] as const;

/** One rule's measured figures on the evaluation corpus (npm run eval, EVAL_WRITE=1). */
export interface MeasuredRule {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

export interface Measured {
  bundles: number;
  skipped: string[];
  origins: string[];
  scores: MeasuredRule[];
}

/** docs/rules-eval.json beside docs/rules.md, or null when the corpus was never measured. */
export function readMeasured(file = path.join(path.dirname(rulesDocPath()), 'rules-eval.json')): Measured | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Measured;
  } catch {
    return null;
  }
}

const f2 = (v: number | null) => (v === null ? '—' : v.toFixed(2));

function measuredCell(m: MeasuredRule | undefined): string {
  return m ? `${f2(m.precision)} / ${f2(m.recall)} (${m.tp} TP, ${m.fp} FP, ${m.fn} FN)` : 'not measured (no bundle of the corpus shows it above info)';
}

function ruleSection(r: Rule, measured: Measured | null): string {
  const m = measured?.scores.find((s) => s.rule === r.id);
  return [
    `### \`${r.id}\` — ${r.title}`,
    '',
    `**Severity:** ${r.severity} (a finding may be raised or lowered by what it sees) · **Reads:** ${r.sources} · **Version:** ${r.version}`,
    '',
    ...(measured ? [`**Measured above info (precision / recall):** ${measuredCell(m)}`, ''] : []),
    `**What it means.** ${r.meaning}`,
    '',
    `**What to do.** ${r.remedy}`,
    '',
    `**Links:** ${r.links.map((l) => `<${l}>`).join(', ')}`,
    '',
  ].join('\n');
}

export function renderRulesMarkdown(rules: readonly Rule[] = RULES, version: string = RULES_VERSION, measured: Measured | null = readMeasured()): string {
  const score = (id: string) => measured?.scores.find((s) => s.rule === id);
  const index = rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.title} | ${r.sources} |${measured ? ` ${f2(score(r.id)?.precision ?? null)} | ${f2(score(r.id)?.recall ?? null)} |` : ''}`);
  const counts = SEVERITY_ORDER.map((s) => `${rules.filter((r) => r.severity === s).length} ${s}`).join(', ');
  const total = score('TOTAL');
  return [
    '# nodescope diagnosis rules',
    '',
    '<!-- Generated from main/engine/rules by `npm run docs:rules`. Do not edit by hand. -->',
    '',
    `${rules.length} rules (${counts}); rule set version \`${version}\`. Each finding names its rule, quotes the lines`,
    'that prove it (artifact, line range, text), says why it fired and which benign explanations it ruled out, and lists',
    'what the bundle lacked to check more. Missing data is never a finding of its own. When the rule set changes, bundles',
    'already in a workspace are diagnosed again (on open, or `nodescope rediagnose`). `nodescope rules` lists the same catalogue.',
    '',
    ...(measured && total
      ? [
          '## Measured on the labelled corpus',
          '',
          `\`npm run eval\` runs every rule on ${measured.bundles} labelled bundles (${measured.origins.join(', ')}; labels in test/eval/labels)`,
          'and counts, above info, true positives (an expected finding at its severity), false positives (a finding the label',
          'does not expect, or a second finding of one problem) and false negatives. Precision = TP / (TP + FP), recall =',
          `TP / (TP + FN). Whole corpus: precision ${f2(total.precision)}, recall ${f2(total.recall)} (${total.tp} TP, ${total.fp} FP, ${total.fn} FN).`,
          `A rule with "—" had no expected or unexpected finding above info on the corpus.${measured.skipped.length ? ` Skipped when measured: ${measured.skipped.join(', ')}.` : ''}`,
          '',
        ]
      : []),
    `| Rule | Severity | Title | Sources |${measured ? ' Precision | Recall |' : ''}`,
    `|---|---|---|---|${measured ? '---:|---:|' : ''}`,
    ...index,
    '',
    '## Rules',
    '',
    ...rules.map((r) => `<a id="${r.id}"></a>\n${ruleSection(r, measured)}`),
  ].join('\n');
}

/** The docs file, from the repository root (two levels above dist/ or the source tree). */
export function rulesDocPath(root = path.resolve(__dirname, '..', '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []))): string {
  return path.join(root, 'docs', 'rules.md');
}

if (require.main === module) {
  const file = rulesDocPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderRulesMarkdown());
  process.stdout.write(`wrote ${file} (${RULES.length} rules)\n`);
}
