import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedTarMember, readSharedText } from '../../../test/support/shared-fixtures';
import { networkFixture } from './fixtures';
import { parseIptablesList } from './iptables-list';
import { parseIptablesSave } from './iptables-save';
import { parseRuleQuery, searchRules } from './iptables-search';

describe('ip6tables -L -n -v, whose opt column is "--" (1.8.9) or blank (1.8.4)', () => {
  it('reads the rules of ip6tables 1.8.9 in a netns (protocols by number)', () => {
    const rs = parseIptablesList(networkFixture('netns-ip6tables-filter-L-n-v.txt'), 'x', 'filter');
    expect(rs.warnings).toEqual([]);
    expect(rs.family).toBe('ipv6');
    const forward = rs.tables[0].chains.find((c) => c.name === 'KUBE-FORWARD')!;
    expect(forward.rules.map((r) => r.target)).toEqual(['DROP', 'ACCEPT']);
    expect(forward.rules[1]).toMatchObject({ source: 'fd00:10:244::/64', protocol: '6', inInterface: null });
  });

  it.skipIf(!hasSharedFixtures)('reads the blank opt column of an Ubuntu 20.04 sosreport (hotsos, ../shared): every rule, no warning', () => {
    const text = readSharedTarMember('peer-bundles/sosreport-4.2-ubuntu-charmed-kubernetes-node-hotsos.tar.gz', 'tests/unit/fake_data_root/kubernetes/sos_commands/firewall_tables/ip6tables_-t_filter_-nvL').toString('utf8');
    const rs = parseIptablesList(text, 'x', 'filter');
    expect(rs.warnings).toEqual([]);
    const chains = rs.tables[0].chains;
    expect(chains.find((c) => c.name === 'INPUT')!.rules.map((r) => `${r.counters?.packets} ${r.target}`)).toEqual(['4746 KUBE-NODEPORTS', '6 KUBE-EXTERNAL-SERVICES']);
    expect(chains.find((c) => c.name === 'FORWARD')!.rules.map((r) => r.target)).toEqual(['KUBE-FORWARD', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES']);
    expect(chains.find((c) => c.name === 'KUBE-FORWARD')!.references).toBe(1);
  });
});

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
