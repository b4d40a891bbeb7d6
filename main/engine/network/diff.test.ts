import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { networkFixture } from './fixtures';
import { iptablesDiff } from './iptables-diff';
import { parseIptablesSave } from './iptables-save';
import { ipvsDiff } from './ipvs-diff';
import { parseIpvsadm } from './ipvs';

const PATH = 'network/iptables-save.txt';
const save = (file: string, path = PATH) => parseIptablesSave(networkFixture(file), path);

describe('iptables compare', () => {
  it('finds nothing between a dump and itself', () => {
    const d = iptablesDiff([save('kube-proxy-live.iptables-nft-save-c.txt')], [save('kube-proxy-live.iptables-nft-save-c.txt')]);
    expect(d).toEqual({ chains: [], backends: [], identical: true });
  });

  it('before kube-proxy added its jump rules vs after, on the demo node: the jumps are added, counters moved', () => {
    const before = save('kube-proxy-demo.iptables-save-nft.txt');
    const after = parseIptablesSave(fs.readFileSync(path.join(__dirname, '../../../test/demo/nodescope-demo-worker-1/network/iptables-save.txt'), 'utf8'), PATH);
    const d = iptablesDiff([before], [after]);
    expect(d.identical).toBe(false);
    const added = d.chains.flatMap((c) => c.added.map((t) => `${c.table} ${t}`));
    expect(added).toEqual([
      'filter -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      'filter -A INPUT -j KUBE-FIREWALL',
      'filter -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      'filter -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    ]);
    expect(d.chains.flatMap((c) => c.removed)).toEqual([]);
    const services = d.chains.find((c) => c.table === 'nat' && c.chain === 'KUBE-SERVICES');
    expect(services).toMatchObject({ presence: 'both', added: [] });
    const nodeports = services?.counterDeltas.find((c) => c.text.endsWith('-j KUBE-NODEPORTS'));
    expect(nodeports?.before).toEqual({ packets: 0, bytes: 0 });
    expect(nodeports?.after.packets).toBeGreaterThan(0);
    expect(d.chains.find((c) => c.chain === 'INPUT' && c.table === 'filter')).toMatchObject({ rulesBefore: 0, rulesAfter: 2 });
  });

  it.skipIf(!hasSharedFixtures)('before kube-proxy added its jump rules vs after (kubernetes proxier ruleset of ../shared): the six jumps are added, counters moved', () => {
    const before = parseIptablesSave(readSharedText('iptables-ipvs/kube-proxy-ruleset.iptables-save-nft.txt'), PATH);
    const after = save('kube-proxy-live.iptables-nft-save-c.txt');
    const d = iptablesDiff([before], [after]);
    expect(d.identical).toBe(false);
    const added = d.chains.flatMap((c) => c.added.map((t) => `${c.table} ${t}`));
    expect(added).toEqual([
      'filter -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      'filter -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      'filter -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    ]);
    expect(d.chains.flatMap((c) => c.removed)).toEqual([]);
    const services = d.chains.find((c) => c.table === 'nat' && c.chain === 'KUBE-SERVICES');
    expect(services).toMatchObject({ presence: 'both', rulesBefore: 3, rulesAfter: 3, added: [] });
    expect(services?.counterDeltas).toEqual([
      {
        text: '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
        before: { packets: 0, bytes: 0 },
        after: { packets: 5, bytes: 300 },
      },
    ]);
    expect(d.chains.find((c) => c.chain === 'INPUT' && c.table === 'filter')).toMatchObject({ rulesBefore: 0, rulesAfter: 1 });
  });

  it('an endpoint gone: its rules and its chain are reported removed', () => {
    const full = networkFixture('kube-proxy-live.iptables-nft-save-c.txt');
    const lines = full.split('\n').filter((l) => !l.includes('KUBE-SEP-XGJFVO3L2O5SRFNT'));
    const d = iptablesDiff([parseIptablesSave(full, PATH)], [parseIptablesSave(lines.join('\n'), PATH)]);
    const gone = d.chains.find((c) => c.chain === 'KUBE-SEP-XGJFVO3L2O5SRFNT');
    expect(gone).toMatchObject({ presence: 'removed', rulesBefore: 2, rulesAfter: 0 });
    expect(gone?.removed).toHaveLength(2);
    const svc = d.chains.find((c) => c.chain === 'KUBE-SVC-AQI2S6QIMU7PVVRP');
    expect(svc).toMatchObject({ rulesBefore: 3, rulesAfter: 2, added: [] });
    expect(svc?.removed).toEqual(['-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment ns1/svc1 -j KUBE-SEP-XGJFVO3L2O5SRFNT']);
  });

  it('the same rules under another backend: only the backend and the policy counters differ', () => {
    const d = iptablesDiff([save('kube-proxy-demo.iptables-save-nft.txt')], [save('kube-proxy-demo.iptables-save-legacy.txt')]);
    expect(d.chains).toEqual([]);
    expect(d.backends).toEqual([
      { artifact: PATH, family: 'ipv4', before: 'iptables-save v1.8.9 (nf_tables)', after: 'iptables-save v1.8.9' },
    ]);
    expect(d.identical).toBe(false);
  });

  it.skipIf(!hasSharedFixtures)('the same rules under another backend (kubernetes proxier ruleset of ../shared)', () => {
    const d = iptablesDiff(
      [parseIptablesSave(readSharedText('iptables-ipvs/kube-proxy-ruleset.iptables-save-nft.txt'), PATH)],
      [parseIptablesSave(readSharedText('iptables-ipvs/kube-proxy-ruleset.iptables-save-legacy.txt'), PATH)],
    );
    expect(d.chains).toEqual([]);
    expect(d.backends).toEqual([
      { artifact: PATH, family: 'ipv4', before: 'iptables-save v1.8.9 (nf_tables)', after: 'iptables-save v1.8.9' },
    ]);
    expect(d.identical).toBe(false);
  });

  it('pairs dumps by path, and reports a dump on one side only as whole chains added', () => {
    const v6 = save('kube-proxy-live.ip6tables-nft-save-c.txt', 'network/ip6tables-save.txt');
    const v4 = save('kube-proxy-live.iptables-nft-save-c.txt');
    const d = iptablesDiff([v4], [v4, v6]);
    expect(d.chains.every((c) => c.family === 'ipv6' && c.presence === 'added')).toBe(true);
    expect(d.chains.map((c) => c.chain)).toContain('KUBE-FORWARD');
  });
});

describe('ipvs compare', () => {
  const base = networkFixture('ipvsadm-ln-kube-proxy.txt');

  it('finds nothing between a table and itself, nor in connection counts', () => {
    const busier = base.replace('Masq    1      3          0', 'Masq    1      57         12');
    expect(busier).not.toBe(base);
    expect(ipvsDiff([parseIpvsadm(base, 'a')], [parseIpvsadm(busier, 'a')])).toEqual({ added: [], removed: [], changed: [], identical: true });
  });

  it('reports a service added, a scheduler changed and a second apiserver endpoint', () => {
    const after = base
      .replace('TCP  10.96.0.1:443 rr persistent 10800', 'TCP  10.96.0.1:443 lc persistent 10800')
      .replace('  -> 192.0.2.20:6443              Masq    1      3          0', '  -> 192.0.2.20:6443              Masq    1      3          0\n  -> 192.0.2.22:6443              Masq    1      0          0')
      .concat('TCP  10.96.0.20:80 rr\n  -> 10.244.2.9:8080               Masq    1      0          0\n');
    const d = ipvsDiff([parseIpvsadm(base, 'a')], [parseIpvsadm(after, 'a')]);
    expect(d.added).toEqual(['TCP 10.96.0.20:80']);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([
      { service: 'TCP 10.96.0.1:443', field: 'scheduler', before: 'rr', after: 'lc' },
      { service: 'TCP 10.96.0.1:443', field: 'real server 192.0.2.22:6443', before: 'absent', after: 'Masq weight 1' },
    ]);
  });

  it('reports a weight drained to 0', () => {
    const after = base.replace('  -> 10.244.1.7:53                Masq    1', '  -> 10.244.1.7:53                Masq    0');
    const d = ipvsDiff([parseIpvsadm(base, 'a')], [parseIpvsadm(after, 'a')]);
    expect(d.changed).toEqual([{ service: 'TCP 10.96.0.10:53', field: 'real server 10.244.1.7:53', before: 'Masq weight 1', after: 'Masq weight 0' }]);
  });
});
