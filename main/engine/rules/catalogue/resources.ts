import type { Evidence } from '../../../../shared/api/findings';
import { COMPONENT_LOG_KINDS, countPhrase, KERNEL_LOG_KINDS, quoteHits } from '../log-rule';
import {
  cgroupControllers, conntrackNumbers, cpuSample, dfRows, fileNr, fullFilesystems, kernel, loadavg, meminfo, meminfoLine, pidMax,
} from '../system-data';
import { events, pods } from './k8s-listings';
import type { Detection, Rule } from '../types';
import { lineEvidence, type BundleView, type LogHit } from '../view';
import { parsePressure } from '../../system/procfs';

const ALL_LOGS = [...new Set([...COMPONENT_LOG_KINDS, ...KERNEL_LOG_KINDS])];
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** kubelet eviction-manager lines and pod/event "low on resource" messages, with the resource they name. */
function evictionHits(view: BundleView): LogHit[] {
  return view.memo('evictions', () => [
    ...view.searchLogs({
      phrase: 'eviction manager',
      pattern: /[Ee]viction manager: (?:attempting to reclaim|must evict pod\(s\) to reclaim|pods? (?=[^\n]*?evicted))(?=[^\n]*?\b(memory|ephemeral-storage|nodefs\.inodesFree|imagefs\.inodesFree|nodefs|imagefs|pids)\b)/,
      kinds: COMPONENT_LOG_KINDS,
    }),
    ...view.searchLogs({ phrase: 'The node was low on resource', pattern: /The node was low on resource: ([\w.-]+)\./, kinds: ALL_LOGS }),
  ]);
}

function evictionsFor(view: BundleView, resources: RegExp): LogHit[] {
  return evictionHits(view).filter((h) => resources.test(h.match[1] ?? ''));
}

/** Full filesystems named in a finding (summary and evidence), the fullest first. */
const MAX_QUOTED_FILESYSTEMS = 10;

function fsDetection(
  view: BundleView,
  kind: 'df' | 'df-inodes',
  what: string,
  evictions: LogHit[],
  extra: LogHit[] = [],
): Detection[] {
  const full = fullFilesystems(view, kind, 0.9);
  const unchecked = dfRows(view, kind) === null ? [view.missing(what, kind) as string] : [];
  if (full.length === 0 && evictions.length === 0 && extra.length === 0) return [];
  const worst = full.reduce((w, r) => Math.max(w, r.value.usePercent ?? 0), 0);
  // The fullest first; a node with thousands of full volumes is named by its worst few.
  const quoted = [...full].sort((a, b) => (b.value.usePercent ?? 0) - (a.value.usePercent ?? 0)).slice(0, MAX_QUOTED_FILESYSTEMS);
  const more = full.length > quoted.length ? ` and ${full.length - quoted.length} more filesystems` : '';
  const parts = [
    full.length ? `${quoted.map((r) => `${r.value.mountedOn} ${r.value.usePercent}%`).join(', ')}${more} ${what} used` : '',
    evictions.length ? `kubelet evicts pods to reclaim it (${countPhrase(evictions)})` : '',
    extra.length ? `"no space left on device" in ${countPhrase(extra)}` : '',
  ].filter(Boolean);
  return [{
    summary: `${parts.join('; ')}.`,
    severity: worst >= 98 || evictions.length > 0 ? 'critical' : 'warning',
    evidence: [...quoted.map((r) => r.evidence), ...quoteHits(evictions), ...quoteHits(extra, 3)],
    unchecked,
  }];
}

/** "no space left on device" that is not about cgroups or inotify watches (those have their own rules). */
function enospcHits(view: BundleView): LogHit[] {
  return view.memo('enospc', () =>
    view.searchLogs({ phrase: 'no space left on device', pattern: /no space left on device/i, kinds: ALL_LOGS })
      .filter((h) => !/\/sys\/fs\/cgroup|cgroup|inotify/.test(h.text)));
}

export const diskPressure: Rule = {
  id: 'disk-pressure',
  title: 'Disk full or kubelet under disk pressure',
  severity: 'warning',
  version: 1,
  sources: 'df -P, kubelet journal (eviction manager), pod events',
  meaning:
    'A filesystem of the node is (nearly) full, or the kubelet reports DiskPressure and evicts pods to reclaim ephemeral storage or image space. New pods are not scheduled on the node, images cannot be pulled, logs and emptyDir writes fail.',
  remedy:
    'Find what fills the filesystem (container logs, images, emptyDir volumes, /var/log): crictl rmi --prune, rotate logs (containerLogMaxSize), move /var/lib/containerd or docker to a larger disk; tune imageGCHighThresholdPercent and evictionHard.',
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/', 'https://kubernetes.io/docs/concepts/architecture/garbage-collection/#containers-images'],
  detect(view) {
    const full = fullFilesystems(view, 'df', 0.9);
    const enospc = full.length > 0 ? enospcHits(view) : [];
    return fsDetection(view, 'df', 'disk usage (df)', evictionsFor(view, /^(?:ephemeral-storage|nodefs|imagefs)$/), enospc);
  },
};

export const inodeExhaustion: Rule = {
  id: 'inode-exhaustion',
  title: 'Inodes exhausted',
  severity: 'warning',
  version: 1,
  sources: 'df -Pi, kubelet journal (eviction manager)',
  meaning:
    'A filesystem has (almost) no free inodes left although it may have free space: writes fail with "no space left on device". Millions of small files (container layers, logs, emptyDir caches) are the usual cause.',
  remedy: 'Find the directories with the most files (du --inodes -d 3 /var), prune images and dead containers, clean caches; recreate the filesystem with more inodes if the workload needs them.',
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#eviction-signals'],
  detect(view) {
    const full = fullFilesystems(view, 'df-inodes', 0.9);
    const enospc = full.length > 0 && fullFilesystems(view, 'df', 0.9).length === 0 ? enospcHits(view) : [];
    return fsDetection(view, 'df-inodes', 'inode usage (df -i)', evictionsFor(view, /inodes/), enospc);
  },
};

export const memoryPressureEviction: Rule = {
  id: 'memory-pressure',
  title: 'Node out of memory headroom (MemoryPressure, evictions)',
  severity: 'warning',
  version: 1,
  sources: '/proc/meminfo, kubelet journal (eviction manager)',
  meaning:
    'MemAvailable is nearly exhausted or the kubelet evicts pods to reclaim memory. Next come OOM kills (see oom-kill) and, when system daemons are hit, an unresponsive node.',
  remedy: 'Set requests and limits that match real usage, reserve memory for the system (systemReserved, kubeReserved), and lower maxPods or move workloads off the node.',
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/', 'https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources/'],
  detect(view) {
    const evictions = evictionsFor(view, /^memory$/);
    const mem = meminfo(view)?.report;
    const tight = mem?.usedShare !== null && mem?.usedShare !== undefined && mem.usedShare >= 0.95;
    if (!tight && evictions.length === 0) return [];
    const avail = meminfoLine(view, 'MemAvailable');
    return [{
      summary: [tight ? `${pct(mem?.usedShare as number)} of memory in use (MemAvailable ${mem?.availableKB} kB of ${mem?.totalKB} kB)` : '', evictions.length ? `kubelet evicts pods for memory (${countPhrase(evictions)})` : ''].filter(Boolean).join('; ') + '.',
      severity: evictions.length > 0 ? 'critical' : 'warning',
      evidence: [...(tight && avail ? [avail, meminfoLine(view, 'MemTotal') as Evidence] : []), ...quoteHits(evictions)],
      unchecked: mem ? [] : [view.missing('memory usage (/proc/meminfo)', 'proc-meminfo') as string],
    }];
  },
};

export const pidExhaustion: Rule = {
  id: 'pid-exhaustion',
  title: 'Process IDs running out',
  severity: 'critical',
  version: 1,
  sources: '/proc/loadavg, kernel.pid_max, logs (fork failures, kubelet PID pressure)',
  meaning:
    'Every thread takes a PID. When their number nears kernel.pid_max (or a cgroup pids.max), fork and thread creation fail with EAGAIN ("resource temporarily unavailable"): the runtime cannot start containers, kubelet and sshd cannot spawn processes.',
  remedy: 'Find the process or pod with the most threads (Threads: in /proc/<pid>/status), set podPidsLimit in the kubelet configuration, and raise kernel.pid_max (up to 4194304) on large nodes.',
  links: ['https://kubernetes.io/docs/concepts/policy/pid-limiting/', 'https://github.com/kubernetes/kubernetes/issues/79466'],
  detect(view) {
    const load = loadavg(view);
    const max = pidMax(view);
    const share = load && max && max.value > 0 ? load.value.threads / max.value : null;
    const forks = view.searchLogs({ phrase: 'resource temporarily unavailable', pattern: /(?:fork\/exec \S+|pthread_create failed|fork: retry|fork|clone): (?:R|r)esource temporarily unavailable/, kinds: ALL_LOGS });
    const evictions = evictionsFor(view, /^pids$/);
    const near = share !== null && share >= 0.85;
    if (!near && forks.length === 0 && evictions.length === 0) return [];
    const unchecked = [view.missing('thread count (/proc/loadavg)', 'proc-loadavg'), view.missing('kernel.pid_max', 'proc-pid-max')].filter((u): u is string => u !== null);
    return [{
      summary: [share !== null ? `${load?.value.threads} threads for pid_max ${max?.value} (${pct(share)})` : '', forks.length ? `fork/thread creation failed (${countPhrase(forks)})` : '', evictions.length ? 'kubelet reports PID pressure' : ''].filter(Boolean).join('; ') + '.',
      severity: near || forks.length > 0 ? 'critical' : 'warning',
      evidence: [...(near && load && max ? [load.evidence, max.evidence] : []), ...quoteHits(forks), ...quoteHits(evictions, 2)],
      unchecked,
    }];
  },
};

export const fileMaxExhaustion: Rule = {
  id: 'file-max-exhaustion',
  title: 'System-wide open file limit (fs.file-max) reached',
  severity: 'critical',
  version: 1,
  sources: '/proc/sys/fs/file-nr, kernel log, component logs',
  meaning:
    'The number of open files of the whole node nears fs.file-max: open, socket and accept fail with ENFILE ("too many open files in system") for every process, including kubelet and the runtime.',
  remedy: 'Find the processes holding the most descriptors (proc/<pid>/fd-count in this bundle) and fix the leak; raise fs.file-max if the load is legitimate.',
  links: ['https://docs.kernel.org/admin-guide/sysctl/fs.html#file-max-file-nr'],
  detect(view) {
    const nr = fileNr(view);
    const share = nr && nr.value.max > 0 ? (nr.value.allocated - nr.value.unused) / nr.value.max : null;
    const logs = [
      ...view.searchLogs({ phrase: 'file max limit', pattern: /VFS: file-max limit (\d+) reached/, kinds: KERNEL_LOG_KINDS }),
      ...view.searchLogs({ phrase: 'too many open files in system', pattern: /too many open files in system/i, kinds: ALL_LOGS }),
    ];
    const near = share !== null && share >= 0.9;
    if (!near && logs.length === 0) return [];
    return [{
      summary: [share !== null && nr ? `${nr.value.allocated} of ${nr.value.max} file handles allocated (${pct(share)})` : '', logs.length ? `the limit was hit (${countPhrase(logs)})` : ''].filter(Boolean).join('; ') + '.',
      evidence: [...(near && nr ? [nr.evidence] : []), ...quoteHits(logs)],
      unchecked: nr ? [] : [view.missing('file handles (/proc/sys/fs/file-nr)', 'proc-file-nr') as string],
    }];
  },
};

export const conntrackTableFull: Rule = {
  id: 'conntrack-table-full',
  title: 'Connection tracking table full',
  severity: 'critical',
  version: 1,
  sources: 'kernel log, nf_conntrack_count / nf_conntrack_max',
  meaning:
    'The netfilter conntrack table is full (or nearly): the kernel drops packets of new connections. Services, DNS (UDP to CoreDNS) and NodePorts fail intermittently from this node.',
  remedy: 'Raise net.netfilter.nf_conntrack_max (kube-proxy conntrack.maxPerCore / min), shorten timeouts for short-lived flows, and find the pod opening connections at a high rate.',
  links: ['https://docs.kernel.org/networking/nf_conntrack-sysctl.html', 'https://github.com/kubernetes/kubernetes/issues/71261'],
  detect(view) {
    const drops = view.searchLogs({ phrase: 'table full dropping packet', pattern: /(?:nf|ip)_conntrack: (?:nf_conntrack: )?table full, dropping packet/, kinds: KERNEL_LOG_KINDS });
    const n = conntrackNumbers(view);
    const share = n && n.max.value > 0 ? n.count.value / n.max.value : null;
    const near = share !== null && share >= 0.85;
    if (!near && drops.length === 0) return [];
    return [{
      summary: [share !== null && n ? `${n.count.value} of ${n.max.value} conntrack entries in use (${pct(share)})` : '', drops.length ? `the kernel dropped packets (${countPhrase(drops)})` : ''].filter(Boolean).join('; ') + '.',
      severity: drops.length > 0 || (share ?? 0) >= 0.98 ? 'critical' : 'warning',
      evidence: [...(near && n ? [n.count.evidence, n.max.evidence] : []), ...quoteHits(drops)],
      unchecked: n ? [] : [view.missing('conntrack usage (nf_conntrack_count/max)', 'nf-conntrack') as string],
    }];
  },
};

export const swapEnabled: Rule = {
  id: 'swap-enabled',
  title: 'Swap is on',
  severity: 'info',
  version: 1,
  sources: '/proc/meminfo, kubelet journal',
  meaning: 'The node has swap. Kubelets before 1.28 (or with failSwapOn) refuse to run with swap; with NodeSwap the kubelet allows it, but memory limits and evictions behave differently.',
  remedy: 'Turn swap off (swapoff -a and remove it from /etc/fstab) unless NodeSwap is configured on purpose.',
  links: ['https://kubernetes.io/docs/concepts/cluster-administration/swap-memory-management/'],
  detect(view) {
    const refused = view.searchLogs({ phrase: 'running with swap on is not supported', pattern: /[Rr]unning with swap on is not supported/, kinds: COMPONENT_LOG_KINDS });
    const swapKB = meminfo(view)?.report.swapTotalKB ?? 0;
    if (swapKB <= 0 && refused.length === 0) return [];
    const line = meminfoLine(view, 'SwapTotal');
    return [{
      summary: refused.length ? `The kubelet refuses to run with swap on (${countPhrase(refused)}).` : `The node has ${Math.round(swapKB / 1024)} MiB of swap.`,
      severity: refused.length ? 'critical' : 'info',
      evidence: [...(swapKB > 0 && line ? [line] : []), ...quoteHits(refused)],
    }];
  },
};

export const cpuStealHigh: Rule = {
  id: 'cpu-steal-high',
  title: 'The hypervisor steals CPU time (host oversold)',
  severity: 'warning',
  version: 2,
  sources: '/proc/stat sampled twice',
  meaning:
    'Steal is time the vCPUs were ready to run but the hypervisor ran something else. A high share means the host is oversubscribed: everything on the node (apiserver, kubelet, etcd) is slow for a reason outside Kubernetes, and profiles look normal, just slower.',
  remedy: 'Move the VM to a less loaded host or a dedicated instance type, reserve CPU for it at the hypervisor, and compare with a twin node; this is a problem of the host, not of Kubernetes.',
  links: ['https://man7.org/linux/man-pages/man5/proc_stat.5.html', 'https://man7.org/linux/man-pages/man1/iostat.1.html'],
  detect(view) {
    const sample = cpuSample(view);
    if (!sample) return [];
    const steal = sample.split.total.steal;
    if (steal < 0.1) return [];
    const interval = sample.split.basis === 'interval';
    return [{
      summary: `${pct(steal)} of CPU time was stolen by the hypervisor ${interval ? `over the ${sample.split.intervalSeconds?.toFixed(1)} s between the two /proc/stat samples` : 'since boot'} (${sample.split.cpuCount} CPUs).`,
      severity: steal >= 0.25 && interval ? 'critical' : 'warning',
      evidence: sample.evidence,
      unchecked: interval ? [] : ['only one /proc/stat sample: the share is since boot, not now'],
      why: {
        firedBecause: [`steal ${pct(steal)} of CPU time (10% or more)`],
        ruledOut: interval ? [`a since-boot average: measured over the ${sample.split.intervalSeconds?.toFixed(1)} s between two /proc/stat samples taken at collection`] : [],
      },
    }];
  },
};

export const cpuIowaitHigh: Rule = {
  id: 'cpu-iowait-high',
  title: 'CPUs mostly waiting for disk I/O',
  severity: 'warning',
  version: 1,
  sources: '/proc/stat sampled twice',
  meaning: 'A large share of CPU time is iowait: processes wait for a slow or saturated disk. etcd, image pulls and container start slow down; D-state tasks pile up.',
  remedy: 'Look at diskstats (await, util) for the busy device in this bundle, and at D-state processes; move heavy I/O (logs, images, etcd) to separate or faster disks.',
  links: ['https://man7.org/linux/man-pages/man5/proc_stat.5.html'],
  detect(view) {
    const sample = cpuSample(view);
    if (!sample || sample.split.basis !== 'interval') return [];
    const iowait = sample.split.total.iowait;
    if (iowait < 0.3) return [];
    return [{ summary: `${pct(iowait)} of CPU time was iowait over the ${sample.split.intervalSeconds?.toFixed(1)} s between the two samples.`, evidence: sample.evidence }];
  },
};

/** PSI "some" share (%) from which tasks wait for a CPU a large part of the time. */
const PSI_SATURATED = 40;
/** Runnable load per CPU, and idle share between the two /proc/stat samples, of a saturated node. */
const LOAD_PER_CPU = 1.5;
const IDLE_SATURATED = 0.05;

export const cpuSaturated: Rule = {
  id: 'cpu-saturated',
  title: 'CPUs saturated: tasks wait for a CPU',
  severity: 'warning',
  version: 1,
  sources: '/proc/pressure/cpu (PSI), /proc/loadavg, /proc/stat sampled twice',
  meaning:
    'Runnable tasks wait for a CPU a large share of the time (PSI cpu "some"), the load is well above the CPU count and the CPUs were almost never idle between the two samples. Everything on the node is slower: kubelet status updates, probes (which then fail and restart containers), the runtime, etcd.',
  remedy:
    'Find the consumers (top, the CPU profiles of this bundle, per-pod CPU usage); set CPU requests and limits that match real use, reserve CPU for the system (systemReserved, kubeReserved), move workloads off the node or give it more CPUs. If steal is high, the hypervisor is the cause (see cpu-steal-high).',
  links: ['https://docs.kernel.org/accounting/psi.html', 'https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources/'],
  detect(view) {
    const psiFile = view.artifacts('proc-pressure').find((a) => /\/cpu$/.test(a.path));
    const psi = psiFile ? parsePressure('cpu', view.text(psiFile)) : null;
    const sample = cpuSample(view);
    const load = loadavg(view);
    const cpus = sample?.split.cpuCount ?? null;
    const some = psi?.some ?? null;
    const signals: string[] = [];
    const evidence: Evidence[] = [];
    if (some && Math.max(some.avg10, some.avg60) >= PSI_SATURATED && psiFile) {
      signals.push(`tasks waited for a CPU ${some.avg10.toFixed(1)}% of the last 10 s and ${some.avg60.toFixed(1)}% of the last minute (PSI cpu some)`);
      evidence.push(lineEvidence(psiFile, 1, view.lines(psiFile)[0] ?? '', 'CPU pressure (PSI)'));
    }
    if (load && cpus && load.value.one / cpus >= LOAD_PER_CPU) {
      signals.push(`load ${load.value.one} on ${cpus} CPUs`);
      evidence.push(load.evidence);
    }
    const idle = sample?.split.basis === 'interval' ? sample.split.total.idle : null;
    if (idle !== null && idle < IDLE_SATURATED && sample) {
      signals.push(`${pct(idle)} idle over the ${sample.split.intervalSeconds?.toFixed(1)} s between the two /proc/stat samples`);
      evidence.push(...sample.evidence);
    }
    if (signals.length === 0) return [];
    const psiSaid = signals[0]?.includes('PSI') ?? false;
    // PSI is the kernel's own time-averaged measure of CPU contention; the load counts D-state tasks
    // too, and two /proc/stat samples a few seconds apart can catch a burst. Above info needs PSI and one more.
    const loud = psiSaid && signals.length >= 2;
    const steal = sample?.split.basis === 'interval' ? sample.split.total.steal : 0;
    const unchecked = [
      psiFile ? null : 'CPU pressure (/proc/pressure/cpu) not collected (kernel before 4.20 or psi=0)',
      sample?.split.basis === 'interval' ? null : 'only one /proc/stat sample: idle share between samples unknown',
      load ? null : view.missing('load average (/proc/loadavg)', 'proc-loadavg'),
    ].filter((u): u is string => u !== null);
    return [{
      summary: `The CPUs are saturated: ${signals.join('; ')}.${steal >= 0.1 ? ` ${pct(steal)} of the time was stolen by the hypervisor: see cpu-steal-high.` : ''}${loud ? '' : ' One snapshot signal is not proof of sustained saturation.'}`,
      severity: loud ? 'warning' : 'info',
      evidence,
      unchecked,
      why: {
        firedBecause: signals,
        ruledOut: loud ? ['a momentary burst: PSI averages the wait over 10 s and 60 s, and another measure agrees'] : [],
      },
    }];
  },
};

const CGROUP_ENOSPC = /(?:mkdir|cgroup)[^\n]*?(\/sys\/fs\/cgroup\/[^\s:'"‘’\\]*)[^\n]*?: no space left on device/i;

/** Pod container states and events (kubectl describe's view) that carry the cgroup ENOSPC message, as artifact lines. */
function cgroupEnospcInObjects(view: BundleView): Evidence[] {
  const messages = [
    ...events(view).map((e) => e.message),
    ...pods(view).flatMap((p) => p.containers.flatMap((c) => [c.message, c.lastState?.message ?? null])),
  ].filter((m): m is string => m !== null && CGROUP_ENOSPC.test(m));
  const out: Evidence[] = [];
  if (messages.length === 0) return out;
  // Each message as it reads inside a JSON line (its first 39 characters), once; distinct ones only.
  const heads = [...new Set(messages.map((m) => JSON.stringify(m).slice(1, 40)))];
  for (const a of view.artifacts('k8s-events', 'k8s-pods')) {
    view.quotableLines(a).forEach((line, i) => {
      if (CGROUP_ENOSPC.test(line) && heads.some((h) => line.includes(h))) {
        out.push({ artifact: a.path, line: i + 1, lineEnd: i + 1, text: line, note: a.kind === 'k8s-events' ? 'event' : 'container state' });
      }
    });
  }
  return out;
}

/** num_cgroups from which the 65535 memory-cgroup id space is called near exhaustion. */
const CGROUPS_HIGH = 50_000;

export const cgroupKmemLeak: Rule = {
  id: 'cgroup-kmem-leak',
  title: 'Memory cgroups leaked by kernel-memory accounting (3.10 kernels)',
  severity: 'critical',
  version: 2,
  sources: 'logs ("no space left on device" for cgroup work), kernel version, /proc/cgroups, df -P, df -Pi',
  meaning:
    'runc turns on kernel-memory (kmem) accounting for every container. On RHEL/CentOS 7 kernels (3.10.0-*.el7) deleted memory cgroups are never freed when kmem is on; after enough pod churn the 65535 memory-cgroup limit is reached and creating any cgroup fails with "no space left on device" although disks and inodes are fine. Containers (calico-node included) cannot start.',
  remedy:
    'Now: kubectl cordon the node, kubectl drain --delete-local-data (--delete-emptydir-data) --ignore-daemonsets --force, reboot, kubectl uncordon. Durably: upgrade the kernel, or use runc ≥ 1.0.0-rc94 and a kubelet built without kmem (-tags=nokmem), or boot with cgroup.memory=nokmem.',
  links: ['https://github.com/moby/moby/issues/29638', 'https://github.com/kubernetes/kubernetes/issues/61937', 'https://github.com/opencontainers/runc/pull/2840'],
  detect(view) {
    const enospc = view.searchLogs({ phrase: 'no space left on device', pattern: CGROUP_ENOSPC, kinds: ALL_LOGS });
    const objects = cgroupEnospcInObjects(view);
    const k = kernel(view);
    const el7 = k !== null && k.value.major === 3 && k.value.minor === 10;
    const memory = cgroupControllers(view)?.find((c) => c.value.name === 'memory') ?? null;
    const many = memory !== null && memory.value.numCgroups >= CGROUPS_HIGH;
    if (enospc.length === 0 && objects.length === 0 && !(el7 && many)) return [];
    const fullDisk = [...fullFilesystems(view, 'df', 0.98), ...fullFilesystems(view, 'df-inodes', 0.98)];
    if (fullDisk.length > 0) return [];
    const unchecked = [
      view.missing('disk usage (df)', 'df'), view.missing('inode usage (df -i)', 'df-inodes'),
      k ? null : 'kernel version unknown', memory ? null : view.missing('cgroup counts (/proc/cgroups)', 'proc-cgroups'),
    ].filter((u): u is string => u !== null);
    const said = [
      enospc.length ? `creating cgroups fails with "no space left on device" (${countPhrase(enospc)})` : '',
      objects.length ? `pods or events report it (${objects.length} object${objects.length === 1 ? '' : 's'})` : '',
      dfRows(view, 'df') ? 'disks and inodes have room' : '',
      k ? `kernel ${k.value.release}${el7 ? ' (3.10, affected)' : ''}` : '',
      memory ? `${memory.value.numCgroups} memory cgroups` : '',
    ].filter(Boolean);
    return [{
      summary: `${said.join('; ')}.`,
      severity: el7 || many ? 'critical' : 'warning',
      evidence: [...quoteHits(enospc), ...objects.slice(0, 3), ...(k ? [k.evidence] : []), ...(memory ? [memory.evidence] : [])],
      unchecked,
      why: {
        firedBecause: said.filter((s) => s !== 'disks and inodes have room'),
        ruledOut: dfRows(view, 'df') ? ['a full disk or inode table: every filesystem in df and df -i has room (under 98%)'] : [],
      },
    }];
  },
};

export const RESOURCE_RULES: Rule[] = [
  diskPressure, inodeExhaustion, memoryPressureEviction, pidExhaustion, fileMaxExhaustion, conntrackTableFull,
  swapEnabled, cpuStealHigh, cpuIowaitHigh, cpuSaturated, cgroupKmemLeak,
];
