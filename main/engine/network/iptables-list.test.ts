import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { networkFixture } from './fixtures';
import { parseIptablesList } from './iptables-list';
import { parseIptablesSave } from './iptables-save';
import { parseRuleQuery, searchRules } from './iptables-search';

describe('iptables -t nat -L -n -v -x of the kube-proxy netns', () => {
  const rs = parseIptablesList(networkFixture('kube-proxy-live.iptables-nat-L-n-v-x.txt'), 'x', 'nat');
  const chain = (name: string) => rs.tables[0].chains.find((c) => c.name === name)!;

  it('has the same chains and rule counts as iptables-save of the same moment', () => {
    const save = parseIptablesSave(networkFixture('kube-proxy-live.iptables-nft-save-c.txt'), 'y');
    const nat = save.tables.find((t) => t.name === 'nat')!;
    expect(rs.format).toBe('list');
    expect(rs.tables[0].name).toBe('nat');
    expect(rs.tables[0].chains.map((c) => `${c.name}:${c.rules.length}`).sort()).toEqual(
      nat.chains.map((c) => `${c.name}:${c.rules.length}`).sort(),
    );
    expect(rs.warnings).toEqual([]);
  });

  it('reads counters, policy, negated source, comment, port and DNAT target', () => {
    expect(chain('OUTPUT')).toMatchObject({ builtin: true, policy: 'ACCEPT', counters: { packets: 0, bytes: 0 } });
    expect(chain('KUBE-SERVICES').rules[2]).toMatchObject({ counters: { packets: 5, bytes: 300 }, target: 'KUBE-NODEPORTS' });
    expect(chain('KUBE-SERVICES').rules[0]).toMatchObject({
      source: '10.0.0.0/24', sourceNegated: true, destination: '172.20.1.1', protocol: '6', comment: 'ns1/svc1 cluster IP',
    });
    expect(chain('KUBE-SEP-3JOIVZTXZZRGORX4').rules[1]).toMatchObject({ target: 'DNAT', targetArgs: '--to-destination 10.0.1.1:80' });
    expect(chain('KUBE-MARK-MASQ').references).toBe(4);
  });

  it('is searchable like a save dump', () => {
    const hits = searchRules([rs], parseRuleQuery('10.0.1.3')!).hits;
    expect(hits.map((h) => h.reason)).toEqual(['source 10.0.1.3', 'to-destination 10.0.1.3:80']);
  });
});

const ipvsModeNat = [
  { from: 'made here with ipset and iptables 1.8.9, make-ipvs-mode-nat.sh', skip: false, text: () => networkFixture('iptables-nat-L-ipvs-mode.txt'), prot: '0' },
  { from: 'kubernetes README, ../shared', skip: !hasSharedFixtures, text: () => readSharedText('iptables-ipvs/k8s-ipvs-readme-nat-masquerade-all.iptables-L.txt'), prot: 'all' },
];
for (const k of ipvsModeNat) describe.skipIf(k.skip)(`iptables -t nat -nL in ipvs mode, without -v (${k.from})`, () => {
  it('takes the table from the echoed command and reads ipset matches as text', () => {
    const rs = parseIptablesList(k.text(), 'x');
    expect(rs.tables[0].name).toBe('nat');
    const post = rs.tables[0].chains.find((c) => c.name === 'KUBE-POSTROUTING')!;
    expect(post.rules.map((r) => r.target)).toEqual(['MASQUERADE', 'MASQUERADE']);
    expect(post.rules[1].text).toBe(`MASQUERADE ${k.prot} -- 0.0.0.0/0 0.0.0.0/0 match-set KUBE-LOOP-BACK dst,dst,src`);
    expect(post.rules[0].counters).toBeNull();
    expect(rs.tables[0].chains.find((c) => c.name === 'KUBE-SERVICES')?.references).toBe(2);
  });
});
