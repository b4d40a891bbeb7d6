import { describe, expect, it } from 'vitest';
import { parseCorefile, parseServerKey, renderDirective } from './corefile';
import { configMapsFromYaml } from './configmap';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { corefileOfDebug, dnsFixture, liveK3sCorefile } from './fixtures';

const FILE = { artifact: 'dns/Corefile', origin: 'file', configMap: null, startLine: 1 } as const;

// Our k3s-layout Corefile (make-dns-twins.mjs) and the real one of a live k3s cluster (troubleshoot's
// capture in ../shared, skipped without it): the same directives, their own hosts settings.
const k3sCorefiles = [
  { from: 'made here', skip: false, text: liveK3sCorefile, hosts: ['30', '20s'] },
  { from: 'troubleshoot live capture, ../shared', skip: !hasSharedFixtures, text: () => corefileOfDebug(readSharedText('coredns/troubleshoot-k3s-dns-debug-live-corefile.txt')), hosts: ['60', '15s'] },
];
for (const k of k3sCorefiles) describe.skipIf(k.skip)(`the rendered Corefile of a k3s cluster (${k.from})`, () => {
  const c = parseCorefile(k.skip ? '' : k.text(), FILE);

  it('has one server block for every zone on port 53, and the custom import outside it', () => {
    expect(c.errors).toEqual([]);
    expect(c.servers).toHaveLength(1);
    expect(c.servers[0]).toMatchObject({ keys: ['.:53'], zones: [{ zone: '.', port: '53', scheme: null }], line: 1 });
    expect(c.imports).toEqual([{ path: '/etc/coredns/custom/*.server', line: 22 }]);
  });

  it('lists the plugins in order with their args', () => {
    expect(c.servers[0].plugins.map((p) => [p.name, ...p.args].join(' '))).toEqual([
      'errors',
      'health',
      'ready',
      'kubernetes cluster.local in-addr.arpa ip6.arpa',
      'hosts /etc/coredns/NodeHosts',
      'prometheus :9153',
      'forward . /etc/resolv.conf',
      'cache 30',
      'loop',
      'reload',
      'loadbalance',
      'import /etc/coredns/custom/*.override',
    ]);
  });

  it('keeps nested blocks with their lines', () => {
    const hosts = c.servers[0].plugins.find((p) => p.name === 'hosts');
    expect(hosts?.line).toBe(9);
    expect(hosts?.block).toEqual([
      { name: 'ttl', args: [k.hosts[0]], line: 10, block: null },
      { name: 'reload', args: [k.hosts[1]], line: 11, block: null },
      { name: 'fallthrough', args: [], line: 12, block: null },
    ]);
    expect(renderDirective(c.servers[0].plugins[3])).toBe(
      'kubernetes cluster.local in-addr.arpa ip6.arpa {\n    pods insecure\n    fallthrough in-addr.arpa ip6.arpa\n}',
    );
  });
});

describe('Corefile syntax', () => {
  it('reads comments, quotes, one-line blocks, several keys, snippets and schemes', () => {
    const text = [
      '# site-wide',
      '(common) {',
      '    errors',
      '    cache 30 # seconds',
      '}',
      'cluster.local:53 in-addr.arpa:53 {',
      '    import common',
      '    health { lameduck 5s }',
      '    template IN A example { answer "{{ .Name }} 60 IN A 10.0.0.1" }',
      '}',
      'tls://.:853 {',
      '    forward . tls://9.9.9.9 { tls_servername dns.quad9.net }',
      '}',
    ].join('\n');
    const c = parseCorefile(text, FILE);
    expect(c.errors).toEqual([]);
    expect(c.snippets).toEqual([
      { name: 'common', line: 2, directives: [{ name: 'errors', args: [], line: 3, block: null }, { name: 'cache', args: ['30'], line: 4, block: null }] },
    ]);
    expect(c.servers.map((s) => s.keys)).toEqual([['cluster.local:53', 'in-addr.arpa:53'], ['tls://.:853']]);
    expect(c.servers[1].zones).toEqual([{ zone: '.', port: '853', scheme: 'tls' }]);
    expect(c.servers[0].plugins[1].block).toEqual([{ name: 'lameduck', args: ['5s'], line: 8, block: null }]);
    expect(c.servers[0].plugins[2].block?.[0].args).toEqual(['{{ .Name }} 60 IN A 10.0.0.1']);
  });

  it('reads a single server written without braces', () => {
    const c = parseCorefile('.:1053\nwhoami\nlog\n', FILE);
    expect(c.servers).toEqual([
      {
        keys: ['.:1053'],
        zones: [{ zone: '.', port: '1053', scheme: null }],
        line: 1,
        plugins: [{ name: 'whoami', args: [], line: 2, block: null }, { name: 'log', args: [], line: 3, block: null }],
      },
    ]);
  });

  it('reports unbalanced braces and keeps what it read', () => {
    const c = parseCorefile('.:53 {\n    errors\n    cache 30\n', FILE);
    expect(c.errors).toEqual(['line 1: "{" is never closed']);
    expect(c.servers[0].plugins.map((p) => p.name)).toEqual(['errors', 'cache']);
    expect(parseCorefile('}\n.:53 {\n}\n', FILE).errors).toEqual(['line 1: "}" without a matching "{"']);
  });

  it('skips blocks nested deeper than any real Corefile, without running out of stack', () => {
    const deep = `.:53 {\n${'a {\n'.repeat(100_000)}${'}\n'.repeat(100_000)}    errors\n}\n`;
    const c = parseCorefile(deep, FILE);
    expect(c.errors).toEqual(['line 33: blocks nested too deep; the block is skipped']);
    expect(c.servers[0].plugins.map((p) => p.name)).toEqual(['a', 'errors']);
  });

  it('keeps hostile text as plain strings', () => {
    const c = parseCorefile('.:53 {\n    hosts {\n        10.0.0.1 <img src=x onerror=alert(1)>\n    }\n}\n', FILE);
    expect(c.servers[0].plugins[0].block?.[0]).toEqual({ name: '10.0.0.1', args: ['<img', 'src=x', 'onerror=alert(1)>'], line: 3, block: null });
  });

  it('splits server keys', () => {
    expect(parseServerKey('10.0.0.0/24:53')).toEqual({ zone: '10.0.0.0/24', port: '53', scheme: null });
    expect(parseServerKey('example.org')).toEqual({ zone: 'example.org', port: null, scheme: null });
  });
});

const templates = [
  { from: 'made here', skip: false, sed: () => dnsFixture('coredns-configmap-placeholders.yaml.sed'), legacy: () => dnsFixture('coredns-configmap-kubeadm-legacy.tmpl.yaml') },
  { from: 'coredns/deployment and kubeadm, ../shared', skip: !hasSharedFixtures, sed: () => readSharedText('coredns/coredns-deployment-coredns.yaml.sed'), legacy: () => readSharedText('coredns/kubeadm-legacy-coredns-configmap.tmpl.yaml') },
];
for (const t of templates) describe.skipIf(t.skip)(`templated Corefiles from install manifests (${t.from})`, () => {
  it('reads the upstream coredns.yaml.sed template with its placeholders as arguments', () => {
    const [cm] = configMapsFromYaml(t.sed());
    const c = parseCorefile(cm.data.Corefile.value, { ...FILE, origin: 'manifest' });
    const forward = c.servers[0].plugins.find((p) => p.name === 'forward');
    expect(forward?.args).toEqual(['.', 'UPSTREAMNAMESERVER']);
    expect(forward?.block).toEqual([{ name: 'max_concurrent', args: ['1000'], line: 12, block: null }]);
    // "}STUBDOMAINS" is one word: the server block's brace is not closed for CoreDNS either.
    expect(c.errors).toEqual(['line 1: "{" is never closed']);
  });

  it('survives the old kubeadm Go template', () => {
    const [cm] = configMapsFromYaml(t.legacy());
    const c = parseCorefile(cm.data.Corefile.value, { ...FILE, origin: 'manifest' });
    expect(c.servers[0].keys).toEqual(['.:53']);
    expect(c.servers[0].plugins.slice(0, 3).map((p) => p.name)).toEqual(['errors', 'health', 'kubernetes']);
    expect(c.errors.length).toBeGreaterThan(0);
  });
});
