import { COMPONENT_LOG_KINDS, countPhrase, logRule, quietBeforeEnd } from '../log-rule';
import type { Rule } from '../types';
import type { LogHit } from '../view';
import { humanDuration } from '../versions';
import { appendTo } from '../../collections';
import { causesText } from './causes';
import { PULL_CAUSES } from './image-pull-causes';

const C = COMPONENT_LOG_KINDS;
const MINUTE = 60_000;

function distinct(hits: LogHit[], group: number, max = 4): string {
  const all = [...new Set(hits.map((h) => h.match[group]).filter((v): v is string => Boolean(v)))];
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}

export const runtimeRpcDeadline = logRule({
  id: 'runtime-rpc-deadline-exceeded',
  title: 'Container runtime calls time out',
  severity: 'warning',
  version: 2,
  resolvedAfterMs: 10 * MINUTE,
  sources: 'kubelet journal, container runtime journal',
  meaning:
    'The kubelet asked the container runtime (containerd, CRI-O, dockershim) for something and got no answer before the deadline, or could not reach it. A hung runtime stalls PLEG relist, pod start and stop, and eventually takes the node NotReady.',
  remedy:
    'Look at the runtime: its journal, a goroutine dump (kill -USR1 containerd/dockerd), shims or runc in D state, its disk. Restart the runtime (then the kubelet) to recover; upgrade it if the hang is a known bug.',
  links: ['https://github.com/kubernetes/kubernetes/issues/54381', 'https://github.com/containerd/containerd/issues/7790'],
  signatures: [
    { phrase: 'context deadline exceeded', pattern: /\b(ListContainers|ListPodSandbox|PodSandboxStatus|ContainerStatus|StopPodSandbox|RunPodSandbox|StopContainer|CreateContainer|StartContainer|ExecSync|ImageStatus|ListImages|PullImage)\b.*rpc error: code = DeadlineExceeded desc = context deadline exceeded/, kinds: C },
    { phrase: 'Cannot connect to the Docker daemon', pattern: /()Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock/, kinds: C },
    { phrase: 'container runtime is down', pattern: /()container runtime is down/, kinds: C },
  ],
  // At every kubelet start, before its first runtime status check, "container runtime is down" comes
  // with the PLEG start-up text: not a failing runtime.
  accept: (h) => !(/container runtime is down/.test(h.text) && /pleg has yet to be successful|last seen active 2562047h|status check may not have completed yet/.test(h.text)),
  describe: (hits) => ({ summary: `${countPhrase(hits)} show runtime calls failing${distinct(hits, 1) ? ` (${distinct(hits, 1)})` : ''}.` }),
});

export const cniNotInitialized = logRule({
  id: 'cni-not-initialized',
  title: 'Pod network (CNI) not ready',
  severity: 'warning',
  version: 3,
  sources: 'kubelet journal, containerd journal',
  meaning:
    'The runtime found no usable CNI configuration in /etc/cni/net.d, so the node reports NetworkReady=false: it stays NotReady and no pod sandbox can get a network. Usually the CNI daemonset (calico-node, flannel, cilium) is not running on the node yet, or crashes.',
  remedy:
    'Check the CNI daemonset pod on this node (its logs and events: it often fails for its own reason, e.g. cgroup-kmem-leak); check /etc/cni/net.d and /opt/cni/bin on the node.',
  links: ['https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/', 'https://github.com/kubernetes/kubeadm/issues/353'],
  signatures: [
    { phrase: 'NetworkPluginNotReady', pattern: /NetworkReady=false reason:NetworkPluginNotReady message:(.*?)(?:"|$)/, kinds: C },
    { phrase: 'No networks found in', pattern: /([Uu]nable to update cni config): [Nn]o networks found in (\S+)/, kinds: C },
  ],
  describe(hits, view) {
    // Operators quote the node condition in their own logs long after it cleared: the condition is
    // current only if some log still says so near its own end.
    const byLog = new Map<number, LogHit[]>();
    for (const h of hits) appendTo(byLog, h.artifactId, h);
    // Logs without times (events dumps, HTML reports) cannot say when; the timed ones decide, if any.
    // The kubelet repeats it every few seconds while the network is not ready: silence ten times that
    // long (two minutes at least) means it became ready.
    const timed = [...byLog.values()].map((l) => ({ quiet: quietBeforeEnd(view, l), gap: medianGap(l) })).filter((x): x is { quiet: number; gap: number | null } => x.quiet !== null);
    const quiet = timed.map((x) => x.quiet);
    const ongoing = timed.length === 0 || timed.some((x) => x.quiet < (x.gap === null ? 5 * MINUTE : Math.max(2 * MINUTE, 10 * x.gap)));
    const least = Math.min(...quiet);
    // Whether it stopped is decided here, log by log: not by the generic "quiet before the end" of logRule.
    if (ongoing) {
      const still = timed.length ? [`not over: last seen ${humanDuration(least)} before its log ends`] : [];
      return { summary: `${countPhrase(hits)} report the pod network not ready.`, why: { firedBecause: [`${countPhrase(hits)} say NetworkReady=false`], ruledOut: still } };
    }
    return {
      summary: `${countPhrase(hits)} report the pod network not ready. It stopped in every log: last seen ${humanDuration(least)} or more before each log ends.`,
      severity: 'info',
      why: { firedBecause: [`${countPhrase(hits)} say NetworkReady=false`], ruledOut: [] },
    };
  },
});

export const sandboxNameReserved = logRule({
  id: 'sandbox-name-reserved',
  title: 'Pod sandbox creation retried while the previous attempt still runs',
  severity: 'warning',
  version: 1,
  resolvedAfterMs: 30 * MINUTE,
  sources: 'kubelet journal, containerd journal',
  meaning:
    'containerd still holds the sandbox name of an earlier RunPodSandbox call that has not finished (it timed out on the kubelet side). The pod stays ContainerCreating; the earlier call is usually stuck in CNI setup or on a slow disk.',
  remedy:
    'Find what the first RunPodSandbox waits on: CNI plugin processes (see cni-plugin-stdin-hang), IPAM, image pulls of the pause image, disk latency. Restarting containerd releases the name.',
  links: ['https://github.com/kubernetes/kubernetes/issues/107561', 'https://github.com/containerd/containerd/issues/10842'],
  signatures: [{ phrase: 'failed to reserve sandbox name', pattern: /failed to reserve sandbox name \\?"([^"\\]+)\\?": name \\?"[^"\\]+\\?" is reserved for \\?"([0-9a-f]{64})/, kinds: C }],
  describe: (hits) => ({ summary: `${countPhrase(hits)}: sandboxes ${distinct(hits, 1, 3)} are reserved by earlier, unfinished attempts.` }),
});

export const orphanedPodVolumes = logRule({
  id: 'orphaned-pod-volumes',
  title: 'Orphaned pod volumes left on disk',
  severity: 'info',
  version: 1,
  sources: 'kubelet journal',
  meaning:
    'The kubelet found directories of deleted pods whose volumes are still present (often a mount that could not be unmounted). It retries every cleanup cycle; the mounts pin storage and the log grows.',
  remedy:
    'For each pod UID, check /var/lib/kubelet/pods/<uid>/volumes for leftover mounts; unmount them and remove the directory once the volume is no longer in use.',
  links: ['https://github.com/kubernetes/kubernetes/issues/60987'],
  signatures: [{ phrase: 'orphaned pod', pattern: /[Oo]rphaned pod \\?"([0-9a-f-]{36})\\?" found, but (?:volume paths|volume subpaths|error not a directory) are still present on disk/, kinds: C }],
  describe: (hits) => ({ summary: `${countPhrase(hits)} about orphaned pods ${distinct(hits, 1, 3)}.`, severity: hits.length > 100 ? 'warning' : 'info' }),
});

export const cgroupRemoveFailed = logRule({
  id: 'cgroup-remove-failed',
  title: 'Cgroups of removed containers cannot be deleted',
  severity: 'warning',
  version: 1,
  sources: 'kubelet journal, containerd journal',
  meaning:
    'rmdir of a container or pod cgroup fails with "device or resource busy": a task is still in it (often in D state) or the kernel keeps it alive. Leaked cgroups add up: cAdvisor housekeeping costs more CPU, and on 3.10 kernels the memory cgroup limit is reached (see cgroup-kmem-leak).',
  remedy: 'Find the tasks still in the cgroup (cat .../cgroup.procs) and what they wait on; count cgroups in /proc/cgroups; reboot the node if they cannot be freed.',
  links: ['https://github.com/kubernetes/kubernetes/issues/109182', 'https://github.com/containerd/containerd/issues/11087'],
  signatures: [
    { phrase: 'Failed to remove cgroup', pattern: /Failed to remove cgroup.*?rmdir (\/sys\/fs\/cgroup\/\S+?):? device or resource busy/, kinds: C },
    { phrase: 'Failed to remove paths', pattern: /()Failed to remove paths: map\[/, kinds: C },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report cgroups that could not be removed.` }),
});

export const cgroupDriverMismatch = logRule({
  id: 'cgroup-driver-mismatch',
  title: 'kubelet and runtime use different cgroup drivers',
  severity: 'critical',
  version: 1,
  sources: 'kubelet journal',
  meaning: 'The kubelet is configured with one cgroup driver (cgroupfs or systemd) and the container runtime with the other; the kubelet refuses to start.',
  remedy: 'Use the same driver on both: cgroupDriver in the kubelet configuration and SystemdCgroup (containerd) or native.cgroupdriver (docker); systemd is recommended on systemd hosts.',
  links: ['https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/configure-cgroup-driver/'],
  signatures: [{ phrase: 'kubelet cgroup driver', pattern: /kubelet cgroup driver: \\?"(\w+)\\?" is different from docker cgroup driver: \\?"(\w+)\\?"/, kinds: C }],
  describe: (hits) => ({ summary: `kubelet uses the ${hits[0]?.match[1]} cgroup driver and docker ${hits[0]?.match[2]}: ${countPhrase(hits)}.` }),
});

export const cgroupV1Maintenance = logRule({
  id: 'cgroup-v1-maintenance',
  title: 'Node runs cgroup v1 (maintenance mode in Kubernetes)',
  severity: 'info',
  version: 1,
  sources: 'kubelet journal',
  meaning: 'Kubernetes put cgroup v1 support in maintenance mode (1.31); newer kubelets refuse to start on cgroup v1 unless failCgroupV1 is false.',
  remedy: 'Plan the move to cgroup v2 (a kernel ≥ 5.8, systemd with unified hierarchy, containerd ≥ 1.4).',
  links: ['https://kubernetes.io/docs/concepts/architecture/cgroups/'],
  signatures: [{ phrase: 'cgroup v1 support is in maintenance mode', pattern: /[Cc]group v1 support is in maintenance mode/, kinds: C }],
  describe: (hits) => ({ summary: `The kubelet warns that this node uses cgroup v1 (${countPhrase(hits)}).` }),
});

export const imagePullFailures = logRule({
  id: 'image-pull-failures',
  title: 'Image pulls fail',
  severity: 'warning',
  version: 2,
  resolvedAfterMs: 30 * MINUTE,
  sources: 'kubelet journal',
  meaning: 'The runtime could not pull an image: wrong name or tag, registry unreachable from the node (DNS, proxy, firewall), missing pull secret, or a registry certificate the node does not trust.',
  remedy:
    'Act on the cause the summary names (read from the runtime\'s error): a rate limit (authenticate the pulls or pull through a mirror), a name that does not resolve or a registry that does not answer (DNS, proxy, firewall from the node), an untrusted certificate (add the registry CA to the runtime), refused credentials (imagePullSecrets), a tag that does not exist. Then try crictl pull on the node.',
  links: ['https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff'],
  signatures: [{ phrase: 'PullImage from image service failed', pattern: /PullImage from image service failed.*?image="([^"]+)"/, kinds: C }, { phrase: 'Failed to pull image', pattern: /Failed to pull image \\?"([^"\\]+)\\?"/, kinds: C }],
  describe: (hits) => {
    const causes = causesText(PULL_CAUSES, hits.map((h) => ({ message: h.text, count: 1 })), 'line');
    return { summary: `${countPhrase(hits)} report failed pulls of ${distinct(hits, 1, 3)}.${causes ? ` ${causes}` : ''}` };
  },
});

export const clientSideThrottling = logRule({
  id: 'client-side-throttling',
  title: 'API client requests delayed by client-side throttling',
  severity: 'info',
  version: 1,
  sources: 'kubelet and component logs',
  meaning: 'A client (kubelet, kube-proxy, a controller) hit its own QPS/burst limit and waited before calling the API server. Long waits delay node status updates and watches.',
  remedy: 'Raise the client\'s kubeAPIQPS/kubeAPIBurst when waits exceed a second, or find the loop that issues the requests.',
  links: ['https://github.com/kubernetes/kubernetes/pull/80649'],
  signatures: [
    { phrase: 'due to client side throttling', pattern: /Waited for ([\d.]+m?s) due to client-side throttling/, kinds: C },
    { phrase: 'Throttling request took', pattern: /Throttling request took ([\d.]+m?s)/, kinds: C },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report throttled API requests.` }),
});

export const FAILED_TO_EXIT =
  /Container (?:([0-9a-f]{12,64}) )?failed to exit within (\d+)(?:s| seconds) of (signal \d+ - using the force|kill - trying direct SIGKILL)(?:".*?container=([0-9a-f]{12,64}))?/;

export const containerKillFailed = logRule({
  id: 'container-kill-failed',
  title: 'Container runtime cannot stop a container',
  severity: 'warning',
  version: 2,
  sources: 'docker/containerd journal',
  meaning:
    '"using the force" alone means the application ignored SIGTERM. "trying direct SIGKILL" repeated for the same container means even SIGKILL did not end it: its processes are stuck in the kernel (see stuck-container-exit).',
  remedy: 'Map the container id to its processes and read their /proc/<pid>/stack (this bundle has them when collected as root); for plain SIGTERM cases use an init (tini) and exec-form entrypoints.',
  links: ['https://github.com/moby/moby/issues/41676', 'https://github.com/moby/moby/issues/32938'],
  // Both dockerd formats: "Container <id> failed to exit within 10 seconds of ..." and
  // msg="Container failed to exit within 10s of ..." container=<id>.
  signatures: [{ phrase: 'failed to exit within', pattern: FAILED_TO_EXIT, kinds: C }],
  // A container SIGKILL did not end is a finding of its own; those that only ignored SIGTERM are one finding together.
  groupBy: (h) => (h.text.includes('trying direct SIGKILL') ? containerIdOf(h).slice(0, 12) : 'sigterm'),
  describe(hits) {
    const kills = hits.filter((h) => h.text.includes('trying direct SIGKILL')).length;
    if (kills === 0) {
      const ids = new Set(hits.map((h) => containerIdOf(h).slice(0, 12)));
      return { summary: `${ids.size} container${ids.size === 1 ? '' : 's'} ignored SIGTERM and had to be killed (${countPhrase(hits)}).`, severity: 'info' };
    }
    const id = containerIdOf(hits[0] as LogHit).slice(0, 12);
    return kills >= 2
      ? {
          summary: `Container ${id} survived SIGKILL ${kills} times: its processes are stuck in the kernel.`,
          severity: 'warning',
          why: { firedBecause: [`the runtime fell back to a direct SIGKILL ${kills} times for container ${id}`], ruledOut: ['an application that ignores SIGTERM: SIGKILL, which no process can ignore, did not end it either', 'a single slow exit: SIGKILL failed more than once'] },
        }
      : { summary: `Container ${id} needed a direct SIGKILL once.`, severity: 'info' };
  },
});

/** The container id a "failed to exit" line names (either dockerd format). */
export function containerIdOf(hit: LogHit): string {
  return hit.match[1] ?? hit.match[4] ?? '';
}

export const kubeProxyModeFallback = logRule({
  id: 'kube-proxy-mode-fallback',
  title: 'kube-proxy fell back from IPVS to iptables',
  severity: 'warning',
  version: 1,
  sources: 'kube-proxy logs',
  meaning: 'kube-proxy was configured for IPVS but could not use it (kernel modules missing, ipset absent) and runs in iptables mode; rules of the other mode may be left behind.',
  remedy: 'Load ip_vs, ip_vs_rr, ip_vs_wrr, ip_vs_sh and nf_conntrack on the node (and install ipset), or configure mode: iptables explicitly; clean stale rules with kube-proxy --cleanup.',
  links: ['https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-ipvs', 'https://github.com/kubernetes/kubernetes/issues/63801'],
  signatures: [
    { phrase: 'use ipvs proxier trying iptables proxier', pattern: /[Cc]an.t use ipvs proxier, trying iptables proxier/, kinds: C },
    { phrase: 'IPVS proxier will not be used', pattern: /IPVS proxier will not be used because the following required kernel modules are not loaded: \[([^\]]*)\]/, kinds: C },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)}: kube-proxy is not using IPVS${hits.find((h) => h.match[1]) ? ` (modules missing: ${hits.find((h) => h.match[1])?.match[1]})` : ''}.` }),
});

export const tooManyOpenFiles = logRule({
  id: 'too-many-open-files',
  title: 'Processes out of file descriptors or inotify instances',
  severity: 'warning',
  version: 1,
  sources: 'component logs',
  meaning:
    '"too many open files" without "in system" is a per-process limit: RLIMIT_NOFILE (EMFILE), or for inotify_init the per-user fs.inotify.max_user_instances. kubelet, containerd and log tailers stop watching files and accepting connections.',
  remedy: 'For inotify raise fs.inotify.max_user_instances (e.g. 8192); otherwise raise LimitNOFILE of the service and look for a descriptor leak (proc/<pid>/fd-count in this bundle).',
  links: ['https://man7.org/linux/man-pages/man7/inotify.7.html', 'https://github.com/kubermatic/kubermatic/issues/7490'],
  signatures: [{ phrase: 'too many open files', pattern: /(inotify_init1?|inotify_add_watch|fsnotify watcher|accept4?|open|socket|dial)\b[^:]*: too many open files(?! in system)/, kinds: C }],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report "too many open files" (${distinct(hits, 1)}).` }),
});

export const inotifyWatchesExhausted = logRule({
  id: 'inotify-watches-exhausted',
  title: 'inotify watches exhausted',
  severity: 'warning',
  version: 1,
  sources: 'component logs',
  meaning: 'inotify_add_watch fails with ENOSPC ("no space left on device") when fs.inotify.max_user_watches is reached, not when a disk is full. kubelet config/volume watchers and log followers stop working.',
  remedy: 'Raise fs.inotify.max_user_watches (e.g. 524288) via sysctl, and find the process holding most watches.',
  links: ['https://man7.org/linux/man-pages/man7/inotify.7.html'],
  signatures: [{ phrase: 'no space left on device', pattern: /inotify_add_watch (\S+?):? no space left on device/, kinds: C }],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report inotify_add_watch failing with ENOSPC.` }),
});

export const rancherAgentUnreachable = logRule({
  id: 'rancher-agent-cannot-reach-server',
  title: 'Rancher agent cannot reach the Rancher server',
  severity: 'warning',
  version: 1,
  sources: 'cattle-cluster-agent / cattle-node-agent logs',
  meaning:
    'The downstream cluster agent cannot connect to the Rancher server URL. The error tells the segment: "Could not resolve host" is DNS inside the cluster (CoreDNS does not know the name), "connection refused" or "timed out" is a firewall, load balancer or proxy on the way, "x509" is the CA.',
  remedy: 'For DNS, add the server name to CoreDNS (hosts block with fallthrough) or fix the upstream; for connection errors check each hop (nginx, firewalld, iptables) in the direction of the traffic; for x509 check the CA checksum.',
  links: ['https://ranchermanager.docs.rancher.com/troubleshooting/other-troubleshooting-tips/dns', 'https://github.com/rancher/rancher/issues/22625'],
  signatures: [
    { phrase: 'ping is not accessible', pattern: /ERROR: (https?:\/\/[^/\s]+)\/ping is not accessible \(([^)]*)\)/, kinds: C },
    { phrase: 'Failed to connect to proxy', pattern: /msg="Failed to connect to proxy"(?: url="([^"]+)")? error="([^"]+)"/, kinds: C },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)}: the Rancher agent cannot reach ${hits.find((h) => h.match[1])?.match[1] ?? 'the server'} (${hits.at(-1)?.match[2]}).` }),
});

/** The median time between timed hits of one log (ms), or null with fewer than three. */
function medianGap(hits: LogHit[]): number | null {
  const ts = hits.map((h) => h.ts).filter((t): t is number => t !== null).sort((a, b) => a - b);
  if (ts.length < 3) return null;
  const gaps = ts.slice(1).map((t, i) => t - (ts[i] as number)).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] as number;
}

/** Names a node gets when its hostname was never set: every such node registers as the same Node. */
const DEFAULT_HOSTNAME = /^(?:localhost(?:\.localdomain\d*)?|localhost\d*|\(none\))$/;
/** Before the first registration the kubelet says "not found" for a few seconds: a storm lasts longer. */
const NOT_FOUND_STORM_MS = 5 * MINUTE;
const NOT_FOUND_STORM_LINES = 100;
/** A failing registration retries every few seconds (node status every 10 s): a longer silence ends a burst. */
const NOT_FOUND_GAP_MS = MINUTE;
const NODE_NOT_FOUND = /[Nn]ode \\?"([^"\\\s]{1,253})\\?" not found/;

export const nodeNotFound = logRule({
  id: 'node-not-found',
  title: 'The kubelet cannot find its own Node object (not registered, or a default hostname)',
  severity: 'warning',
  version: 2,
  resolvedAfterMs: 30 * MINUTE,
  sources: 'kubelet journal and logs',
  meaning:
    'The kubelet looks up the Node object named after the host and the API server has none. For a few seconds after a first start this is normal (it registers the node next). When it goes on, registration fails (RBAC, certificates, a name the API server rejects), or the node was deleted; when the name is localhost or localhost.localdomain, the host\'s hostname was never set, so several machines claim the same Node (or none can register) and pods, status and certificates mix up.',
  remedy:
    'Give the host a unique hostname (hostnamectl set-hostname, cloud-init) or set --hostname-override, restart the kubelet and delete the stale Node; otherwise read the "Unable to register node" errors above the storm (RBAC, certificate, API server reachability).',
  links: ['https://kubernetes.io/docs/concepts/architecture/nodes/#self-registration-of-nodes', 'https://github.com/kubernetes/kubernetes/issues/71140'],
  signatures: [
    { phrase: 'error getting node', pattern: NODE_NOT_FOUND, kinds: C },
    { phrase: 'get node info', pattern: NODE_NOT_FOUND, kinds: C },
    { phrase: 'localhost localdomain not found', pattern: NODE_NOT_FOUND, kinds: C },
    { phrase: 'Unable to register node', pattern: /Unable to register node (?:with API server" err=.{0,200}?node=)?\\?"([^"\\\s]{1,253})\\?"/, kinds: C },
  ],
  groupBy: (h) => h.match[1] as string,
  describe(hits, view) {
    const name = hits[0]?.match[1] as string;
    const timed = hits.filter((h) => h.ts !== null).map((h) => h.ts as number);
    const span = timed.length ? Math.max(...timed) - Math.min(...timed) : -1;
    const runs = burstsOf(timed);
    const longest = Math.max(-1, ...runs);
    const quiet = quietBeforeEnd(view, hits);
    const defaultName = DEFAULT_HOSTNAME.test(name);
    const lineCount = `${hits.length} "node not found" line${hits.length === 1 ? '' : 's'}`;
    // A master's kubelet says "not found" hundreds of times while its own API server starts: a storm is
    // a long stretch, or many lines still coming when the log ends; by count alone only without times.
    const stillGoing = quiet !== null && quiet < NOT_FOUND_GAP_MS && hits.length >= NOT_FOUND_STORM_LINES;
    const storm = longest >= NOT_FOUND_STORM_MS || stillGoing || (longest < 0 && hits.length >= NOT_FOUND_STORM_LINES);
    const when = span <= 0 ? '' : runs.length > 1 ? ` in ${runs.length} bursts over ${humanDuration(span)}, the longest ${humanDuration(longest)}` : ` over ${humanDuration(span)}`;
    const summary = `The kubelet could not find node "${name}" ${hits.length} time${hits.length === 1 ? '' : 's'}${when}${defaultName ? ': the host kept the default hostname, so it registers (or fails to) under a name other machines share' : ''}.`;
    if (!storm && !defaultName) {
      const burst = runs.length > 1 ? 'Short bursts at kubelet starts' : 'A short burst at kubelet start';
      return { summary: `${summary} ${burst}, before it registers the node: normal.`, severity: 'info', why: { firedBecause: [lineCount], ruledOut: [] } };
    }
    const lasted =
      longest >= NOT_FOUND_STORM_MS ? `it went on for ${humanDuration(longest)} (5 min or more)`
      : stillGoing ? `it was still going when the log ends (${hits.length} lines${span >= 0 ? ` in ${humanDuration(span)}` : ''})`
      : `${hits.length} lines (${NOT_FOUND_STORM_LINES} or more, without times)`;
    return {
      summary,
      severity: defaultName && storm ? 'critical' : 'warning',
      why: {
        firedBecause: [defaultName ? `the node name is "${name}", a default hostname` : lineCount].concat(storm ? [lasted] : []),
        ruledOut: storm ? [`the start-up burst before registration: ${lasted}`] : [],
      },
    };
  },
});

/** Lengths (ms) of the stretches of these times with no gap over NOT_FOUND_GAP_MS: one per kubelet start. */
function burstsOf(times: number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  const runs: number[] = [];
  let start = sorted[0];
  for (let i = 1; i <= sorted.length; i++) {
    const t = sorted[i];
    const prev = sorted[i - 1] as number;
    if (t === undefined || t - prev > NOT_FOUND_GAP_MS) {
      runs.push(prev - (start as number));
      start = t;
    }
  }
  return runs;
}

export const KUBELET_RULES: Rule[] = [
  runtimeRpcDeadline, cniNotInitialized, sandboxNameReserved, orphanedPodVolumes, cgroupRemoveFailed,
  cgroupDriverMismatch, cgroupV1Maintenance, imagePullFailures, clientSideThrottling,
  containerKillFailed, kubeProxyModeFallback, tooManyOpenFiles, inotifyWatchesExhausted, rancherAgentUnreachable, nodeNotFound,
];
