import zlib from 'node:zlib';
import type { ArtifactKind } from '../../../shared/bundle-format';

/**
 * Guesses an artifact's kind when no manifest names it: first from the path (the collector's layout,
 * and the usual places of other tools' bundles), then from the first bytes. Log formats are refined
 * later by the log sniffers (main/engine/logs).
 */
interface PathRule {
  kind: ArtifactKind;
  test: RegExp;
}

// Matched against the path with a leading "/" so that "(^|/)" anchors work for any depth.
const PATH_RULES: PathRule[] = [
  { kind: 'manifest', test: /^\/(?:[^/]+\/)?manifest\.json$/ },
  { kind: 'collector-log', test: /\/collector\.log$/ },
  { kind: 'stderr', test: /^\/(?:[^/]+\/)?stderr\// },
  { kind: 'proc-pid-stat', test: /\/proc\/\d+\/stat$/ },
  { kind: 'proc-pid-status', test: /\/proc\/\d+\/status$/ },
  { kind: 'proc-pid-wchan', test: /\/proc\/\d+\/wchan$/ },
  { kind: 'proc-pid-stack', test: /\/proc\/\d+\/stack$/ },
  { kind: 'proc-pid-cmdline', test: /\/proc\/\d+\/cmdline$/ },
  { kind: 'proc-pid-cgroup', test: /\/proc\/\d+\/cgroup$/ },
  { kind: 'proc-pid-ns', test: /\/proc\/\d+\/ns$/ },
  { kind: 'proc-pid-fd-count', test: /\/proc\/\d+\/fd-count$/ },
  { kind: 'proc-pid-environ', test: /\/proc\/\d+\/environ$/ },
  { kind: 'proc-pid-maps', test: /\/proc\/(?:\d+|self)\/(?:task\/\d+\/)?(?:smaps|smaps_rollup|maps|numa_maps)$/ },
  { kind: 'thread-samples', test: /\/proc\/thread-samples\.txt$/ },
  { kind: 'proc-pid-cpu', test: /\/proc\/pid-cpu\.txt$/ },
  { kind: 'proc-stat', test: /\/proc\/stat(?:\.\d+)?$/ },
  { kind: 'proc-diskstats', test: /\/proc\/diskstats(?:\.\d+)?$/ },
  { kind: 'proc-loadavg', test: /\/proc\/loadavg$/ },
  { kind: 'proc-meminfo', test: /\/proc\/meminfo$/ },
  { kind: 'proc-vmstat', test: /\/proc\/vmstat$/ },
  { kind: 'proc-cgroups', test: /\/proc\/cgroups$/ },
  { kind: 'proc-pressure', test: /\/proc\/pressure\/(?:cpu|memory|io|irq)$/ },
  { kind: 'proc-file-nr', test: /\/proc\/sys\/fs\/file-nr$/ },
  { kind: 'proc-pid-max', test: /\/proc\/sys\/kernel\/pid_max$/ },
  { kind: 'nf-conntrack', test: /\/proc\/sys\/net\/netfilter\/nf_conntrack_(?:count|max)$/ },
  { kind: 'proc-version', test: /\/proc\/version$/ },
  { kind: 'kernel-modules', test: /\/proc\/modules$/ },
  // A packed copy (hotsos's proc/kallsyms.tgz) reads as proc/kallsyms/kallsyms.
  { kind: 'kernel-symbols', test: /\/proc\/kallsyms(?:\/kallsyms)?$|\/boot\/System\.map(?:-[^/]+)?$|\/tracing\/available_(?:filter_functions(?:_addrs)?|events)$/ },
  { kind: 'kernel-cmdline', test: /\/proc\/cmdline$/ },
  { kind: 'mounts', test: /\/proc\/mounts$|\/mounts\.txt$/ },
  { kind: 'os-release', test: /\/etc\/os-release$|\/os-release$/ },
  { kind: 'hosts', test: /\/etc\/hosts$/ },
  { kind: 'resolv-conf', test: /resolv\.conf$/ },
  { kind: 'corefile', test: /\/Corefile$/i },
  { kind: 'uname', test: /\/uname(?:\.txt|-a\.txt)?$/ },
  { kind: 'uptime', test: /\/uptime(?:\.txt)?$/ },
  { kind: 'date', test: /\/node\/date\.txt$/ },
  { kind: 'timezone', test: /\/timezone\.txt$/ },
  { kind: 'versions', test: /\/node\/versions\.txt$/ },
  { kind: 'sysctl', test: /\/sysctl(?:\.txt|-a\.txt)?$|\/sysctl\/[^/]+$/ },
  { kind: 'df-inodes', test: /\/df-inodes\.txt$|\/df-i\.txt$/ },
  { kind: 'df', test: /\/df(?:-h)?\.txt$/ },
  { kind: 'ss', test: /\/ss(?:-[a-z]+)?\.txt$|\/netstat(?:-[a-z]+)?\.txt$/ },
  { kind: 'ip6tables-save', test: /ip6tables(?:-legacy|-nft)?-save(?:\.txt)?$/ },
  { kind: 'iptables-save', test: /iptables(?:-legacy|-nft)?-save(?:\.txt)?$|\/iptables(?:\.txt)?$/ },
  { kind: 'ipvsadm', test: /ipvsadm(?:[-_][a-z]+)?(?:\.txt)?$/ },
  { kind: 'conntrack-stats', test: /conntrack-stats(?:\.txt)?$/ },
  { kind: 'ip-addr', test: /\/ip-addr(?:\.txt)?$/ },
  { kind: 'ip-route', test: /\/ip-route(?:\.txt)?$/ },
  { kind: 'ip-rule', test: /\/ip-rule(?:\.txt)?$/ },
  { kind: 'firewalld', test: /firewalld(?:\.txt)?$/ },
  { kind: 'nginx-config', test: /\/nginx\/.+\.conf$|\/nginx\.conf$/ },
  { kind: 'crictl-ps', test: /crictl-ps(?:\.txt)?$/ },
  { kind: 'crictl-pods', test: /crictl-pods(?:\.txt)?$/ },
  { kind: 'crictl-info', test: /crictl-info(?:\.json)?$/ },
  { kind: 'docker-ps', test: /docker-ps(?:\.txt)?$/ },
  { kind: 'docker-info', test: /docker-info(?:\.txt)?$/ },
  { kind: 'containerd-config', test: /containerd[-/]config\.toml$/ },
  { kind: 'k8s-nodes', test: /\/k8s\/nodes\.json$|cluster-resources\/nodes\.json$/ },
  { kind: 'k8s-pods', test: /\/k8s\/pods\.json$|cluster-resources\/pods\/[^/]+\.json$/ },
  { kind: 'k8s-events', test: /\/k8s\/events\.json$|cluster-resources\/events\/[^/]+\.json$/ },
  { kind: 'k8s-deployments', test: /\/k8s\/deployments\.json$|cluster-resources\/deployments\/[^/]+\.json$/ },
  { kind: 'k8s-replicasets', test: /\/k8s\/replicasets\.json$|cluster-resources\/replicasets\/[^/]+\.json$/ },
  { kind: 'k8s-configmap', test: /\/k8s\/[^/]*configmap[^/]*\.json$/ },
  { kind: 'goroutine-dump', test: /goroutine[^/]*debug[=-]?[12][^/]*$|goroutines?\.txt$/ },
  { kind: 'pprof', test: /\.pb(?:\.gz)?$|\.pprof$|\/pprof\/[^/]+\/(?:cpu|heap|allocs|goroutine|block|mutex|profile)(?:\.pb)?(?:\.gz)?$/ },
  { kind: 'docker-json-log', test: /-json\.log(?:\.\d+)?$/ },
  { kind: 'cri-log', test: /\/(?:var\/log\/|logs\/)?pods\/[^/]+\/[^/]+\/\d+\.log(?:\.\d+)?$|\/(?:var\/log\/|logs\/)containers\/[^/]+\.log$/ },
  { kind: 'dmesg', test: /\/dmesg(?:\.log|\.txt)?$/ },
  { kind: 'syslog', test: /\/(?:messages|syslog|kern\.log)(?:\.\d+)?$/ },
  { kind: 'journal', test: /\/journal\/[^/]+\.log$|journalctl[^/]*\.(?:log|txt)$/ },
  { kind: 'k8s-object', test: /\.json$/ },
  { kind: 'log', test: /\.log(?:\.\d+)?$|\/var\/log\/|\/logs?\// },
];

/** One regex for several rules, case-insensitive: a superset of them, so no rule matches where it does not. */
function anyOf(rules: readonly PathRule[]): RegExp {
  return new RegExp(rules.map((r) => `(?:${r.test.source})`).join('|'), 'i');
}

/**
 * Every rule at once: most paths of a sosreport (18,000 files) match no rule, and one test of this
 * costs a fifth of trying the rules in turn.
 */
const ANY_RULE = anyOf(PATH_RULES);

/**
 * The rules in order, GROUP_RULES at a time, each group with one regex of all its rules: a path that
 * matches a rule (a node's 100,000 pod logs match only the last, `log`) tries a few groups, then the
 * rules of the group that matched, not every rule in turn (6.4 µs of each file's 60 in an ingest of
 * pod logs). The first rule that matches still decides the kind.
 */
const GROUP_RULES = 8;
const RULE_GROUPS = Array.from({ length: Math.ceil(PATH_RULES.length / GROUP_RULES) }, (_, i) => {
  const rules = PATH_RULES.slice(i * GROUP_RULES, (i + 1) * GROUP_RULES);
  return { any: anyOf(rules), rules };
});

export function guessKindFromPath(path: string): ArtifactKind | undefined {
  const p = `/${path}`;
  if (!ANY_RULE.test(p)) return undefined;
  for (const group of RULE_GROUPS) {
    if (!group.any.test(p)) continue;
    const rule = group.rules.find((r) => r.test.test(p));
    if (rule) return rule.kind;
  }
  return undefined;
}

const GZIP = [0x1f, 0x8b];

/** A guess from content alone, for paths that said nothing: binary, pprof, goroutine dump or text. */
export function guessKindFromContent(head: Buffer): ArtifactKind {
  if (head.length >= 2 && head[0] === GZIP[0] && head[1] === GZIP[1]) return gzippedProfileHead(head) ? 'pprof' : 'binary';
  if (looksLikePprof(head)) return 'pprof';
  const text = head.subarray(0, 4096).toString('latin1');
  if (/^goroutine \d+ \[|^goroutine profile: total \d+/m.test(text)) return 'goroutine-dump';
  if (/^# Generated by ip6?tables-save/m.test(text) || /^\*(?:filter|nat|mangle|raw)\n/m.test(text)) {
    return text.includes('ip6tables-save') ? 'ip6tables-save' : 'iptables-save';
  }
  if (isBinary(head)) return 'binary';
  return 'text';
}

/**
 * The start of gzipped data, inflated from its first `compressedBytes` (throws when they do not
 * inflate or expand past `maxOutput`). Inflated into 2 KB pieces of node's shared buffer pool: the
 * default 16 KB output buffer is allocated on its own, and a node's 40,000 rotated logs, each looked
 * at this way, left megabytes of them for the collector.
 */
export function inflateGzipHead(head: Buffer, compressedBytes: number, maxOutput: number): Buffer {
  return zlib.gunzipSync(head.subarray(0, compressedBytes), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: maxOutput, chunkSize: 2048 });
}

/** Compressed bytes looked at to tell a gzipped profile from other gzipped data: never more. */
export const GZIP_SNIFF_BYTES = 1024;

/**
 * Whether gzipped bytes start like a profile.proto: the first byte is the tag of one of Profile's
 * fields (1–14) with its wire type (Go writes period_type first, others sample_type). Only the
 * first GZIP_SNIFF_BYTES are inflated (at most ~1 MB out, whatever the whole expands to).
 */
export function gzippedProfileHead(head: Buffer): boolean {
  let out: Buffer;
  try {
    out = inflateGzipHead(head, GZIP_SNIFF_BYTES, 2 * 1024 * 1024);
  } catch {
    return false;
  }
  if (out.length === 0) return false;
  const field = out[0] >> 3;
  const wire = out[0] & 7;
  // Fields 1–6, 11 and 13 are length-delimited (13 packed), 7–10, 12 and 14 varints (13 unpacked too).
  return field >= 1 && field <= 14 && (wire === 2 ? field <= 6 || field === 11 || field === 13 : wire === 0 && field >= 7);
}

/**
 * An uncompressed pprof Profile (protobuf): field 1 (sample_type, a ValueType message) first, whose
 * own fields are type (1, varint) and unit (2, varint).
 */
export function looksLikePprof(b: Buffer): boolean {
  if (b.length < 6 || b[0] !== 0x0a) return false;
  let len = 0;
  let i = 1;
  for (let shift = 0; i < 6 && shift < 35; i++, shift += 7) {
    len |= (b[i] & 0x7f) << shift;
    if ((b[i] & 0x80) === 0) break;
  }
  i++;
  return len >= 4 && len < 64 && b[i] === 0x08 && b.subarray(i, i + len).includes(0x10);
}

/** Bytes of an artifact's head looked at to tell text from binary. */
const BINARY_SNIFF_BYTES = 8192;
/** Control characters other than tab, line feed, vertical tab, form feed and carriage return. */
const CONTROL_CHAR = /[\x01-\x08\x0e-\x1f]/;

/**
 * NUL bytes or many control characters in the first 8 KiB mean it is not text. Both are looked for by
 * native searches first (a node's thousands of small logs each pass here): a byte loop counts only a
 * head that has some control character. NULs in a few long runs are a text's holes, not its bytes: a log
 * the node grew but never wrote the last blocks of before it crashed (what an operator brings in after
 * a hard reset).
 */
export function isBinary(head: Buffer): boolean {
  const n = Math.min(head.length, BINARY_SNIFF_BYTES);
  if (n === 0) return false;
  const sniff = head.subarray(0, n);
  const holes = sniff.includes(0) ? holeBytes(sniff, head.length > n) : 0;
  if (holes === null || holes === n) return true;
  // A text's holes lie between or after its lines: a head with NULs and no line end is a binary's
  // (a firmware table: its name, then zeros).
  if (holes > 0 && !sniff.includes(10)) return true;
  if (!CONTROL_CHAR.test(sniff.toString('latin1'))) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = sniff[i];
    if ((b > 0 && b < 9) || (b > 13 && b < 32)) control++;
  }
  return control / (n - holes) > 0.1;
}

/** Runs of NULs a text may hold as holes, and how long one must be (a stray NUL is a binary's). */
const MAX_HOLES = 4;
const MIN_HOLE_BYTES = 16;

/**
 * The NUL bytes of a head when they all lie in a few long runs (a run the sniff window cuts may be
 * short), else null: NULs scattered, as in UTF-16 or a binary format.
 */
function holeBytes(sniff: Buffer, cut: boolean): number | null {
  let runs = 0;
  let bytes = 0;
  for (let at = sniff.indexOf(0); at >= 0; at = sniff.indexOf(0, at)) {
    let end = at;
    while (end < sniff.length && sniff[end] === 0) end++;
    const atWindowEnd = cut && end === sniff.length;
    if (++runs > MAX_HOLES || (end - at < MIN_HOLE_BYTES && !atWindowEnd)) return null;
    bytes += end - at;
    at = end;
  }
  return bytes;
}

/** Kinds whose lines go into the log index (searchable, on the timeline). */
export const LOG_KINDS: ReadonlySet<string> = new Set([
  'journal', 'journal-json', 'klog', 'cri-log', 'docker-json-log', 'dmesg', 'syslog', 'log', 'collector-log', 'text',
]);
