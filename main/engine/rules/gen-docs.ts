/**
 * docs/rules.md, generated from the rule definitions (never edited by hand). Run after a build:
 * `node dist/main/engine/rules/gen-docs.js` (the npm script docs:rules); a test fails when the file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULES, RULES_VERSION } from './index';
import type { Rule } from './types';

const SEVERITY_ORDER = ['critical', 'warning', 'info'] as const;

function ruleSection(r: Rule): string {
  return [
    `### \`${r.id}\` — ${r.title}`,
    '',
    `**Severity:** ${r.severity} (a finding may be raised or lowered by what it sees) · **Reads:** ${r.sources} · **Version:** ${r.version}`,
    '',
    `**What it means.** ${r.meaning}`,
    '',
    `**What to do.** ${r.remedy}`,
    '',
    `**Links:** ${r.links.map((l) => `<${l}>`).join(', ')}`,
    '',
  ].join('\n');
}

export function renderRulesMarkdown(rules: readonly Rule[] = RULES, version: string = RULES_VERSION): string {
  const index = rules.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.title} |`);
  const counts = SEVERITY_ORDER.map((s) => `${rules.filter((r) => r.severity === s).length} ${s}`).join(', ');
  return [
    '# nodescope diagnosis rules',
    '',
    '<!-- Generated from main/engine/rules by `npm run docs:rules`. Do not edit by hand. -->',
    '',
    `${rules.length} rules (${counts}); rule set version \`${version}\`. Each finding names its rule, quotes the lines`,
    'that prove it (artifact, line range, text) and lists what the bundle lacked to check more. Missing data is',
    'never a finding of its own. When the rule set changes, bundles already in a workspace are diagnosed again',
    '(on open, or `nodescope rediagnose`). `nodescope rules` lists the same catalogue.',
    '',
    '| Rule | Severity | Title |',
    '|---|---|---|',
    ...index,
    '',
    '## Rules',
    '',
    ...rules.map((r) => `<a id="${r.id}"></a>\n${ruleSection(r)}`),
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
