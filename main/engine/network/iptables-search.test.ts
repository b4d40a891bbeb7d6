import { describe, expect, it } from 'vitest';
import { networkFixture } from './fixtures';
import { chainGraph } from './iptables-graph';
import { parseIptablesSave } from './iptables-save';
import { parseRuleQuery, portSpecIncludes, searchRules } from './iptables-search';

const v4 = parseIptablesSave(networkFixture('kube-proxy-live.iptables-nft-save-c.txt'), 'network/iptables-save.txt');
const v6 = parseIptablesSave(networkFixture('kube-proxy-live.ip6tables-nft-save-c.txt'), 'network/ip6tables-save.txt');

function search(q: string) {
  const query = parseRuleQuery(q);
  if (!query) throw new Error(`not a query: ${q}`);
  return searchRules([v4, v6], query);
}

describe('searching rules by address, network or port', () => {
  it('finds the rules of a service by its cluster IP', () => {
    const r = search('172.20.1.1');
    expect(r.hits.map((h) => `${h.table} ${h.chain} ${h.rule.target}`)).toEqual([
      'nat KUBE-SERVICES KUBE-MARK-MASQ',
      'nat KUBE-SERVICES KUBE-SVC-AQI2S6QIMU7PVVRP',
    ]);
    expect(r.hits[0].reason).toBe('destination 172.20.1.1/32');
  });

  it('finds an endpoint by its pod IP, through the SEP source match and the DNAT target', () => {
    const r = search('10.0.1.2');
    expect(r.hits.map((h) => `${h.chain} ${h.reason}`)).toEqual([
      'KUBE-SEP-IO5XOSKPAXIFQXAJ source 10.0.1.2/32',
      'KUBE-SEP-IO5XOSKPAXIFQXAJ to-destination 10.0.1.2:80',
    ]);
  });

  it('finds every rule touching a network, by overlap', () => {
    const r = search('10.0.0.0/16');
    expect(r.hits.map((h) => h.chain)).toEqual([
      'KUBE-SEP-3JOIVZTXZZRGORX4', 'KUBE-SEP-3JOIVZTXZZRGORX4',
      'KUBE-SEP-IO5XOSKPAXIFQXAJ', 'KUBE-SEP-IO5XOSKPAXIFQXAJ',
      'KUBE-SEP-XGJFVO3L2O5SRFNT', 'KUBE-SEP-XGJFVO3L2O5SRFNT',
      'KUBE-SERVICES',
    ]);
  });

  it('finds IPv6 rules by a v6 address inside their network', () => {
    const r = search('fd00:10::5');
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]).toMatchObject({ family: 'ipv6', chain: 'INPUT', reason: 'source fd00:10::/64' });
  });

  it('finds rules by port: match options and DNAT targets', () => {
    expect(search('8080').hits.map((h) => h.reason)).toEqual(['dport 8080']);
    expect(search(':80').hits.map((h) => h.reason)).toEqual([
      'to-destination 10.0.1.1:80',
      'to-destination 10.0.1.2:80',
      'to-destination 10.0.1.3:80',
    ]);
  });

  it('reads port ranges and lists as iptables writes them', () => {
    expect(portSpecIncludes('30000:32767', 30080)).toBe(true);
    expect(portSpecIncludes('80,443', 443)).toBe(true);
    expect(portSpecIncludes('80,443', 8443)).toBe(false);
    expect(portSpecIncludes('1024:', 5000)).toBe(true);
  });

  it('finds the rules of a service by the comment kube-proxy writes, and a chain by name', () => {
    const r = search('NS1/SVC1 cluster');
    expect(r.hits.map((h) => `${h.chain} ${h.reason}`)).toEqual([
      'KUBE-SERVICES comment ns1/svc1 cluster IP',
      'KUBE-SERVICES comment ns1/svc1 cluster IP',
    ]);
    expect(search('KUBE-SEP-XGJFVO3L2O5SRFNT').hits.map((h) => `${h.chain} ${h.reason}`)).toEqual([
      'KUBE-SEP-XGJFVO3L2O5SRFNT rule text',
      'KUBE-SEP-XGJFVO3L2O5SRFNT rule text',
      'KUBE-SVC-AQI2S6QIMU7PVVRP rule text',
    ]);
  });

  it('reads what is neither an address nor a port as text, and nothing as no query', () => {
    expect(parseRuleQuery('kube-dns')).toEqual({ kind: 'text', text: 'kube-dns' });
    expect(parseRuleQuery('70000')).toEqual({ kind: 'text', text: '70000' });
    expect(parseRuleQuery('  ')).toBeNull();
  });

  it('stops at the hit limit and says so', () => {
    const q = parseRuleQuery('10.0.0.0/8');
    expect(q).not.toBeNull();
    const r = searchRules([v4], q!, 2);
    expect(r.hits).toHaveLength(2);
    expect(r.truncated).toBe(true);
  });
});

describe('jump graph of a chain', () => {
  it('follows nat OUTPUT through KUBE-SERVICES to the service and its endpoints', () => {
    const g = chainGraph(v4, 'nat', 'OUTPUT');
    expect(g?.nodes.map((n) => n.chain)).toEqual([
      'OUTPUT',
      'KUBE-SERVICES',
      'KUBE-MARK-MASQ',
      'KUBE-SVC-AQI2S6QIMU7PVVRP',
      'KUBE-NODEPORTS',
      'KUBE-SEP-3JOIVZTXZZRGORX4',
      'KUBE-SEP-IO5XOSKPAXIFQXAJ',
      'KUBE-SEP-XGJFVO3L2O5SRFNT',
    ]);
    expect(g?.edges.find((e) => e.from === 'KUBE-SERVICES' && e.to === 'KUBE-NODEPORTS')).toEqual({
      from: 'KUBE-SERVICES', to: 'KUBE-NODEPORTS', rules: 1, goto: false, packets: 5,
    });
    expect(g?.edges.filter((e) => e.to === 'KUBE-MARK-MASQ').map((e) => e.from)).toEqual([
      'KUBE-SERVICES', 'KUBE-SEP-3JOIVZTXZZRGORX4', 'KUBE-SEP-IO5XOSKPAXIFQXAJ', 'KUBE-SEP-XGJFVO3L2O5SRFNT',
    ]);
    expect(g?.truncated).toBe(false);
  });

  it('is cut at the node limit', () => {
    const g = chainGraph(v4, 'nat', 'OUTPUT', 3);
    expect(g?.nodes).toHaveLength(3);
    expect(g?.truncated).toBe(true);
    expect(g?.edges.every((e) => g.nodes.some((n) => n.chain === e.to))).toBe(true);
  });

  it('is null for a chain the table does not have', () => {
    expect(chainGraph(v4, 'filter', 'KUBE-NODEPORTS')).toBeNull();
  });
});
