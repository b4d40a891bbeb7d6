import { visitListing } from '../k8s/api';
import { fromUname } from '../layouts/commands';
import { metadata } from '../k8s/objects';
import { artifactChunks, artifactsOfKind, listArtifacts, readParsedText, textAtLineEnds, type ArtifactRow } from '../store/artifacts';
import type { Db } from '../store/workspace';
import type { ValueKind } from './map';
import type { KnownValues } from './pseudonymise';
import { isCommonWord } from './words/common-words';

export interface KnownValueOptions {
  /** Also pseudonymise namespace and pod names outside the system namespaces. */
  k8sNames: boolean;
  /** Words the user adds (site names, project code names…). */
  words: readonly string[];
  /** Regular expressions the user adds: what they match is replaced too. */
  patterns?: readonly string[];
}

/** Names every cluster has: they identify nobody, and analysis needs them as they are. */
const COMMON_NAMES = new Set([
  'localhost', 'localhost.localdomain', 'localdomain', 'ip6-localhost', 'ip6-loopback', 'ip6-localnet',
  'ip6-mcastprefix', 'ip6-allnodes', 'ip6-allrouters', 'broadcasthost', 'kubernetes', 'kubernetes.default',
  'host.docker.internal', 'gateway.docker.internal', 'none', 'unknown', 'root',
]);
const CLUSTER_DOMAINS = /(^|\.)(cluster\.local|svc|in-addr\.arpa|ip6\.arpa|localdomain|local)$/;
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'default']);
const MAX_TEXT = 16 << 20;

class Collector {
  readonly names = new Map<string, ValueKind>();
  readonly domains = new Set<string>();
  /**
   * Host names shorter than 3 characters or named by a common word (`vm`, `server`, `ubuntu`): replaced
   * only where they stand as a host (standing.ts).
   */
  readonly hostsInContext = new Set<string>();
  /** Users named by a common word or shorter than 3 characters: replaced only where they stand as a user. */
  readonly usersInContext = new Set<string>();

  name(value: string, kind: ValueKind): void {
    const lower = value.trim().toLowerCase().replace(/\.$/, '');
    if (lower.length < 3 || lower.length > 253 || COMMON_NAMES.has(lower) || /^[\d.:]+$/.test(lower)) return;
    if (!this.names.has(lower)) this.names.set(lower, kind);
  }

  /** A host name: its first label is a name; the rest, when there is a rest, is a site domain. */
  host(value: string): void {
    const lower = value.trim().toLowerCase().replace(/\.$/, '');
    if (!/^[a-z0-9][a-z0-9.-]{0,252}$/.test(lower) || COMMON_NAMES.has(lower)) return;
    const dot = lower.indexOf('.');
    this.hostLabel(dot < 0 ? lower : lower.slice(0, dot));
    if (dot >= 0) this.domain(lower.slice(dot + 1));
  }

  private hostLabel(label: string): void {
    if ((label.length < 3 && /^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(label)) || isCommonWord(label)) this.hostsInContext.add(label);
    else this.name(label, 'hostname');
  }

  /** A user: a common word (`remote`, `test`) or a short name is replaced only where it stands as a user. */
  user(value: string): void {
    const lower = value.toLowerCase();
    if (COMMON_USERS.has(lower)) return;
    if (lower.length < 3 || isCommonWord(lower)) this.usersInContext.add(lower);
    else this.name(lower, 'user');
  }

  domain(value: string): void {
    const lower = value.trim().toLowerCase().replace(/\.$/, '');
    if (!lower.includes('.') || CLUSTER_DOMAINS.test(lower) || !/^[a-z0-9.-]{3,253}$/.test(lower)) return;
    this.domains.add(lower);
  }
}

function textOf(db: Db, a: ArtifactRow): string {
  return a.bytes > MAX_TEXT ? '' : (readParsedText(db, a.id) ?? '');
}

function fromHosts(c: Collector, text: string): void {
  for (const line of text.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    for (const name of fields.slice(1)) c.host(name);
  }
}

function fromResolv(c: Collector, text: string): void {
  for (const line of text.split('\n')) {
    const m = /^\s*(search|domain)\s+(.{1,1024})$/.exec(line);
    if (m) for (const d of m[2]!.trim().split(/\s+/)) c.domain(d);
  }
}

function fromObjects(c: Collector, db: Db, a: ArtifactRow, kind: 'nodes' | 'pods', k8sNames: boolean): void {
  // Read object by object, whatever the listing's size: a name not collected would go out as it is.
  visitListing(db, a, (o) => {
    const m = metadata(o);
    if (kind === 'nodes') c.host(m.name);
    else if (k8sNames && m.namespace && !SYSTEM_NAMESPACES.has(m.namespace)) {
      c.name(m.namespace, 'namespace');
      c.name(m.name, 'pod');
    }
  });
}

/** Pod log folders `logs/pods/<namespace>_<pod>_<uid>/`. */
function fromPodPaths(c: Collector, artifacts: ArtifactRow[]): void {
  for (const a of artifacts) {
    const m = /(?:^|\/)pods\/([a-z0-9-]{1,63})_([a-z0-9.-]{1,253})_[0-9a-f-]{8,36}\//.exec(a.path);
    if (m && !SYSTEM_NAMESPACES.has(m[1]!)) {
      c.name(m[1]!, 'namespace');
      c.name(m[2]!, 'pod');
    }
  }
}

/**
 * Users every image or distribution has (cloud images' default logins, RHCOS's `core`): they identify
 * nobody, and `core` is a folder of every must-gather.
 */
const COMMON_USERS = new Set(['core', 'ubuntu', 'ec2-user', 'centos', 'fedora', 'debian', 'admin', 'cloud-user', 'vagrant', 'azureuser', 'opc', 'rocky', 'almalinux', 'user', 'runner', 'nobody']);

/**
 * Users of home folders (`/home/alice`), the ones people log in as. Under a folder named by a common
 * word, the next folder is the user: insights' ps listed `/home/remote/miclark/.local/bin/…` run by
 * miclark.
 */
function fromHomes(c: Collector, text: string): void {
  for (const m of text.matchAll(/\/home\/([a-z_][a-z0-9_-]{1,31})(?:\/([a-z_][a-z0-9_-]{2,31}))?(?![a-z0-9_-])/g)) {
    const [, first, second] = m as unknown as [string, string, string | undefined];
    c.user(first);
    if (second && !COMMON_USERS.has(first) && isCommonWord(first) && !isCommonWord(second)) c.user(second);
  }
}

/** The node's own name as its files state it: `uname -a`, `sysctl -a` (kernel.hostname), hostname files. */
function fromOwnName(c: Collector, db: Db, bundleId: number, artifacts: ArtifactRow[]): void {
  for (const a of artifactsOfKind(db, bundleId, 'uname')) {
    const host = fromUname(textOf(db, a)).hostname;
    if (host) c.host(host);
  }
  for (const a of artifactsOfKind(db, bundleId, 'sysctl')) {
    for (const m of textOf(db, a).matchAll(/^kernel\.(hostname|domainname)[ \t]*=[ \t]*(\S{1,253})[ \t]*$/gm)) {
      if (m[1] === 'hostname') c.host(m[2]!);
      else c.domain(m[2]!);
    }
  }
  for (const a of artifacts) {
    if (a.bytes > 1024 || !HOSTNAME_FILE.test(a.path)) continue;
    const first = textOf(db, a).split('\n')[0]!.trim();
    if (first) c.host(first);
  }
}

/** etc/hostname, sos's sos_commands/host/hostname, insights' insights_commands/hostname(_-f), /proc/sys/kernel/hostname. */
const HOSTNAME_FILE = /(?:^|\/)(?:etc\/hostname|hostname(?:_-f|_-s)?|proc\/sys\/kernel\/hostname)$/;

/** Kubernetes objects name the users of their images' home folders (`/home/weave/launch.sh`), not the site's. */
function isKubernetesObjects(a: ArtifactRow): boolean {
  return a.kind.startsWith('k8s-');
}

/**
 * The values of the bundle that identify the site: its node's name and domain, the names in
 * /etc/hosts and the Kubernetes node list, the DNS search domains, the users of home folders, and
 * (when asked) namespaces and pods; plus the user's own words.
 */
export function knownValues(db: Db, bundleId: number, options: KnownValueOptions): KnownValues {
  const c = new Collector();
  const artifacts = listArtifacts(db, bundleId);
  const bundle = db.prepare('SELECT node, name FROM bundles WHERE id = ?').get(bundleId) as { node: string; name: string } | undefined;
  if (bundle?.node) c.host(bundle.node);
  const collectorName = /^nodescope-(.{1,253})-\d{8}T\d{6}Z(?:\.|$)/.exec(bundle?.name ?? '');
  if (collectorName) c.host(collectorName[1]!);
  for (const f of db.prepare("SELECT value FROM facts WHERE bundle_id = ? AND key IN ('hostname', 'node.hostname')").all(bundleId) as { value: string }[]) {
    c.host(f.value);
  }
  for (const a of artifactsOfKind(db, bundleId, 'hosts')) fromHosts(c, textOf(db, a));
  for (const a of artifactsOfKind(db, bundleId, 'resolv-conf')) fromResolv(c, textOf(db, a));
  for (const a of artifactsOfKind(db, bundleId, 'k8s-nodes')) fromObjects(c, db, a, 'nodes', options.k8sNames);
  if (options.k8sNames) {
    for (const a of artifactsOfKind(db, bundleId, 'k8s-pods')) fromObjects(c, db, a, 'pods', true);
    fromPodPaths(c, artifacts);
  }
  fromOwnName(c, db, bundleId, artifacts);
  // Every file of any size but Kubernetes objects and profiles (ps listings, goroutine dumps' build
  // paths, journals), in pieces cut at line ends as share rewrites them: a user named only in a
  // 200 MB journal would go out as it is.
  for (const a of artifacts) {
    if (isKubernetesObjects(a) || a.kind === 'pprof') continue;
    for (const piece of textAtLineEnds(artifactChunks(db, a.id, 0, a.bytes))) fromHomes(c, piece);
  }
  for (const w of options.words) c.name(w, 'word');
  return { names: c.names, domains: c.domains, patterns: options.patterns ?? [], inContext: { hosts: c.hostsInContext, users: c.usersInContext } };
}
