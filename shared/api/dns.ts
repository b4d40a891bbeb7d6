import type { BundleId } from './bundles';
import { arity, int, type ArgValidators } from './args';

/**
 * DNS artifacts of a bundle as models: the CoreDNS Corefile (from the ConfigMap or a file), hosts files,
 * resolv.conf files and the upstreams CoreDNS forwards to. Every string field is text from the bundle.
 */

/** One Corefile directive: a plugin in a server block, or a line inside a plugin's block. */
export interface CorefileDirective {
  name: string;
  args: string[];
  /** 1-based line within the Corefile text. */
  line: number;
  /** The `{ ... }` block after it, or null when it has none. */
  block: CorefileDirective[] | null;
}

export interface CorefileZone {
  /** "." or "cluster.local." as written (a trailing dot is not added). */
  zone: string;
  port: string | null;
  /** "dns", "tls", "grpc", "https" when the key has one ("tls://.:853"). */
  scheme: string | null;
}

export interface CorefileServerBlock {
  /** The block's keys as written: [".:53"], ["cluster.local:53", "in-addr.arpa:53"]. */
  keys: string[];
  zones: CorefileZone[];
  line: number;
  plugins: CorefileDirective[];
}

export interface Corefile {
  /** The artifact the Corefile was read from. */
  artifact: string;
  /** 'file': a Corefile as is; 'configmap': data.Corefile of a ConfigMap (JSON); 'manifest': of a YAML manifest. */
  origin: 'file' | 'configmap' | 'manifest';
  /** The ConfigMap's namespace/name, for origin configmap or manifest. */
  configMap: string | null;
  /** Artifact line where the Corefile text starts (1 for a file, the line after `Corefile: |` in YAML); null in JSON. */
  startLine: number | null;
  text: string;
  servers: CorefileServerBlock[];
  /** Snippets `(name) { ... }` that server blocks can import. */
  snippets: { name: string; line: number; directives: CorefileDirective[] }[];
  /** `import` lines outside any server block (k3s: import /etc/coredns/custom/*.server). */
  imports: { path: string; line: number }[];
  /** What could not be read: unclosed blocks, stray braces. The rest is still parsed. */
  errors: string[];
}

export interface HostsEntry {
  line: number;
  ip: string;
  names: string[];
}

export interface HostsFile {
  artifact: string;
  /** 'file': /etc/hosts; 'configmap': a hosts-format ConfigMap key (k3s NodeHosts), `key` says which. */
  origin: 'file' | 'configmap' | 'manifest';
  key: string | null;
  entries: HostsEntry[];
  /** Lines that are not `IP name...`. */
  invalid: { line: number; text: string }[];
}

/** A `hosts` plugin of the Corefile: its file, its inline entries and whether it falls through. */
export interface CorefileHosts {
  artifact: string;
  server: string;
  line: number;
  /** The hosts file it reads (default /etc/hosts of the CoreDNS container), or null for the default. */
  file: string | null;
  entries: HostsEntry[];
  fallthrough: boolean;
}

export interface ResolvOption {
  name: string;
  value: string | null;
}

export interface ResolvConf {
  artifact: string;
  nameservers: string[];
  /** Nameservers after the third: glibc uses only three (kubelet warns "Nameserver limits were exceeded"). */
  ignoredNameservers: string[];
  /** From the last `search` or `domain` line, as glibc reads it. */
  search: string[];
  options: ResolvOption[];
  /** options ndots:N, or null (glibc's default is 1). */
  ndots: number | null;
}

export interface DnsUpstream {
  artifact: string;
  /** The server block's keys joined by a space. */
  server: string;
  plugin: 'forward' | 'proxy';
  /** The zone forwarded ("." for everything). */
  from: string;
  to: string[];
  /** True when a target is a resolv.conf: the node's (or the CoreDNS pod's) nameservers are the upstreams. */
  viaResolvConf: boolean;
  /**
   * For viaResolvConf: the collected resolv.conf CoreDNS most likely reads (CoreDNS runs with dnsPolicy
   * Default, so it gets the kubelet's resolvConf: dns/kubelet-resolv.conf, else the node's etc/resolv.conf)
   * and its nameservers. Null when none was collected or the targets are addresses.
   */
  resolvConf: { artifact: string; nameservers: string[] } | null;
  line: number;
}

/** A name the node's /etc/hosts resolves that no CoreDNS hosts entry has: pods do not see it (field case 1). */
export interface NodeOnlyHost {
  name: string;
  ip: string;
  artifact: string;
  line: number;
}

export interface DnsView {
  corefiles: Corefile[];
  hosts: HostsFile[];
  corefileHosts: CorefileHosts[];
  resolvConfs: ResolvConf[];
  upstreams: DnsUpstream[];
  nodeOnlyHosts: NodeOnlyHost[];
  /** Files of ConfigMaps that could not be read whole (a damaged kubectl List): "path: why". */
  problems: string[];
}

export interface DnsApi {
  dns(bundle: BundleId): Promise<DnsView>;
}

export const dnsArgs: ArgValidators<DnsApi> = {
  dns: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
};

// ---- compare (issue 7) ----

export interface CorefilePluginChange {
  /** The server block's keys joined by a space. */
  server: string;
  plugin: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
  /** Lines of the plugin (with its block) on one side only: a hosts entry, a forward target. */
  linesAdded: string[];
  linesRemoved: string[];
}

export interface CorefileDiff {
  serversAdded: string[];
  serversRemoved: string[];
  plugins: CorefilePluginChange[];
  importsAdded: string[];
  importsRemoved: string[];
  identical: boolean;
}

export interface HostsDiff {
  /** "name ip" on one side only, and names whose addresses changed. */
  added: HostsEntry[];
  removed: HostsEntry[];
  changed: { name: string; before: string[]; after: string[] }[];
  identical: boolean;
}

export interface ResolvConfDiff {
  artifact: string;
  changes: { field: 'nameservers' | 'search' | 'options'; before: string[]; after: string[] }[];
  identical: boolean;
}

export interface DnsDiff {
  corefile: CorefileDiff;
  /** Per hosts source (artifact path, or the Corefile hosts plugins as "Corefile"). */
  hosts: ({ source: string } & HostsDiff)[];
  resolvConfs: ResolvConfDiff[];
  identical: boolean;
}
