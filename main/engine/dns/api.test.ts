import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { addBundle, memoryWorkspace, type TestArtifact } from '../system/testing/bundle';
import { createDnsApi } from './api';
import { dnsFixture, liveK3sCorefile } from './fixtures';

const CONFIGMAP = dnsFixture('k3s-coredns-configmap.kubectl.json');
/** Field case 1: the node resolves the registry through /etc/hosts; pods ask CoreDNS, which does not know it. */
const NODE_HOSTS = `${dnsFixture('this-vm-etc-hosts')}192.0.2.10 harbor.example.cn\n`;

const art = (path: string, kind: string, text: string): TestArtifact => ({ path, kind, bytes: Buffer.from(text) });

function node(configMap: string): TestArtifact[] {
  return [
    art('k8s/coredns-configmap.json', 'k8s-configmap', configMap),
    art('dns/Corefile', 'corefile', JSON.parse(configMap).data.Corefile),
    art('etc/hosts', 'hosts', NODE_HOSTS),
    art('etc/resolv.conf', 'resolv-conf', dnsFixture('this-vm-etc-resolv.conf')),
  ];
}

/** What the operator did in case 1, on a k3s Corefile: an inline entry in the hosts block. */
function withHarborEntry(configMap: string): string {
  const cm = JSON.parse(configMap);
  cm.data.Corefile = cm.data.Corefile.replace('hosts /etc/coredns/NodeHosts {\n', 'hosts /etc/coredns/NodeHosts {\n      192.0.2.10 harbor.example.cn\n');
  return JSON.stringify(cm, null, 4);
}

describe('DnsApi over a k3s node bundle', () => {
  const db = memoryWorkspace();
  const api = createDnsApi(db);
  const before = addBundle(db, node(CONFIGMAP));
  const after = addBundle(db, node(withHarborEntry(CONFIGMAP)));

  it('gives the Corefile from the ConfigMap and from the mounted file, ConfigMap first', async () => {
    const v = await api.dns(before);
    expect(v.corefiles.map((c) => `${c.origin} ${c.artifact} ${c.configMap} ${c.startLine}`)).toEqual([
      'configmap k8s/coredns-configmap.json kube-system/coredns null',
      'file dns/Corefile null 1',
    ]);
    expect(v.corefiles[0].text).toBe(liveK3sCorefile());
    expect(v.corefiles[0].servers[0].plugins).toHaveLength(12);
  });

  it('gives hosts: the node file, and NodeHosts of the ConfigMap', async () => {
    const v = await api.dns(before);
    expect(v.hosts.map((h) => `${h.origin} ${h.artifact} ${h.key} ${h.entries.length}`)).toEqual([
      'file etc/hosts null 4',
      'configmap k8s/coredns-configmap.json NodeHosts 1',
    ]);
    expect(v.corefileHosts).toEqual([
      { artifact: 'k8s/coredns-configmap.json', server: '.:53', line: 9, file: '/etc/coredns/NodeHosts', entries: [], fallthrough: true },
    ]);
  });

  it('gives the upstreams once, though the Corefile was collected twice', async () => {
    const v = await api.dns(before);
    expect(v.upstreams).toEqual([
      {
        artifact: 'k8s/coredns-configmap.json',
        server: '.:53',
        plugin: 'forward',
        from: '.',
        to: ['/etc/resolv.conf'],
        viaResolvConf: true,
        resolvConf: { artifact: 'etc/resolv.conf', nameservers: ['10.255.255.53'] },
        line: 15,
      },
    ]);
    expect(v.resolvConfs[0].nameservers).toEqual(['10.255.255.53']);
  });

  it("prefers the kubelet's resolvConf for the upstreams CoreDNS inherits", async () => {
    const id = addBundle(db, [...node(CONFIGMAP), art('dns/kubelet-resolv.conf', 'resolv-conf', 'nameserver 192.0.2.53\nnameserver 192.0.2.54\n')]);
    expect((await api.dns(id)).upstreams[0].resolvConf).toEqual({ artifact: 'dns/kubelet-resolv.conf', nameservers: ['192.0.2.53', '192.0.2.54'] });
  });

  it('points at the name the node resolves and CoreDNS does not (case 1), and stops once it is added', async () => {
    expect((await api.dns(before)).nodeOnlyHosts).toEqual([{ name: 'harbor.example.cn', ip: '192.0.2.10', artifact: 'etc/hosts', line: 4 }]);
    const fixed = await api.dns(after);
    expect(fixed.corefileHosts[0].entries).toEqual([{ line: 10, ip: '192.0.2.10', names: ['harbor.example.cn'] }]);
    expect(fixed.nodeOnlyHosts).toEqual([]);
  });

  it('gives an empty view for a bundle without DNS artifacts, and no node-only names without a Corefile', async () => {
    const none = addBundle(db, [art('etc/hosts', 'hosts', NODE_HOSTS)]);
    const v = await api.dns(none);
    expect(v).toMatchObject({ corefiles: [], corefileHosts: [], resolvConfs: [], upstreams: [], nodeOnlyHosts: [] });
    expect(v.hosts).toHaveLength(1);
  });

  it('reads the Corefile of a YAML manifest, with artifact line numbers', async () => {
    const manifest = dnsFixture('k3s-style-coredns-manifest.yaml');
    const id = addBundle(db, [art('k8s/coredns.yaml', 'k8s-configmap', manifest)]);
    const [c] = (await api.dns(id)).corefiles;
    expect(c).toMatchObject({ origin: 'manifest', configMap: 'kube-system/coredns', startLine: manifest.split('\n').indexOf('  Corefile: |') + 2 });
  });

  it("says which ConfigMap file was damaged, and keeps CoreDNS's Corefile that came before the damage", async () => {
    // kube-system's configmaps.yaml of a Harvester bundle, damaged inside a later CoreDNS ConfigMap.
    const coredns = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rke2-coredns-rke2-coredns', namespace: 'kube-system' }, data: { Corefile: liveK3sCorefile() } };
    const list = ['apiVersion: v1', 'items:', ...jsYaml.dump([coredns], { lineWidth: -1 }).trimEnd().split('\n'), '- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: coredns-custom', '  data:', '    log.override: "unterminated', ''].join('\n');
    // A troubleshoot bundle's configmaps/kube-system.json, cut short.
    const cut = '{"apiVersion": "v1", "items": [{"kind": "ConfigMap", "metadata": {"name": "coredns"';
    const id = addBundle(db, [
      art('yamls/namespaced/kube-system/v1/configmaps.yaml', 'k8s-configmap', list),
      art('cluster-resources/configmaps/kube-system.json', 'k8s-configmap', cut),
    ]);
    const v = await api.dns(id);
    expect(v.corefiles.map((c) => `${c.configMap} ${c.text === liveK3sCorefile()}`)).toEqual(['kube-system/rke2-coredns-rke2-coredns true']);
    expect(v.problems).toHaveLength(2);
    expect(v.problems[0]).toMatch(/^cluster-resources\/configmaps\/kube-system\.json: not JSON \(.+\); its ConfigMaps past that were not read$/);
    expect(v.problems[1]).toMatch(/^yamls\/namespaced\/kube-system\/v1\/configmaps\.yaml: not YAML \(.*\(\d+:\d+\)\); its ConfigMaps past that were not read$/);
    expect((await api.dns(before)).problems).toEqual([]);
  });
});
