import { describe, expect, it } from 'vitest';
import { networkFixture } from './fixtures';
import { parseIpAddr, parseIpRoute, parseIpRule } from './iproute';

describe('ip addr of a bridge-CNI node (netns made here)', () => {
  const ifs = parseIpAddr(networkFixture('netns-ip-addr.txt'));

  it('lists the interfaces with their veth peers and bridge', () => {
    expect(ifs.map((i) => `${i.index} ${i.name} ${i.link} ${i.master} ${i.state}`)).toEqual([
      '1 lo null null UNKNOWN',
      '2 cni0 null null UP',
      '3 eth0p veth1a2b3c null UP',
      '4 veth1a2b3c eth0p cni0 UP',
      '5 uplink eth0 null UP',
      '6 eth0 uplink null UP',
    ]);
    expect(ifs[5]).toMatchObject({ mtu: 1500, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], line: 25 });
    expect(ifs[5].mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  });

  it('reads v4 and v6 addresses with scope and flags', () => {
    expect(ifs[5].addresses).toEqual([
      { family: 'ipv4', address: '192.0.2.21', prefix: 24, scope: 'global', flags: ['eth0'] },
      { family: 'ipv6', address: '2001:db8::21', prefix: 64, scope: 'global', flags: ['nodad'] },
      expect.objectContaining({ family: 'ipv6', prefix: 64, scope: 'link', flags: ['tentative'] }),
    ]);
    expect(ifs[0].addresses.map((a) => `${a.address}/${a.prefix}`)).toEqual(['127.0.0.1/8', '::1/128']);
  });
});

describe('ip route show table all', () => {
  const routes = parseIpRoute(networkFixture('netns-ip-route-table-all.txt'));

  it('reads the main table: default gateway, pod CIDRs, blackhole', () => {
    const main = routes.filter((r) => r.table === 'main' && r.type === null && !r.destination.includes(':'));
    expect(main.map((r) => `${r.destination} via ${r.gateway} dev ${r.device}`)).toEqual([
      'default via 192.0.2.1 dev eth0',
      '10.244.1.0/24 via null dev cni0',
      '10.244.3.0/24 via 192.0.2.23 dev eth0',
      '192.0.2.0/24 via null dev eth0',
    ]);
    expect(routes.find((r) => r.type === 'blackhole')).toMatchObject({ destination: '10.244.9.0/24', table: 'main' });
    expect(routes[2]).toMatchObject({ protocol: 'kernel', scope: 'link', source: '10.244.1.1' });
  });

  it('reads the other tables and v6 metrics', () => {
    expect(routes[0]).toMatchObject({ type: 'local', destination: 'default', device: 'lo', table: '100' });
    expect(routes.filter((r) => r.table === 'local').length).toBeGreaterThan(5);
    expect(routes.find((r) => r.destination === '2001:db8::/64')).toMatchObject({ metric: 256, device: 'eth0' });
  });
});

describe('ip rule', () => {
  it('reads priorities, selectors and tables, with kube-proxy style fwmark rule', () => {
    expect(parseIpRule(networkFixture('netns-ip-rule.txt'))).toEqual([
      { priority: 0, selector: 'from all', table: 'local', line: 1, raw: '0:\tfrom all lookup local' },
      { priority: 32765, selector: 'from all fwmark 0x4000/0x4000', table: '100', line: 2, raw: '32765:\tfrom all fwmark 0x4000/0x4000 lookup 100' },
      { priority: 32766, selector: 'from all', table: 'main', line: 3, raw: '32766:\tfrom all lookup main' },
      { priority: 32767, selector: 'from all', table: 'default', line: 4, raw: '32767:\tfrom all lookup default' },
    ]);
  });
});
