import { describe, expect, it } from 'vitest';
import type { IptablesRuleset } from '../../../shared/api/network';
import { networkFixture } from './fixtures';
import { parseIptablesList } from './iptables-list';
import { parseIptablesSave } from './iptables-save';

/** The most repeated rule counted the slow way: every rule against every rule of its chain, first written wins a tie. */
function countedPairwise(rs: IptablesRuleset) {
  const rules = rs.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => ({ ...r, chain: `${t.name}/${c.name}` })))).sort((a, b) => a.line - b.line);
  let best: { count: number; line: number; raw: string } | null = null;
  for (const r of rules) {
    const count = rules.filter((x) => x.chain === r.chain && x.text === r.text).length;
    if (!best || count > best.count) best = { count, line: r.line, raw: r.raw };
  }
  return best;
}

/** A dump whose chains mix Services written once, rules a component re-adds in a loop, and long chains. */
function churnedDump(seed: number): string {
  let x = seed;
  const next = (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
  const chains = Array.from({ length: 12 }, (_, i) => `KUBE-SVC-${seed}${i}`);
  const out = ['*nat', ...chains.map((c) => `:${c} - [0:0]`)];
  for (let i = 0; i < 900; i++) {
    const chain = chains[next(chains.length)];
    const port = next(i % 3 === 0 ? 40 : 4);
    out.push(`-A ${chain} -p tcp -m tcp --dport ${port} -j KUBE-SEP-${port}`);
  }
  return [...out, 'COMMIT', ''].join('\n');
}

describe('identical rules counted while the dump is read', () => {
  it('equals a count of every rule against every rule, on chains of few and of many distinct rules', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rs = parseIptablesSave(churnedDump(seed), 'network/iptables-save.txt');
      expect(rs.mostRepeated).toEqual(countedPairwise(rs));
    }
  });

  it('names the first written of two rules repeated as often, even when the other reaches the count first', () => {
    const a = '-A INPUT -p tcp --dport 10250 -j ACCEPT';
    const b = '-A INPUT -p tcp --dport 10255 -j ACCEPT';
    const dump = ['*filter', ':INPUT ACCEPT [0:0]', b, ...Array(3).fill(a), b, b, 'COMMIT', ''].join('\n');
    expect(parseIptablesSave(dump, 'iptables-save.txt').mostRepeated).toEqual({ count: 3, line: 3, raw: b });
  });

  it('counts a rule once per chain it is written in: the same matches in two chains are two rules', () => {
    const dump = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', '-A INPUT -j DROP', '-A FORWARD -j DROP', 'COMMIT', ''].join('\n');
    expect(parseIptablesSave(dump, 'iptables-save.txt').mostRepeated).toEqual({ count: 1, line: 4, raw: '-A INPUT -j DROP' });
  });

  it('is null for a dump without rules', () => {
    expect(parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n', 'iptables-save.txt').mostRepeated).toBeNull();
  });

  it('is counted in iptables -L output too, where a rule text does not name its chain', () => {
    const rs = parseIptablesList(networkFixture('kube-proxy-live.iptables-nat-L-n-v-x.txt'), 'network/iptables-nat-L.txt', 'nat');
    expect(rs.mostRepeated).toEqual(countedPairwise(rs));
  });
});
