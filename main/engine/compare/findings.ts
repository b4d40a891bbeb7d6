import type { Finding } from '../../../shared/api/findings';
import type { FindingRef, FindingsCompare } from '../../../shared/api/compare';

function ref(f: Finding): FindingRef {
  return { rule: f.rule, severity: f.severity, title: f.title, summary: f.summary };
}

function byRule(list: Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of list) m.set(f.rule, [...(m.get(f.rule) ?? []), f]);
  return m;
}

/**
 * Findings paired by rule (a rule that fires several times pairs by title first, then in order):
 * unpaired ones of B are new, of A gone; a pair with another severity changed.
 */
export function compareFindings(a: Finding[], b: Finding[]): FindingsCompare {
  const out: FindingsCompare = { new: [], gone: [], changed: [], identical: true };
  const inB = byRule(b);
  for (const [rule, fa] of byRule(a)) {
    const rest = [...(inB.get(rule) ?? [])];
    inB.delete(rule);
    const unpaired: Finding[] = [];
    const pairs: [Finding, Finding][] = [];
    for (const x of fa) {
      const i = rest.findIndex((y) => y.title === x.title);
      if (i >= 0) pairs.push([x, rest.splice(i, 1)[0]]);
      else unpaired.push(x);
    }
    for (const x of unpaired) {
      const y = rest.shift();
      if (y) pairs.push([x, y]);
      else out.gone.push(ref(x));
    }
    out.new.push(...rest.map(ref));
    for (const [x, y] of pairs) if (x.severity !== y.severity) out.changed.push({ rule, title: y.title, a: x.severity, b: y.severity });
  }
  for (const list of inB.values()) out.new.push(...list.map(ref));
  out.identical = out.new.length + out.gone.length + out.changed.length === 0;
  return out;
}
