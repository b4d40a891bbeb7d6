import type { Corefile, CorefileHosts, DnsView, HostsFile, NodeOnlyHost, ResolvConf } from '../../../shared/api/dns';
import { artifactsOfKind, readArtifactText, readParsedText, textsOfKind } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { netContains, parseNet } from '../network/ip';
import { configMapsFrom } from './configmap';
import { parseCorefile } from './corefile';
import { looksLikeHosts, parseHosts } from './hosts';
import { parseResolvConf } from './resolv';
import { corefileHostsOf, upstreamsOf } from './upstreams';

const ORIGIN_RANK: Record<Corefile['origin'], number> = { configmap: 0, file: 1, manifest: 2 };

/** The Corefile CoreDNS runs: the ConfigMap's, else the mounted file, else a manifest's. */
export function primaryCorefile(corefiles: Corefile[]): Corefile | null {
  return [...corefiles].sort((a, b) => ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin])[0] ?? null;
}

/** A word every CoreDNS ConfigMap's text holds: its name or its Corefile key. */
const COREDNS_WORD = /coredns|Corefile/i;

function isCoreDnsConfigMap(name: string, keys: string[]): boolean {
  return keys.includes('Corefile') || /coredns/i.test(name);
}

/**
 * Corefiles and hosts-format values (k3s NodeHosts) of every CoreDNS ConfigMap of the bundle, and the
 * files of ConfigMaps that could not be read whole.
 */
function fromConfigMaps(db: Db, bundleId: number): { corefiles: Corefile[]; hosts: HostsFile[]; problems: string[] } {
  const corefiles: Corefile[] = [];
  const hosts: HostsFile[] = [];
  const problems: string[] = [];
  for (const a of artifactsOfKind(db, bundleId, 'k8s-configmap')) {
    const text = readParsedText(db, a.id);
    // A namespace's ConfigMaps with no CoreDNS among them (a must-gather keeps 56 such lists, a
    // Harvester bundle ten) are not parsed: none could be named coredns or hold a Corefile.
    // Nor are the other ConfigMaps of a list that holds CoreDNS's (kube-system's has dozens).
    if (text === null || !COREDNS_WORD.test(text)) continue;
    const { format, configMaps, problem } = configMapsFrom(text, (item) => COREDNS_WORD.test(item));
    if (problem) problems.push(`${a.path}: ${problem}; its ConfigMaps past that were not read`);
    // A manifest is what someone meant to apply; JSON and a List are the objects the API server held.
    const origin = format === 'yaml' ? 'manifest' : 'configmap';
    for (const cm of configMaps) {
      if (!isCoreDnsConfigMap(cm.name, Object.keys(cm.data))) continue;
      for (const [key, v] of Object.entries(cm.data)) {
        if (key === 'Corefile') {
          corefiles.push(parseCorefile(v.value, { artifact: a.path, origin, configMap: cm.name, startLine: v.startLine }));
        } else if (looksLikeHosts(v.value)) {
          const parsed = parseHosts(v.value, v.startLine ?? 1);
          hosts.push({ artifact: a.path, origin, key, ...parsed });
        }
      }
    }
  }
  return { corefiles, hosts, problems };
}

const LOCAL_NETS = ['127.0.0.0/8', '::1/128', 'fe00::/8', 'ff00::/8'].map((n) => parseNet(n)!);

function isLocal(ip: string): boolean {
  const net = parseNet(ip);
  return net !== null && LOCAL_NETS.some((l) => netContains(l, net));
}

/** Names the node's /etc/hosts resolves that no CoreDNS hosts data has (loopback and ip6-* names aside). */
export function nodeOnlyHosts(hosts: HostsFile[], corefileHosts: CorefileHosts[]): NodeOnlyHost[] {
  const known = new Set<string>();
  for (const h of corefileHosts) for (const e of h.entries) for (const n of e.names) known.add(n.toLowerCase());
  for (const h of hosts) if (h.origin !== 'file') for (const e of h.entries) for (const n of e.names) known.add(n.toLowerCase());
  const out: NodeOnlyHost[] = [];
  for (const h of hosts.filter((x) => x.origin === 'file' && x.artifact.endsWith('etc/hosts'))) {
    for (const e of h.entries) {
      if (isLocal(e.ip)) continue;
      for (const name of e.names) if (!known.has(name.toLowerCase())) out.push({ name, ip: e.ip, artifact: h.artifact, line: e.line });
    }
  }
  return out;
}

/** The resolv.conf the kubelet hands to dnsPolicy-Default pods like CoreDNS: its own, else the node's. */
export function podDefaultResolvConf(resolvConfs: ResolvConf[]): ResolvConf | null {
  return resolvConfs.find((r) => r.artifact.endsWith('kubelet-resolv.conf')) ?? resolvConfs.find((r) => r.artifact.endsWith('etc/resolv.conf')) ?? null;
}

/** Everything the DNS view shows about one bundle. Never throws on absent or malformed artifacts. */
export function dnsView(db: Db, bundleId: number): DnsView {
  const files = textsOfKind(db, bundleId, 'corefile').map((a) => parseCorefile(a.text, { artifact: a.path, origin: 'file', configMap: null, startLine: 1 }));
  const fromCm = fromConfigMaps(db, bundleId);
  const corefiles = [...fromCm.corefiles, ...files];
  const hostFiles: HostsFile[] = artifactsOfKind(db, bundleId, 'hosts').map((a) => ({
    artifact: a.path,
    origin: 'file',
    key: null,
    ...parseHosts(readArtifactText(db, a.id)),
  }));
  const hosts = [...hostFiles, ...fromCm.hosts];
  const resolvConfs: ResolvConf[] = textsOfKind(db, bundleId, 'resolv-conf').map((a) => parseResolvConf(a.text, a.path));
  // The same Corefile collected twice (ConfigMap and mounted file) is one configuration.
  const distinct = [...corefiles].sort((a, b) => ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin]).filter((c, i, all) => all.findIndex((x) => x.text === c.text) === i);
  const corefileHosts = distinct.flatMap(corefileHostsOf);
  const podResolv = podDefaultResolvConf(resolvConfs);
  const upstreams = distinct.flatMap(upstreamsOf).map((u) =>
    u.viaResolvConf && podResolv ? { ...u, resolvConf: { artifact: podResolv.artifact, nameservers: podResolv.nameservers } } : u,
  );
  return {
    corefiles,
    hosts,
    corefileHosts,
    resolvConfs,
    upstreams,
    nodeOnlyHosts: corefiles.length > 0 ? nodeOnlyHosts(hosts, corefileHosts) : [],
    problems: fromCm.problems,
  };
}
