import type { Evidence } from '../../../shared/api/findings';
import type { FleetReason } from '../../../shared/api/fleet';
import type { Db } from '../store/workspace';
import type { EvidenceRef, FeatureValue } from './features';
import type { Scored, Usual } from './scoring';

/** Plain words for one node's value of a feature and for what the rest of the pool has. */

const number = (x: number): string => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 2 }));

export function withUnit(x: number, unit: string | undefined): string {
  if (!unit) return number(x);
  if (unit === '%') return `${number(x)}%`;
  if (unit.startsWith(' ')) return `${number(x)}${unit}`;
  return `${number(x)} ${x === 1 ? unit.replace(/es$|s$/, '') : unit}`;
}

/** The value as it reads in a sentence: presence as present/absent, numbers with their unit. */
export function showValue(v: FeatureValue): string {
  if (v.type === 'presence') return v.value === 'yes' ? 'present' : 'absent';
  if (typeof v.value === 'number') return withUnit(v.value, v.unit);
  return v.value;
}

function showCategory(def: FeatureValue, value: string): string {
  return def.type === 'presence' ? (value === 'yes' ? 'present' : 'absent') : value;
}

export function usualText(def: FeatureValue, u: Usual, nodeValue: FeatureValue | null): string {
  if (u.type === 'category') {
    const value = nodeValue ? String(nodeValue.value) : null;
    const others = u.present - (value === null ? 0 : 1);
    const modeOthers = value === u.mode ? u.modeCount - 1 : u.modeCount;
    return `${showCategory(def, u.mode)} on ${modeOthers} of the other ${others} nodes`;
  }
  const self = nodeValue && typeof nodeValue.value === 'number' ? nodeValue.value : null;
  const otherZeros = u.zeros - (self === 0 ? 1 : 0);
  const others = u.present - (self === null ? 0 : 1);
  if (def.type === 'count' && u.median === 0 && otherZeros === others) return `absent on the other ${others} nodes`;
  if (def.type === 'count' && u.median === 0) return `absent on ${otherZeros} of the other ${others} nodes`;
  return `median ${withUnit(u.median, def.unit)} (${withUnit(u.min, def.unit)} to ${withUnit(u.max, def.unit)})`;
}

export function sentence(feature: string, value: string, usual: string): string {
  return `${feature}: ${value}, ${usual}`;
}

/** Resolves a log line reference to its artifact, line and text; memoised per call site. */
export class EvidenceResolver {
  private readonly stmt;
  constructor(db: Db) {
    this.stmt = db.prepare(
      'SELECT a.path AS artifact, l.line AS line, l.text AS text FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE l.id = ?',
    );
  }
  resolve(ref: EvidenceRef): Evidence | null {
    if (ref === null) return null;
    if ('logLineId' in ref) {
      const row = this.stmt.get(ref.logLineId) as { artifact: string; line: number; text: string } | undefined;
      return row ? { artifact: row.artifact, line: row.line, text: row.text.length > 2000 ? `${row.text.slice(0, 2000)}…` : row.text } : null;
    }
    return ref;
  }
}

export function reasonOf(s: Scored, node: number, score: number, evidence: EvidenceResolver): FleetReason {
  const v = s.feature.values[node] as FeatureValue;
  const value = showValue(v);
  const usual = usualText(s.feature.def, s.usual, v);
  return {
    feature: s.feature.def.label,
    kind: s.feature.def.kind,
    value,
    usual,
    score,
    text: sentence(s.feature.def.label, value, usual),
    evidence: evidence.resolve(v.evidence),
  };
}
