import type { Severity } from '../../../shared/api/bundles';
import type { FindingRef, FindingsCompare } from '../../../shared/api/compare';
import { requireBundle } from '../library/api';
import type { Db } from '../store/workspace';
import { appendTo } from '../collections';

/**
 * A bundle's findings grouped by rule, title and severity, read in SQL: a rule that fires once per
 * log line can leave a million findings, which are one difference, not a million (nor a million parses).
 */
export function findingGroups(db: Db, bundleId: number): FindingRef[] {
  requireBundle(db, bundleId);
  const rows = db
    .prepare(
      `SELECT rule, json_extract(json, '$.severity') AS sev, json_extract(json, '$.title') AS ttl,
              min(json_extract(json, '$.summary')) AS summ, count(*) AS n
       FROM findings WHERE bundle_id = ? GROUP BY rule, sev, ttl ORDER BY min(findings.severity), rule, ttl`,
    )
    .all(bundleId) as { rule: string; sev: Severity; ttl: string; summ: string; n: number }[];
  return rows.map((r) => ({ rule: r.rule, severity: r.sev, title: r.ttl, summary: r.summ, count: r.n }));
}

function byRule(list: FindingRef[]): Map<string, FindingRef[]> {
  const m = new Map<string, FindingRef[]>();
  for (const f of list) appendTo(m, f.rule, f);
  return m;
}

/**
 * Findings paired by rule (a rule with several titles pairs by title first, then in order): unpaired
 * ones of B are new, of A gone; a pair with another severity changed; a pair counted more often in B
 * has its extra findings new (fewer: gone).
 */
export function compareFindings(a: FindingRef[], b: FindingRef[]): FindingsCompare {
  const out: FindingsCompare = { new: [], gone: [], changed: [], identical: true };
  const inB = byRule(b);
  for (const [rule, fa] of byRule(a)) {
    const rest = [...(inB.get(rule) ?? [])];
    inB.delete(rule);
    const unpaired: FindingRef[] = [];
    const pairs: [FindingRef, FindingRef][] = [];
    for (const x of fa) {
      const i = rest.findIndex((y) => y.title === x.title && y.severity === x.severity);
      const j = i >= 0 ? i : rest.findIndex((y) => y.title === x.title);
      if (j >= 0) pairs.push([x, rest.splice(j, 1)[0]]);
      else unpaired.push(x);
    }
    for (const x of unpaired) {
      const y = rest.shift();
      if (y) pairs.push([x, y]);
      else out.gone.push(x);
    }
    out.new.push(...rest);
    for (const [x, y] of pairs) {
      if (x.severity !== y.severity) out.changed.push({ rule, title: y.title, a: x.severity, b: y.severity });
      // The same finding more often (another container crash-looping): the extra ones are new, or gone.
      else if (y.count > x.count) out.new.push({ ...y, count: y.count - x.count });
      else if (y.count < x.count) out.gone.push({ ...x, count: x.count - y.count });
    }
  }
  for (const list of inB.values()) out.new.push(...list);
  out.identical = out.new.length + out.gone.length + out.changed.length === 0;
  return out;
}
