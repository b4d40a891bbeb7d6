import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { networkFixture } from './fixtures';
import { parseIptablesSave, ruleCount } from './iptables-save';

function chainOf(rs: ReturnType<typeof parseIptablesSave>, table: string, chain: string) {
  const c = rs.tables.find((t) => t.name === table)?.chains.find((x) => x.name === chain);
  if (!c) throw new Error(`${table}/${chain} missing`);
  return c;
}

describe('iptables-save -c of a kube-proxy node (nf_tables backend, produced in a netns)', () => {
  const rs = parseIptablesSave(networkFixture('kube-proxy-live.iptables-nft-save-c.txt'), 'network/iptables-save.txt');

  it('reads the backend and version from the header', () => {
    expect(rs.backend).toBe('nf_tables');
    expect(rs.generator).toBe('iptables-save v1.8.9 (nf_tables)');
    expect(rs.family).toBe('ipv4');
    expect(rs.warnings).toEqual([]);
  });

  it('has both tables with builtin chains (policy) and kube-proxy chains (no policy)', () => {
    expect(rs.tables.map((t) => t.name)).toEqual(['filter', 'nat']);
    const prerouting = chainOf(rs, 'nat', 'PREROUTING');
    expect(prerouting).toMatchObject({ builtin: true, policy: 'ACCEPT', counters: { packets: 0, bytes: 0 } });
    expect(chainOf(rs, 'nat', 'KUBE-SERVICES')).toMatchObject({ builtin: false, policy: null });
    expect(ruleCount(rs)).toBe(26);
    expect(chainOf(rs, 'nat', 'KUBE-SVC-AQI2S6QIMU7PVVRP').rules).toHaveLength(3);
  });

  it('keeps the counters the loopback traffic moved, and the rule text without them', () => {
    const nodeports = chainOf(rs, 'nat', 'KUBE-SERVICES').rules[2];
    expect(nodeports.counters).toEqual({ packets: 5, bytes: 300 });
    expect(nodeports.raw.startsWith('[5:300] -A KUBE-SERVICES')).toBe(true);
    expect(nodeports.text).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
    expect(nodeports.comment).toBe('kubernetes service nodeports; NOTE: this must be the last rule in this chain');
    expect(nodeports.target).toBe('KUBE-NODEPORTS');
    expect(nodeports.line).toBe(47);
    expect(nodeports.index).toBe(3);
  });

  it('reads addresses with negation, protocol, match modules and target options', () => {
    const masq = chainOf(rs, 'nat', 'KUBE-SERVICES').rules[0];
    expect(masq).toMatchObject({
      source: '10.0.0.0/24',
      sourceNegated: true,
      destination: '172.20.1.1/32',
      destinationNegated: false,
      protocol: 'tcp',
      comment: 'ns1/svc1 cluster IP',
      target: 'KUBE-MARK-MASQ',
    });
    expect(masq.matches.find((m) => m.module === 'tcp')?.options).toEqual([{ name: 'dport', value: '0', negated: false }]);
    const dnat = chainOf(rs, 'nat', 'KUBE-SEP-3JOIVZTXZZRGORX4').rules[1];
    expect(dnat).toMatchObject({ target: 'DNAT', targetArgs: '--to-destination 10.0.1.1:80' });
    const ret = chainOf(rs, 'nat', 'KUBE-POSTROUTING').rules[0];
    expect(ret.matches).toEqual([{ module: 'mark', options: [{ name: 'mark', value: '0x4000/0x4000', negated: true }] }]);
    const prob = chainOf(rs, 'nat', 'KUBE-SVC-AQI2S6QIMU7PVVRP').rules[0];
    expect(prob.matches[1]).toEqual({
      module: 'statistic',
      options: [
        { name: 'mode', value: 'random', negated: false },
        { name: 'probability', value: '0.33333333349', negated: false },
      ],
    });
  });

  it('counts the rules that jump to each chain', () => {
    expect(chainOf(rs, 'nat', 'KUBE-MARK-MASQ').references).toBe(4);
    expect(chainOf(rs, 'nat', 'KUBE-SERVICES').references).toBe(2);
    expect(chainOf(rs, 'filter', 'KUBE-FORWARD').references).toBe(1);
  });
});

describe('the same ruleset through iptables-legacy-save -c', () => {
  const legacy = parseIptablesSave(networkFixture('kube-proxy-live.iptables-legacy-save-c.txt'), 'network/iptables-legacy-save.txt');
  const nft = parseIptablesSave(networkFixture('kube-proxy-live.iptables-nft-save-c.txt'), 'network/iptables-nft-save.txt');

  it('is recognised as legacy (the header has no backend tag)', () => {
    expect(legacy.generator).toBe('iptables-save v1.8.9');
    expect(legacy.backend).toBe('legacy');
  });

  it('has policy counters on the builtin chains (legacy counts them, nf_tables here did not)', () => {
    expect(chainOf(legacy, 'filter', 'INPUT').counters).toEqual({ packets: 50, bytes: 3173 });
    expect(chainOf(nft, 'filter', 'INPUT').counters).toEqual({ packets: 0, bytes: 0 });
  });

  it('gives the same rule texts as the nf_tables dump, so the backends compare rule by rule', () => {
    const texts = (rs: typeof nft) => rs.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => `${t.name} ${r.text}`))).sort();
    expect(texts(legacy)).toEqual(texts(nft));
  });
});

describe('ip6tables-save -c', () => {
  const rs = parseIptablesSave(networkFixture('kube-proxy-live.ip6tables-nft-save-c.txt'), 'network/ip6tables-save.txt');
  it('is IPv6 and reads v6 networks and ports', () => {
    expect(rs.family).toBe('ipv6');
    expect(rs.generator).toBe('ip6tables-save v1.8.9 (nf_tables)');
    const accept = chainOf(rs, 'filter', 'INPUT').rules[1];
    expect(accept).toMatchObject({ source: 'fd00:10::/64', protocol: 'tcp', target: 'ACCEPT', counters: { packets: 10, bytes: 898 } });
    expect(accept.comment).toBe('test: pod network to 8080');
  });
});

describe('iptables-restore input as kube-proxy writes it (no counters, options in its own order)', () => {
  it('parses every rule, without counters or header (our kube-proxy-shaped ruleset)', () => {
    const rs = parseIptablesSave(networkFixture('kube-proxy-demo.iptables-restore.txt'), 'restore.txt');
    expect(rs.backend).toBe('unknown');
    expect(ruleCount(rs)).toBe(networkFixture('kube-proxy-demo.iptables-restore.txt').split('\n').filter((l) => l.startsWith('-A ')).length);
    const first = chainOf(rs, 'nat', 'KUBE-SERVICES').rules[0];
    expect(first).toMatchObject({ counters: null, protocol: 'tcp', destination: '10.96.0.1/32' });
    expect(first.matches.find((m) => m.module === 'tcp')?.options.map((o) => o.name)).toEqual(['dport']);
  });
  it.skipIf(!hasSharedFixtures)('parses every rule, without counters or header (the kubernetes proxier test ruleset, ../shared)', () => {
    const rs = parseIptablesSave(readSharedText('iptables-ipvs/k8s-proxier-test-endpointslice-e2e.iptables-restore.txt'), 'restore.txt');
    expect(rs.backend).toBe('unknown');
    expect(ruleCount(rs)).toBe(20);
    const first = chainOf(rs, 'nat', 'KUBE-SERVICES').rules[0];
    expect(first).toMatchObject({ counters: null, protocol: 'tcp', destination: '172.20.1.1/32', source: '10.0.0.0/24', sourceNegated: true });
    expect(first.matches.find((m) => m.module === 'tcp')?.options.map((o) => o.name)).toEqual(['dport']);
  });
});

describe('damaged input', () => {
  it('turns unreadable lines into warnings and keeps the rest', () => {
    const text = '*filter\n:INPUT ACCEPT [1:2]\n<img src=x onerror=alert(1)>\n[3:4] -A INPUT -j ACCEPT\nCOMMIT\n';
    const rs = parseIptablesSave(text, 'x');
    expect(rs.warnings).toEqual(['line 3: not understood: <img src=x onerror=alert(1)>']);
    expect(ruleCount(rs)).toBe(1);
  });

  it('reports the warning iptables-nft prints when legacy tables exist too', () => {
    const text = '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n';
    expect(parseIptablesSave(text, 'x').warnings).toEqual(['Warning: iptables-legacy tables present, use iptables-legacy-save to see them']);
  });
});

describe('words that are property names of plain objects', () => {
  it('are rule words like any other', () => {
    const rs = parseIptablesSave('*filter\n-A INPUT -m comment --comment __proto__ toString constructor -j ACCEPT\n', 'x');
    const r = rs.tables[0].chains[0].rules[0];
    expect(r).toMatchObject({ source: null, protocol: null, comment: '__proto__ toString constructor', target: 'ACCEPT' });
  });
});
