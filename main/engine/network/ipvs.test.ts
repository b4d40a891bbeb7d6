import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { networkFixture } from './fixtures';
import { parseIpvsadm, serviceKey } from './ipvs';

// ipvsadm -Ln of kube-proxy in ipvs mode: ours (make-ipvsadm-twins.mjs), and the kubernetes README's of ../shared.
const kubeProxyTables = [
  { from: 'made here', skip: false, text: () => networkFixture('ipvsadm-ln-kube-proxy.txt'), api: ['10.96.0.1:443', '192.0.2.20', 3], dns: ['10.96.0.10:53', '10.244.1.7'] },
  { from: 'kubernetes README, ../shared', skip: !hasSharedFixtures, text: () => readSharedText('iptables-ipvs/k8s-ipvs-readme-ipvsadm-ln.txt'), api: ['10.0.0.1:443', '192.168.0.1', 1], dns: ['10.0.0.10:53', '172.17.0.2'] },
] as const;

for (const k of kubeProxyTables) describe.skipIf(k.skip)(`ipvsadm -Ln of kube-proxy in ipvs mode (${k.from})`, () => {
  const t = k.skip ? parseIpvsadm('', 'x') : parseIpvsadm(k.text(), 'network/ipvsadm.txt');

  it('reads the header and the three services', () => {
    expect(t.version).toBe('1.2.1 (size=4096)');
    expect(t.services.map(serviceKey)).toEqual([`TCP ${k.api[0]}`, `TCP ${k.dns[0]}`, `UDP ${k.dns[0]}`]);
  });

  it('reads scheduler, persistence and the real servers with weights and connections', () => {
    const api = t.services[0];
    expect(api).toMatchObject({ scheduler: 'rr', persistentSeconds: 10800, flags: [], line: 5, stats: null });
    expect(api.realServers).toEqual([
      { address: k.api[1], port: 6443, forward: 'Masq', weight: 1, activeConn: k.api[2], inactConn: 0, stats: null },
    ]);
    expect(t.services[2]).toMatchObject({ scheduler: 'rr', persistentSeconds: null });
    expect(t.services[2].realServers[0]).toMatchObject({ address: k.dns[1], port: 53, activeConn: 0 });
  });
});

describe('ipvsadm -Ln --stats --exact (ipvsadm\'s format, make-ipvsadm-twins.mjs)', () => {
  const t = parseIpvsadm(networkFixture('ipvsadm-stats-exact.txt'), 'network/ipvsadm.txt');

  it('reads the counters of services and real servers', () => {
    expect(t.services.map(serviceKey)).toEqual(['TCP 10.96.41.17:80', 'TCP 10.96.41.17:443']);
    expect(t.services[0].stats).toEqual({
      conns: 214, inPkts: 731042, outPkts: 702311, inBytes: 51873302, outBytes: 931570114, approximate: false,
    });
    expect(t.services[0].scheduler).toBeNull();
    expect(t.services[1].realServers[0]).toMatchObject({ address: '10.244.1.11', port: 8443, weight: null });
    expect(t.services[1].realServers[0].stats?.conns).toBe(73);
  });

  it('marks as approximate the K/M suffixed numbers ipvsadm prints without --exact', () => {
    const text = networkFixture('ipvsadm-stats-exact.txt').replace('51873302 931570114', '51873K   931M');
    const s = parseIpvsadm(text, 'x').services[0].stats;
    expect(s).toMatchObject({ inBytes: 51873000, outBytes: 931000000, approximate: true });
  });
});

describe('ipvsadm -Ln shapes beyond the README', () => {
  it('reads IPv6 services, firewall-mark services and flags', () => {
    const text = [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  [fd00:10:96::1]:443 rr',
      '  -> [fd00:10:244::5]:6443        Masq    1      0          0',
      'FWM  7 wrr persistent 360 mask 255.255.255.255',
      '  -> 10.0.0.7:0                   Route   3      2          1',
      'UDP  10.96.0.10:53 sh ops',
    ].join('\n');
    const t = parseIpvsadm(text, 'x');
    expect(t.services.map(serviceKey)).toEqual(['TCP [fd00:10:96::1]:443', 'FWM 7', 'UDP 10.96.0.10:53']);
    expect(t.services[0].realServers[0]).toMatchObject({ address: 'fd00:10:244::5', port: 6443 });
    expect(t.services[1]).toMatchObject({ scheduler: 'wrr', persistentSeconds: 360, flags: ['mask', '255.255.255.255'] });
    expect(t.services[1].realServers[0]).toMatchObject({ address: '10.0.0.7', port: 0, forward: 'Route', weight: 3 });
    expect(t.services[2]).toMatchObject({ scheduler: 'sh', flags: ['ops'], realServers: [] });
  });
});
