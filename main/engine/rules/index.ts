import crypto from 'node:crypto';
import type { Finding, FindingWhy, RuleInfo } from '../../../shared/api/findings';
import type { Db } from '../store/workspace';
import { ALL_RULES } from './catalogue';
import { capFindings } from './log-rule';
import { SEVERITY_CODE, type Detection, type Rule } from './types';
import { BundleView } from './view';

export type { Rule, Detection } from './types';
export { BundleView } from './view';

/** Every rule, in catalogue order (the docs and `nodescope rules` list them so). */
export const RULES: readonly Rule[] = ALL_RULES;

/** Changes whenever a rule is added, removed or bumped: stored findings older than it are stale. */
export const RULES_VERSION: string = crypto
  .createHash('sha256')
  .update(RULES.map((r) => `${r.id}@${r.version}`).sort().join('\n'))
  .digest('hex')
  .slice(0, 16);

export function ruleInfo(rule: Rule): RuleInfo {
  return { id: rule.id, title: rule.title, severity: rule.severity, meaning: rule.meaning, remedy: rule.remedy, links: [...rule.links] };
}

/**
 * Runs every rule on one bundle, replaces its stored findings, marks it with RULES_VERSION and
 * returns the findings most severe first. Runs inside the caller's transaction when there is one.
 */
export function diagnoseBundle(db: Db, bundleId: number, rules: readonly Rule[] = RULES): Finding[] {
  const view = new BundleView(db, bundleId);
  return storeFindings(db, bundleId, rules.flatMap((rule) => runRule(rule, view)));
}

/** A diagnosis begun over a partial full-text index: finish() once the index holds every line. */
export interface PendingDiagnosis {
  /** Runs again the rules that read a provisional search, stores the findings and returns them as diagnoseBundle does. */
  finish(): Finding[];
}

/**
 * The ingest's diagnosis, in two passes. The first runs while the index worker finishes, over the
 * lines indexed so far (up to `indexedTo`): a rule that read only final searches (see BundleView) has
 * its findings. The second, once the index is complete, runs the other rules on a fresh view that
 * reuses the final searches: the costly ones, that fill the cap, are mostly read in the first pass.
 * The findings are those diagnoseBundle gives, in the same order.
 */
export function beginDiagnosis(db: Db, bundleId: number, indexedTo: number, rules: readonly Rule[] = RULES): PendingDiagnosis {
  const first = new BundleView(db, bundleId, { complete: false, indexedTo });
  const early = rules.map((rule) => {
    first.takeProvisional();
    const findings = runRule(rule, first);
    return first.takeProvisional() ? null : findings;
  });
  return {
    finish() {
      const view = new BundleView(db, bundleId, { complete: true }, first.finalSearches(), first.artifactReads());
      return storeFindings(db, bundleId, rules.flatMap((rule, i) => early[i] ?? runRule(rule, view)));
    },
  };
}

/** Replaces the bundle's stored findings and marks it with RULES_VERSION; returns them most severe first. */
function storeFindings(db: Db, bundleId: number, found: Finding[]): Finding[] {
  const findings = sortFindings(found);
  db.transaction(() => {
    db.prepare('DELETE FROM findings WHERE bundle_id = ?').run(bundleId);
    const insert = db.prepare('INSERT INTO findings (bundle_id, rule, severity, json) VALUES (?, ?, ?, ?)');
    for (const f of findings) insert.run(bundleId, f.rule, SEVERITY_CODE[f.severity], JSON.stringify(f));
    db.prepare('UPDATE bundles SET rules_version = ? WHERE id = ?').run(RULES_VERSION, bundleId);
  })();
  return findings;
}

export interface Rediagnosis {
  bundleId: number;
  previousVersion: string | null;
  findings: number;
}

/** Told before each bundle is re-diagnosed: `done` of `total` are. */
export type RediagnoseProgress = (done: number, total: number) => void;

/** Re-runs the rules on every bundle diagnosed by another rule set (or never): on open, or `nodescope rediagnose`. */
export function rediagnoseStale(db: Db, onProgress?: RediagnoseProgress): Rediagnosis[] {
  const stale = db
    .prepare("SELECT id, rules_version FROM bundles WHERE state = 'ready' AND (rules_version IS NULL OR rules_version <> ?) ORDER BY id")
    .all(RULES_VERSION) as { id: number; rules_version: string | null }[];
  return stale.map((b, i) => {
    onProgress?.(i, stale.length);
    const findings = db.transaction(() => diagnoseBundle(db, b.id))();
    return { bundleId: b.id, previousVersion: b.rules_version, findings: findings.length };
  });
}

function runRule(rule: Rule, view: BundleView): Finding[] {
  let detections: Detection[];
  try {
    detections = rule.detect(view);
  } catch (e) {
    // One broken rule (or one malformed artifact) must not cost the operator every other finding.
    detections = [{ summary: `The rule could not run on this bundle: ${(e as Error).message}`, evidence: [], severity: 'info' }];
  }
  return capFindings(detections).map((d) => ({
    rule: rule.id,
    severity: d.severity ?? rule.severity,
    title: rule.title,
    summary: d.summary,
    meaning: rule.meaning,
    remedy: rule.remedy,
    links: [...rule.links],
    evidence: d.evidence,
    unchecked: d.unchecked ?? [],
    why: whyOf(d),
  }));
}

/** The detection's reasoning; a rule that states none fired on its evidence alone, and says so. */
function whyOf(d: Detection): FindingWhy {
  const fired = d.why?.firedBecause?.length ? d.why.firedBecause : [`${d.evidence.length} piece${d.evidence.length === 1 ? '' : 's'} of evidence matched the rule`];
  return { firedBecause: [...fired], ruledOut: [...(d.why?.ruledOut ?? [])] };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_CODE[a.f.severity] - SEVERITY_CODE[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
