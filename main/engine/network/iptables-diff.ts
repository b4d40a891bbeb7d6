import type {
  IptablesChain,
  IptablesChainDiff,
  IptablesDiff,
  IptablesRule,
  IptablesRuleset,
  RuleCounterDelta,
} from '../../../shared/api/network';

type Pair = { before: IptablesRuleset | null; after: IptablesRuleset | null };

/**
 * Pairs the dumps of two bundles: same artifact path first (collector bundles share the layout),
 * then one leftover per family on each side. Anything else is on one side only.
 */
export function pairRulesets(before: IptablesRuleset[], after: IptablesRuleset[]): Pair[] {
  const pairs: Pair[] = [];
  const rest = [...after];
  const unpaired: IptablesRuleset[] = [];
  for (const b of before) {
    const i = rest.findIndex((a) => a.artifact === b.artifact);
    if (i >= 0) pairs.push({ before: b, after: rest.splice(i, 1)[0] });
    else unpaired.push(b);
  }
  for (const b of unpaired) {
    const same = rest.filter((a) => a.family === b.family);
    const mine = unpaired.filter((x) => x.family === b.family);
    if (same.length === 1 && mine.length === 1) pairs.push({ before: b, after: rest.splice(rest.indexOf(same[0]), 1)[0] });
    else pairs.push({ before: b, after: null });
  }
  for (const a of rest) pairs.push({ before: null, after: a });
  return pairs;
}

function byText(rules: IptablesRule[]): Map<string, IptablesRule[]> {
  const m = new Map<string, IptablesRule[]>();
  for (const r of rules) {
    const list = m.get(r.text) ?? [];
    list.push(r);
    m.set(r.text, list);
  }
  return m;
}

/** Rules matched by text without counters; a text repeated n times matches n times, in order. */
export function diffRules(before: IptablesRule[], after: IptablesRule[]): Pick<IptablesChainDiff, 'added' | 'removed' | 'counterDeltas'> {
  const a = byText(before);
  const b = byText(after);
  const removed: string[] = [];
  const added: string[] = [];
  const counterDeltas: RuleCounterDelta[] = [];
  for (const [text, rs] of a) {
    const other = b.get(text) ?? [];
    for (let i = 0; i < rs.length; i++) {
      const x = rs[i];
      const y = other[i];
      if (!y) removed.push(text);
      else if (x.counters && y.counters && (x.counters.packets !== y.counters.packets || x.counters.bytes !== y.counters.bytes)) {
        counterDeltas.push({ text, before: x.counters, after: y.counters });
      }
    }
  }
  for (const [text, rs] of b) for (let i = (a.get(text) ?? []).length; i < rs.length; i++) added.push(text);
  counterDeltas.sort((p, q) => Math.abs(q.after.packets - q.before.packets) - Math.abs(p.after.packets - p.before.packets));
  return { added, removed, counterDeltas };
}

function chainMap(rs: IptablesRuleset | null): Map<string, IptablesChain> {
  const m = new Map<string, IptablesChain>();
  for (const t of rs?.tables ?? []) for (const c of t.chains) m.set(`${t.name}\u0000${c.name}`, c);
  return m;
}

function diffPair(p: Pair): IptablesChainDiff[] {
  const side = (p.before ?? p.after) as IptablesRuleset;
  const a = chainMap(p.before);
  const b = chainMap(p.after);
  const out: IptablesChainDiff[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [table, chain] = key.split('\u0000');
    const x = a.get(key);
    const y = b.get(key);
    const rules = diffRules(x?.rules ?? [], y?.rules ?? []);
    const d: IptablesChainDiff = {
      artifact: side.artifact,
      family: side.family,
      table,
      chain,
      presence: x && y ? 'both' : x ? 'removed' : 'added',
      policyBefore: x?.policy ?? null,
      policyAfter: y?.policy ?? null,
      rulesBefore: x?.rules.length ?? 0,
      rulesAfter: y?.rules.length ?? 0,
      ...rules,
    };
    const differs = d.presence !== 'both' || (x && y && x.policy !== y.policy) || rules.added.length + rules.removed.length + rules.counterDeltas.length > 0;
    if (differs) out.push(d);
  }
  return out;
}

/** Per table and chain: rules added and removed (by text without counters), counter deltas, chain sizes. */
export function iptablesDiff(before: IptablesRuleset[], after: IptablesRuleset[]): IptablesDiff {
  const pairs = pairRulesets(before, after);
  const chains = pairs.flatMap(diffPair);
  const backends = pairs
    .filter((p) => p.before?.generator !== p.after?.generator)
    .map((p) => {
      const side = (p.before ?? p.after) as IptablesRuleset;
      return { artifact: side.artifact, family: side.family, before: p.before?.generator ?? null, after: p.after?.generator ?? null };
    });
  return { chains, backends, identical: chains.length === 0 && backends.length === 0 };
}
