/**
 * The bundle contract between the collector and the app (docs/bundle-format.md is the prose version).
 * Pure: imported by the engine, the CLI and the renderer.
 */

export const BUNDLE_FORMAT = 'nodescope-bundle';
/** The newest manifest formatVersion this app understands. Every older one is read. */
export const BUNDLE_FORMAT_VERSION = 1;

export interface CollectorInfo {
  name: string;
  version: string;
  /** sha256 of the collector script that produced the bundle. */
  scriptSha256: string;
}

export interface NodeFacts {
  hostname: string;
  kernel?: string | null;
  os?: string | null;
  kubeletVersion?: string | null;
  containerRuntime?: string | null;
  cgroupVersion?: 1 | 2 | null;
  /** IANA zone name (e.g. "Asia/Shanghai") or a fixed offset ("+08:00"); syslog lines need it. */
  timezone?: string | null;
  clockSynced?: boolean | null;
}

export interface CollectionInfo {
  /** ISO 8601 UTC instants. */
  startedAt: string;
  endedAt: string;
  /** The options the collector ran with (as given on its command line, after defaults). */
  options: Record<string, string | number | boolean | string[] | null>;
  user?: string | null;
  /** Set when the collector read a node tree with --root instead of the live machine. */
  root?: string | null;
  deadlineReached?: boolean;
}

export interface ManifestItem {
  /** Path of the data inside the bundle's top folder; for a skipped item, where it would have been. */
  path: string;
  /** One of ARTIFACT_KINDS, or a kind a newer collector knows (kept, shown as text). */
  kind: string;
  /** The command line that produced the item, when one did. */
  command?: string | null;
  /** The file the item was copied from, when it was a copy. */
  source?: string | null;
  exitCode?: number | null;
  timedOut?: boolean;
  durationMs?: number | null;
  bytes?: number | null;
  originalBytes?: number | null;
  truncated?: boolean;
  sha256?: string | null;
  /** Path (inside the bundle) of the command's stderr, when it said anything. */
  stderrPath?: string | null;
  /** Why the item was not collected; absent or null when it was. */
  skipped?: string | null;
  /** A status the source reported without it being an error: "profiling disabled", "unauthorised". */
  status?: string | null;
}

export interface RedactionCount {
  path: string;
  rule: string;
  count: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  collector: CollectorInfo;
  node: NodeFacts;
  collection: CollectionInfo;
  items: ManifestItem[];
  redactions?: RedactionCount[];
}

/**
 * Artifact kinds the app understands. A manifest names one per item; a bundle without a manifest
 * gets them guessed from path and content (main/engine/kinds).
 */
export const ARTIFACT_KINDS = [
  // logs: one row per line, searchable
  'journal', 'journal-json', 'klog', 'cri-log', 'docker-json-log', 'dmesg', 'syslog', 'log',
  'collector-log',
  // Kubernetes API objects (kubectl get -o json|yaml)
  'k8s-nodes', 'k8s-pods', 'k8s-events', 'k8s-deployments', 'k8s-replicasets', 'k8s-configmap', 'k8s-object',
  // runtime
  'crictl-ps', 'crictl-pods', 'crictl-info', 'docker-ps', 'docker-info', 'containerd-config',
  // network
  'iptables-save', 'ip6tables-save', 'ipvsadm', 'conntrack-stats', 'ss', 'ip-addr', 'ip-route', 'ip-rule',
  'firewalld', 'nginx-config',
  // DNS
  'corefile', 'hosts', 'resolv-conf',
  // node facts and system
  'uname', 'os-release', 'uptime', 'date', 'timezone', 'versions', 'sysctl', 'kernel-modules', 'kernel-cmdline',
  'df', 'df-inodes', 'mounts', 'proc-version',
  'proc-loadavg', 'proc-meminfo', 'proc-vmstat', 'proc-cgroups', 'proc-pressure', 'proc-file-nr', 'proc-pid-max',
  'proc-stat', 'proc-diskstats', 'nf-conntrack',
  // the kernel's symbol tables (peer bundles: /proc/kallsyms, System.map, tracing's function lists): kept
  // as files, not log lines, whose tens of thousands of symbol names would drown a search for a module
  'kernel-symbols',
  // per process: proc/<pid>/<file>
  'proc-pid-stat', 'proc-pid-status', 'proc-pid-wchan', 'proc-pid-stack', 'proc-pid-cmdline', 'proc-pid-cgroup',
  'proc-pid-ns', 'proc-pid-fd-count', 'proc-pid-environ',
  // a process's memory maps (peer bundles: proc/<pid>/smaps, maps, numa_maps, which sos copies): kept as
  // files, not log lines, whose address ranges and "Rss: 4 kB" rows would drown a search for a library
  'proc-pid-maps',
  // every thread's state, wchan and syscall sampled through the sample window: proc/thread-samples.txt
  'thread-samples',
  // every process's CPU ticks at both ends of the sample window: proc/pid-cpu.txt
  'proc-pid-cpu',
  // process list as `ps aux` / `ps -ef` print it (peer bundles: sosreport, insights, Rancher)
  'ps',
  // a support tool's own report of its run (sos_reports/: sos.txt, sos.html, manifest.json): kept as
  // files, not log lines; a search for a unit finds its logs, not the tool's list of commands it ran
  'collection-report',
  // Go runtime
  'pprof', 'goroutine-dump',
  // anything else
  'manifest', 'stderr', 'text', 'binary',
] as const;

export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export function isArtifactKind(kind: string): kind is ArtifactKind {
  return (ARTIFACT_KINDS as readonly string[]).includes(kind);
}
