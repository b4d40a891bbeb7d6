import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { dnsFixture } from './fixtures';
import { looksLikeHosts, parseHosts } from './hosts';
import { parseResolvConf } from './resolv';

describe('/etc/hosts', () => {
  it('reads the build VM hosts file', () => {
    expect(parseHosts(dnsFixture('this-vm-etc-hosts'))).toEqual({
      entries: [
        { line: 1, ip: '127.0.0.1', names: ['localhost'] },
        { line: 2, ip: '127.0.0.1', names: ['runsc'] },
        { line: 3, ip: '127.0.0.1', names: ['vm'] },
      ],
      invalid: [],
    });
  });

  it('reads aliases, IPv6, comments, and reports lines that are not entries', () => {
    const text = '# static\n::1\tlocalhost ip6-localhost ip6-loopback\n192.0.2.10 harbor.example.cn harbor # registry\nharbor.example.cn 192.0.2.10\n10.0.0.1\n';
    const h = parseHosts(text);
    expect(h.entries).toEqual([
      { line: 2, ip: '::1', names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
      { line: 3, ip: '192.0.2.10', names: ['harbor.example.cn', 'harbor'] },
    ]);
    expect(h.invalid).toEqual([{ line: 4, text: 'harbor.example.cn 192.0.2.10' }, { line: 5, text: '10.0.0.1' }]);
  });

  it('tells a hosts-format ConfigMap value from a Corefile', () => {
    expect(looksLikeHosts('192.0.2.2 vm\n')).toBe(true);
    expect(looksLikeHosts('.:53 {\n  errors\n}\n')).toBe(false);
  });
});

describe('resolv.conf', () => {
  const captures = [
    { from: 'made here', skip: false, text: () => dnsFixture('k3s-dns-debug-capture.txt'), domain: 'demo.internal' },
    { from: 'troubleshoot live capture, ../shared', skip: !hasSharedFixtures, text: () => readSharedText('coredns/troubleshoot-k3s-dns-debug-live-corefile.txt'), domain: '2kjf1j2funvedko2xfewkftqqf.gx.internal.cloudapp.net' },
  ];
  for (const k of captures) {
    it.skipIf(k.skip)(`reads the pod resolv.conf of a k3s DNS debug capture: cluster search path and ndots:5 (${k.from})`, () => {
      const section = k.text().split('=== /etc/resolv.conf ===\n')[1].split('\n===')[0];
      expect(parseResolvConf(section, 'etc/resolv.conf')).toEqual({
        artifact: 'etc/resolv.conf',
        nameservers: ['10.43.0.10'],
        ignoredNameservers: [],
        search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', k.domain],
        options: [{ name: 'ndots', value: '5' }],
        ndots: 5,
      });
    });
  }

  it('reads the build VM resolv.conf', () => {
    const r = parseResolvConf(dnsFixture('this-vm-etc-resolv.conf'), 'etc/resolv.conf');
    expect(r).toMatchObject({ nameservers: ['10.255.255.53'], search: [], options: [], ndots: null });
  });

  it('keeps only three nameservers as glibc does, and the last search or domain line', () => {
    const r = parseResolvConf('search a.example\nnameserver 1.1.1.1\nnameserver 8.8.8.8 ; google\nnameserver 9.9.9.9\nnameserver 10.0.0.2\ndomain corp.example\noptions timeout:2 rotate ndots:2\n', 'x');
    expect(r.nameservers).toEqual(['1.1.1.1', '8.8.8.8', '9.9.9.9']);
    expect(r.ignoredNameservers).toEqual(['10.0.0.2']);
    expect(r.search).toEqual(['corp.example']);
    expect(r.options).toEqual([{ name: 'timeout', value: '2' }, { name: 'rotate', value: null }, { name: 'ndots', value: '2' }]);
    expect(r.ndots).toBe(2);
  });
});
