import { describe, expect, it } from 'vitest';
import { configMapsFrom, configMapsFromJson, configMapsFromYaml, configMapsFromYamlList } from './configmap';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { corefileOfDebug, dnsFixture, liveK3sCorefile } from './fixtures';

describe('CoreDNS ConfigMap as kubectl -o json gives it', () => {
  it('yields the Corefile and NodeHosts strings whole', () => {
    const r = configMapsFrom(dnsFixture('k3s-coredns-configmap.kubectl.json'));
    expect(r.format).toBe('json');
    expect(r.configMaps).toHaveLength(1);
    expect(r.configMaps[0].name).toBe('kube-system/coredns');
    expect(r.configMaps[0].data.Corefile).toEqual({ value: liveK3sCorefile(), startLine: null });
    expect(r.configMaps[0].data.NodeHosts.value).toBe('192.0.2.2 vm\n');
  });

  it('finds ConfigMaps inside a List and ignores other kinds', () => {
    const cm = JSON.parse(dnsFixture('k3s-coredns-configmap.kubectl.json'));
    const list = JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [{ kind: 'Service', metadata: { name: 'kube-dns' } }, cm] });
    expect(configMapsFromJson(list)?.map((c) => c.name)).toEqual(['kube-system/coredns']);
    expect(configMapsFromJson('not json')).toBeNull();
    expect(configMapsFromJson('[1,2]')).toEqual([]);
  });
});

describe('CoreDNS ConfigMap in a kubectl List in YAML (a Harvester support bundle keeps one per namespace)', () => {
  // As kubectl (go-yaml) writes a long string: double-quoted, folded over lines, a leading space escaped.
  const list = [
    'apiVersion: v1',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: kube-root-ca.crt',
    '    namespace: kube-system',
    '  data:',
    '    ca.crt: "-----BEGIN CERTIFICATE-----"',
    '- apiVersion: v1',
    '  data:',
    '    Corefile: ".:53 {\\n    errors \\n    kubernetes   cluster.local  in-addr.arpa ip6.arpa {\\n        pods',
    '      insecure\\n        fallthrough in-addr.arpa ip6.arpa\\n    }\\n',
    '      \\   forward   . /etc/resolv.conf\\n    cache   30\\n}"',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: rke2-coredns-rke2-coredns',
    '    namespace: kube-system',
    'kind: List',
    'metadata:',
    '  resourceVersion: ""',
    '',
  ].join('\n');

  it('yields each ConfigMap of the List, its Corefile unfolded as the API server holds it', () => {
    const r = configMapsFrom(list);
    expect(r.format).toBe('list');
    expect(r.configMaps.map((c) => c.name)).toEqual(['kube-system/kube-root-ca.crt', 'kube-system/rke2-coredns-rke2-coredns']);
    expect(r.configMaps[1].data.Corefile).toEqual({
      value: '.:53 {\n    errors \n    kubernetes   cluster.local  in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward   . /etc/resolv.conf\n    cache   30\n}',
      startLine: null,
    });
  });

  it('is told from manifests, which have no items: at the top', () => {
    expect(configMapsFromYamlList(dnsFixture('k3s-style-coredns-manifest.yaml'))).toBeNull();
    expect(configMapsFrom(dnsFixture('k3s-style-coredns-manifest.yaml')).format).toBe('yaml');
  });
});

const manifests = [
  { from: 'made here', skip: false, text: () => dnsFixture('k3s-style-coredns-manifest.yaml'), live: liveK3sCorefile },
  { from: 'k3s manifests/coredns.yaml, ../shared', skip: !hasSharedFixtures, text: () => readSharedText('coredns/k3s-manifests-coredns.yaml'), live: () => corefileOfDebug(readSharedText('coredns/troubleshoot-k3s-dns-debug-live-corefile.txt')) },
];
for (const m of manifests) describe.skipIf(m.skip)(`CoreDNS ConfigMap inside a multi-document k3s install manifest (${m.from})`, () => {
  it('finds the one ConfigMap among ServiceAccount, RBAC, Deployment and Service', () => {
    const text = m.text();
    const cms = configMapsFromYaml(text);
    expect(cms.map((c) => c.name)).toEqual(['kube-system/coredns']);
    const corefile = cms[0].data.Corefile;
    expect(corefile.startLine).toBe(text.split('\n').indexOf('  Corefile: |') + 2);
    expect(corefile.value.split('\n')[0]).toBe('.:53 {');
    expect(corefile.value).toContain('\n    kubernetes %{CLUSTER_DOMAIN}% in-addr.arpa ip6.arpa {\n');
    expect(corefile.value.endsWith('}\nimport /etc/coredns/custom/*.server\n')).toBe(true);
  });

  it('gives the Corefile the live cluster rendered from it, but for the domain and the indentation', () => {
    const [cm] = configMapsFromYaml(m.text());
    const rendered = cm.data.Corefile.value.replace('%{CLUSTER_DOMAIN}%', 'cluster.local').replace(/^ {8}/gm, '      ');
    expect(rendered).toBe(m.live());
  });
});

describe('YAML ConfigMaps', () => {
  it('reads plain, quoted and chomped values', () => {
    const yaml = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: coredns-custom',
      '  namespace: kube-system',
      'data:',
      '  plain: hello',
      '  quoted: "a\\nb"',
      "  single: 'it''s'",
      '  stripped.server: |-',
      '    example.org:53 {',
      '        forward . 192.0.2.53',
      '    }',
      '',
    ].join('\n');
    const [cm] = configMapsFromYaml(yaml);
    expect(cm.name).toBe('kube-system/coredns-custom');
    expect(cm.data.plain).toEqual({ value: 'hello', startLine: 7 });
    expect(cm.data.quoted.value).toBe('a\nb');
    expect(cm.data.single.value).toBe("it's");
    expect(cm.data['stripped.server']).toEqual({ value: 'example.org:53 {\n    forward . 192.0.2.53\n}', startLine: 11 });
  });
});

describe('ConfigMap keys that are property names of plain objects', () => {
  it('stay ordinary keys', () => {
    const json = JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'coredns' }, data: { ['__proto__']: 'x', Corefile: '.:53 {\n}\n' } });
    const [cm] = configMapsFromJson(json)!;
    expect(Object.keys(cm.data)).toEqual(['__proto__', 'Corefile']);
    expect(Object.getPrototypeOf(cm.data)).toBe(Object.prototype);
    const [y] = configMapsFromYaml('kind: ConfigMap\nmetadata:\n  name: c\ndata:\n  __proto__: x\n');
    expect(Object.keys(y.data)).toEqual(['__proto__']);
  });
});
