import { describe, expect, it } from 'vitest';
import { networkFixture } from './fixtures';
import { parseIpvsadm, serviceKey } from './ipvs';

describe('ipvsadm -Ln of kube-proxy in ipvs mode (kubernetes README)', () => {
  const t = parseIpvsadm(networkFixture('k8s-ipvs-readme-ipvsadm-ln.txt'), 'network/ipvsadm.txt');

  it('reads the header and the three services', () => {
    expect(t.version).toBe('1.2.1 (size=4096)');
    expect(t.services.map(serviceKey)).toEqual(['TCP 10.0.0.1:443', 'TCP 10.0.0.10:53', 'UDP 10.0.0.10:53']);
  });

  it('reads scheduler, persistence and the real servers with weights and connections', () => {
    const api = t.services[0];
    expect(api).toMatchObject({ scheduler: 'rr', persistentSeconds: 10800, flags: [], line: 5, stats: null });
    expect(api.realServers).toEqual([
      { address: '192.168.0.1', port: 6443, forward: 'Masq', weight: 1, activeConn: 1, inactConn: 0, stats: null },
    ]);
    expect(t.services[2]).toMatchObject({ scheduler: 'rr', persistentSeconds: null });
    expect(t.services[2].realServers[0]).toMatchObject({ address: '172.17.0.2', port: 53, activeConn: 0 });
  });
});

describe('ipvsadm -Ln --stats --exact (Diamond collector test data)', () => {
  const t = parseIpvsadm(networkFixture('diamond-ipvsadm-stats-exact.txt'), 'network/ipvsadm.txt');

  it('reads the counters of services and real servers', () => {
    expect(t.services.map(serviceKey)).toEqual(['TCP 172.16.1.56:80', 'TCP 172.16.1.56:443']);
    expect(t.services[0].stats).toEqual({
      conns: 116, inPkts: 582893, outPkts: 578642, inBytes: 45293116, outBytes: 826814146, approximate: false,
    });
    expect(t.services[0].scheduler).toBeNull();
    expect(t.services[1].realServers[0]).toMatchObject({ address: '10.68.15.66', port: 443, weight: null });
    expect(t.services[1].realServers[0].stats?.conns).toBe(59);
  });

  it('marks as approximate the K/M suffixed numbers ipvsadm prints without --exact', () => {
    const text = networkFixture('diamond-ipvsadm-stats-exact.txt').replace('45293116 826814146', '45293K   826M');
    const s = parseIpvsadm(text, 'x').services[0].stats;
    expect(s).toMatchObject({ inBytes: 45293000, outBytes: 826000000, approximate: true });
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
