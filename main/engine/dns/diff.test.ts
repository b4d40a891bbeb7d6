import { describe, expect, it } from 'vitest';
import type { DnsView } from '../../../shared/api/dns';
import { configMapsFromYaml } from './configmap';
import { parseCorefile } from './corefile';
import { corefileDiff, dnsDiff, hostsDiff, resolvConfDiff } from './diff';
import { dnsFixture, liveK3sCorefile } from './fixtures';
import { parseHosts } from './hosts';
import { parseResolvConf } from './resolv';
import { corefileHostsOf, upstreamsOf } from './upstreams';

const FILE = { artifact: 'dns/Corefile', origin: 'file', configMap: null, startLine: 1 } as const;
const k3s = (text = liveK3sCorefile()) => parseCorefile(text, FILE);

describe('Corefile compare', () => {
  it('finds nothing between a Corefile and itself', () => {
    expect(corefileDiff(k3s(), k3s())).toEqual({
      serversAdded: [], serversRemoved: [], plugins: [], importsAdded: [], importsRemoved: [], identical: true,
    });
  });

  it('case 1 on an upstream Corefile: a hosts block added for the registry', () => {
    const [cm] = configMapsFromYaml(dnsFixture('coredns-configmap-placeholders.yaml.sed'));
    const good = cm.data.Corefile.value;
    const fixed = good.replace('    prometheus :9153\n', '    hosts {\n        192.0.2.10 harbor.example.cn\n        fallthrough\n    }\n    prometheus :9153\n');
    const d = corefileDiff(parseCorefile(good, FILE), parseCorefile(fixed, FILE));
    expect(d.plugins).toEqual([
      {
        server: '.:53',
        plugin: 'hosts',
        change: 'added',
        before: null,
        after: 'hosts {\n    192.0.2.10 harbor.example.cn\n    fallthrough\n}',
        linesAdded: ['hosts {', '192.0.2.10 harbor.example.cn', 'fallthrough'],
        linesRemoved: [],
      },
    ]);
  });

  it('a hosts entry added to an existing hosts block, and a forward changed', () => {
    const after = liveK3sCorefile()
      .replace('hosts /etc/coredns/NodeHosts {\n', 'hosts /etc/coredns/NodeHosts {\n      192.0.2.10 harbor.example.cn\n')
      .replace('forward . /etc/resolv.conf', 'forward . 192.0.2.53 192.0.2.54');
    const d = corefileDiff(k3s(), k3s(after));
    expect(d.plugins.map((p) => [p.plugin, p.change, p.linesAdded, p.linesRemoved])).toEqual([
      ['hosts', 'changed', ['192.0.2.10 harbor.example.cn'], []],
      ['forward', 'changed', ['forward . 192.0.2.53 192.0.2.54'], ['forward . /etc/resolv.conf']],
    ]);
    expect(upstreamsOf(k3s(after))[0]).toMatchObject({ to: ['192.0.2.53', '192.0.2.54'], viaResolvConf: false });
  });

  it('a server block for a stub domain added, and the custom import removed', () => {
    const after = liveK3sCorefile().replace('import /etc/coredns/custom/*.server\n', 'corp.example:53 {\n    forward . 192.0.2.53\n}\n');
    const d = corefileDiff(k3s(), k3s(after));
    expect(d).toMatchObject({ serversAdded: ['corp.example:53'], serversRemoved: [], importsRemoved: ['/etc/coredns/custom/*.server'], identical: false });
  });
});

describe('hosts and resolv.conf compare', () => {
  it('names added, removed and moved to another address', () => {
    const a = parseHosts('127.0.0.1 localhost\n192.0.2.10 harbor.example.cn\n192.0.2.11 old.example.cn\n').entries;
    const b = parseHosts('127.0.0.1 localhost\n192.0.2.20 harbor.example.cn\n192.0.2.12 new.example.cn\n').entries;
    expect(hostsDiff(a, b)).toEqual({
      added: [{ line: 3, ip: '192.0.2.12', names: ['new.example.cn'] }],
      removed: [{ line: 3, ip: '192.0.2.11', names: ['old.example.cn'] }],
      changed: [{ name: 'harbor.example.cn', before: ['192.0.2.10'], after: ['192.0.2.20'] }],
      identical: false,
    });
    expect(hostsDiff(a, a).identical).toBe(true);
  });

  it('nameserver and ndots changes', () => {
    const a = parseResolvConf(dnsFixture('this-vm-etc-resolv.conf'), 'etc/resolv.conf');
    const b = parseResolvConf('nameserver 10.255.255.53\nnameserver 192.0.2.53\noptions ndots:5\n', 'etc/resolv.conf');
    expect(resolvConfDiff(a, b).changes).toEqual([
      { field: 'nameservers', before: ['10.255.255.53'], after: ['10.255.255.53', '192.0.2.53'] },
      { field: 'options', before: [], after: ['ndots:5'] },
    ]);
  });
});

describe('DNS compare of two whole views', () => {
  function view(corefile: string, hosts: string): DnsView {
    const c = k3s(corefile);
    return {
      corefiles: [c],
      hosts: [{ artifact: 'etc/hosts', origin: 'file', key: null, ...parseHosts(hosts) }],
      corefileHosts: corefileHostsOf(c),
      resolvConfs: [parseResolvConf(dnsFixture('this-vm-etc-resolv.conf'), 'etc/resolv.conf')],
      upstreams: upstreamsOf(c),
      nodeOnlyHosts: [],
      problems: [],
    };
  }

  it('is identical with itself and reports the Corefile hosts entry as a hosts difference too', () => {
    const hosts = dnsFixture('this-vm-etc-hosts');
    const a = view(liveK3sCorefile(), hosts);
    expect(dnsDiff(a, a)).toEqual({
      corefile: { serversAdded: [], serversRemoved: [], plugins: [], importsAdded: [], importsRemoved: [], identical: true },
      hosts: [],
      resolvConfs: [],
      identical: true,
    });
    const b = view(liveK3sCorefile().replace('hosts /etc/coredns/NodeHosts {\n', 'hosts /etc/coredns/NodeHosts {\n      192.0.2.10 harbor.example.cn\n'), hosts);
    const d = dnsDiff(a, b);
    expect(d.identical).toBe(false);
    expect(d.hosts).toEqual([
      { source: 'Corefile hosts', added: [{ line: 10, ip: '192.0.2.10', names: ['harbor.example.cn'] }], removed: [], changed: [], identical: false },
    ]);
  });
});
