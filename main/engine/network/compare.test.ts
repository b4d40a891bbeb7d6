import { describe, expect, it } from 'vitest';
import { compareDns } from '../dns/compare';
import { dnsFixture } from '../dns/fixtures';
import { addBundle, memoryWorkspace, type TestArtifact } from '../system/testing/bundle';
import { compareNetwork } from './compare';
import { networkFixture } from './fixtures';

const art = (path: string, kind: string, text: string): TestArtifact => ({ path, kind, bytes: Buffer.from(text) });

function node(iptables: string, ipvs: string, configMap: string): TestArtifact[] {
  return [
    art('network/iptables-save.txt', 'iptables-save', iptables),
    art('network/ip6tables-save.txt', 'ip6tables-save', networkFixture('kube-proxy-live.ip6tables-nft-save-c.txt')),
    art('network/ipvsadm.txt', 'ipvsadm', ipvs),
    art('k8s/coredns-configmap.json', 'k8s-configmap', configMap),
    art('etc/hosts', 'hosts', dnsFixture('this-vm-etc-hosts')),
    art('etc/resolv.conf', 'resolv-conf', dnsFixture('this-vm-etc-resolv.conf')),
  ];
}

describe('compare: two bundles of one node that differ in known ways', () => {
  const iptables = networkFixture('kube-proxy-live.iptables-nft-save-c.txt');
  const ipvs = networkFixture('ipvsadm-ln-kube-proxy.txt');
  const cm = dnsFixture('k3s-coredns-configmap.kubectl.json');
  const db = memoryWorkspace();
  const good = addBundle(db, node(iptables, ipvs, cm));

  const dropRule = '[0:0] -A KUBE-SERVICES -d 172.20.1.2/32 -p tcp -m comment --comment "ns1/svc2 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable';
  const badIptables = iptables.replace('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n:KUBE-FORWARD - [0:0]\n:KUBE-SERVICES - [0:0]\n', (m) => `${m}${dropRule}\n`);
  const badCm = JSON.parse(cm);
  badCm.data.Corefile = badCm.data.Corefile.replace('hosts /etc/coredns/NodeHosts {\n', 'hosts /etc/coredns/NodeHosts {\n      192.0.2.10 harbor.example.cn\n');
  const bad = addBundle(db, node(badIptables, ipvs.replace('UDP  10.96.0.10:53 rr\n  -> 10.244.1.7:53                Masq    1      0          0\n', ''), JSON.stringify(badCm)));

  it('comparing a bundle with itself reports no difference at all', () => {
    expect(compareNetwork(db, good, good)).toEqual({
      iptables: { chains: [], backends: [], identical: true },
      ipvs: { added: [], removed: [], changed: [], identical: true },
      nginx: { filesAdded: [], filesRemoved: [], files: [], identical: true },
      identical: true,
    });
    expect(compareDns(db, good, good).identical).toBe(true);
  });

  it('reports the iptables rule added and the ipvs service removed', () => {
    const n = compareNetwork(db, good, bad);
    expect(n.iptables.chains).toHaveLength(1);
    expect(n.iptables.chains[0]).toMatchObject({ table: 'filter', chain: 'KUBE-SERVICES', rulesBefore: 0, rulesAfter: 1, removed: [] });
    expect(n.iptables.chains[0].added).toEqual([
      '-A KUBE-SERVICES -d 172.20.1.2/32 -p tcp -m comment --comment "ns1/svc2 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    ]);
    expect(n.ipvs).toEqual({ added: [], removed: ['UDP 10.96.0.10:53'], changed: [], identical: false });
  });

  it('reports the CoreDNS hosts entry added', () => {
    const d = compareDns(db, good, bad);
    expect(d.corefile.plugins.map((p) => [p.server, p.plugin, p.change, p.linesAdded])).toEqual([
      ['.:53', 'hosts', 'changed', ['192.0.2.10 harbor.example.cn']],
    ]);
    expect(d.hosts.map((h) => h.source)).toEqual(['Corefile hosts']);
    expect(d.resolvConfs).toEqual([]);
  });
});
