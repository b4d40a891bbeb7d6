/**
 * `npm run eval`: the rules on the labelled corpus, with per-rule TP/FP/FN, precision and recall above
 * info. Runs in CI as a test: no finding above info on a healthy bundle; precision ≥ 0.95 and recall
 * ≥ 0.9 on the whole corpus. EVAL_ONLY=<regex> narrows the corpus by name; EVAL_WRITE=1 records the
 * table in docs/rules-eval.json (read by the docs generator); EVAL_VERBOSE=1 prints every finding.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/findings';
import { RULES } from '../../main/engine/rules';
import { corpus, ingested, type CorpusEntry } from './corpus';
import { liveEntry } from './live';
import { evalTmp } from './peer';
import { perRule, readLabel, score, table, type Label, type Outcome } from './score';

const LABELS = path.join(__dirname, 'labels');
const only = process.env.EVAL_ONLY ? new RegExp(process.env.EVAL_ONLY) : null;
const entries: CorpusEntry[] = [...corpus(), liveEntry(ingested)].filter((e) => !only || only.test(e.name));

interface Result { entry: CorpusEntry; label: Label | null; outcomes: Outcome[]; loudOnHealthy: string[]; skip?: string; loud?: Finding[] }
const results: Result[] = [];
const tmp = evalTmp();

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('evaluation of the rules on the labelled corpus', () => {
  it('diagnoses every bundle of the corpus', async () => {
    for (const entry of entries) {
      const started = Date.now();
      const found = await entry.diagnose(tmp);
      if ('skip' in found) {
        results.push({ entry, label: null, outcomes: [], loudOnHealthy: [], skip: found.skip });
        continue;
      }
      const committed = readLabel(LABELS, entry.name);
      const label = committed && entry.adjustLabel ? entry.adjustLabel(committed) : committed;
      const outcomes = label ? score(entry.name, label, found) : [];
      const broken = label ? found.filter((f) => f.severity !== 'info' && (label.mustNot ?? []).includes(f.rule)) : [];
      if (broken.length) console.log(`- ${entry.name}: must-not rule fired: ${broken.map((f) => f.rule).join(', ')}`);
      const loud = found.filter((f) => f.severity !== 'info');
      const allowed = new Set((label?.allow ?? []).map((a) => a.rule));
      results.push({ entry, label, outcomes, loud, loudOnHealthy: label?.healthy ? loud.filter((f) => !allowed.has(f.rule)).map((f) => `${f.rule}: ${f.summary}`) : [] });
      if (process.env.EVAL_VERBOSE) {
        console.log(`\n## ${entry.name} (${entry.origin}, ${Date.now() - started} ms)\n${found.map((f) => `  ${f.severity} ${f.rule}: ${f.summary.slice(0, 240)}`).join('\n')}`);
      }
    }
    const outcomes = results.flatMap((r) => r.outcomes);
    const scores = perRule(outcomes);
    const skipped = results.filter((r) => r.skip);
    const loud = results.flatMap((r) => r.loud ?? []);
    const unexplained = [...new Set(loud.filter((f) => !f.why?.ruledOut.length).map((f) => f.rule))].sort();
    const lines = [
      `\n# Rules on the labelled corpus: ${results.length - skipped.length} bundles diagnosed, ${skipped.length} skipped`,
      ...skipped.map((r) => `- skipped ${r.entry.name}: ${r.skip}`),
      '',
      table(scores),
      '',
      ...outcomes.filter((o) => o.kind !== 'tp').map((o) => `- ${o.kind.toUpperCase()} ${o.rule} on ${o.bundle}: ${o.detail.slice(0, 300)}`),
      '',
      `Findings above info that say why they fired: ${loud.filter((f) => f.why?.firedBecause.length).length} of ${loud.length}; that say what was ruled out: ${loud.filter((f) => f.why?.ruledOut.length).length}${unexplained.length ? ` (not yet: ${unexplained.join(', ')})` : ''}.`,
    ];
    console.log(lines.join('\n'));
    if (process.env.EVAL_WRITE && !only) {
      const origins = [...new Set(results.filter((r) => !r.skip).map((r) => r.entry.origin))];
      const doc = { bundles: results.length - skipped.length, skipped: skipped.map((r) => r.entry.name), origins, scores };
      fs.writeFileSync(path.join(__dirname, '..', '..', 'docs', 'rules-eval.json'), JSON.stringify(doc, null, 2) + '\n');
    }
    expect(results.filter((r) => !r.skip && !r.label).map((r) => r.entry.name), 'bundles without a label file').toEqual([]);
  }, 3_600_000);

  it('every finding above info says why it fired', () => {
    expect(results.flatMap((r) => (r.loud ?? []).filter((f) => !f.why?.firedBecause.length).map((f) => `${r.entry.name}: ${f.rule}`))).toEqual([]);
  });

  it('no finding above info on any healthy bundle', () => {
    expect(results.flatMap((r) => r.loudOnHealthy.map((l) => `${r.entry.name}: ${l}`))).toEqual([]);
  });

  it('precision ≥ 0.95 and recall ≥ 0.9 above info, on the whole corpus', () => {
    const total = perRule(results.flatMap((r) => r.outcomes)).at(-1);
    if (only) return;
    expect(total?.precision ?? 0).toBeGreaterThanOrEqual(0.95);
    expect(total?.recall ?? 0).toBeGreaterThanOrEqual(0.9);
  });

  it('every label names rules that exist and bundles that exist', () => {
    const ids = new Set(RULES.map((r) => r.id));
    const names = new Set([...corpus(), liveEntry(ingested)].map((e) => e.name));
    const unknown: string[] = [];
    for (const f of fs.readdirSync(LABELS)) {
      const name = f.replace(/\.json$/, '');
      const label = readLabel(LABELS, name) as Label;
      const rules = [...label.expect.map((e) => e.rule), ...(label.mustNot ?? []), ...(label.allow ?? []).map((a) => a.rule)];
      unknown.push(...rules.filter((r) => !ids.has(r)).map((r) => `${f}: rule ${r}`));
      if (!names.has(name) && !name.startsWith('peer-')) unknown.push(`${f}: no such bundle`);
    }
    expect(unknown).toEqual([]);
  });
});
