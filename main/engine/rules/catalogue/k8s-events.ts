/**
 * Rules on what the API server recorded about pods: events (reason, count, first and last time) and
 * pod status (waiting and terminated reasons, restarts). One finding per problem, however many pods
 * have it: the scale and the worst objects in the summary, per-object detail in the evidence. Events
 * outlive their problem by an hour: a problem is above info only while it lasts (pod-state.ts), else
 * the finding is info and says why it passed.
 */
import type { K8sContainer, K8sEvent, K8sPod } from '../../../../shared/api/k8s';
import type { Evidence } from '../../../../shared/api/findings';
import { COMPONENT_LOG_KINDS, countPhrase, logRule, quietBeforeEnd, quoteHits } from '../log-rule';
import type { Detection, Rule } from '../types';
import { goDurationMs, humanDuration } from '../versions';
import type { BundleView, LogHit } from '../view';
import { events, pods } from './k8s-listings';
import { kubeletPodObject, splitLasting } from './pod-state';
import { appendTo } from '../../collections';
import { eventLines, podLines, type QuotedEvents } from './listing-lines';
import { causesText } from './causes';
import { PULL_CAUSES } from './image-pull-causes';
import { MOUNT_CAUSES } from './mount-causes';
import { EVICTION_CAUSES } from './eviction-causes';
import { SANDBOX_CAUSES } from './sandbox-causes';
import { lastWords } from './last-words';
import { commonMessage, evictionMessages, joinedDetail, latestMessageEnd, messagesOf, schedulerReasons } from './event-messages';

/** Events counted this many times (summed) say the problem repeats, not a one-off during a rollout. */
const REPEATED = 5;
/** Objects named in a summary; the evidence quotes a few more. */
const NAMED = 3;
const QUOTED = 5;

/** Events of one problem, grouped by the object they are about, most counted first. */
interface ObjectEvents extends QuotedEvents {
  /** `last` in ms UTC, when it parses. */
  lastMs: number | null;
}

function byObject(list: K8sEvent[]): ObjectEvents[] {
  const map = new Map<string, ObjectEvents>();
  for (const e of list) {
    const o = map.get(e.object) ?? { object: e.object, count: 0, first: e.firstTime, last: e.lastTime, lastMs: null, sample: e };
    o.count += e.count;
    if (e.firstTime && (!o.first || e.firstTime < o.first)) o.first = e.firstTime;
    if (e.lastTime && (!o.last || e.lastTime > o.last)) {
      o.last = e.lastTime;
      o.sample = e;
    }
    map.set(e.object, o);
  }
  for (const o of map.values()) {
    const ms = o.last ? Date.parse(o.last) : NaN;
    o.lastMs = Number.isFinite(ms) ? ms : null;
  }
  return [...map.values()].sort((a, b) => b.count - a.count || a.object.localeCompare(b.object));
}

function span(list: K8sEvent[]): { first: string | null; last: string | null } {
  const firsts = list.map((e) => e.firstTime).filter((t): t is string => t !== null).sort();
  const lasts = list.map((e) => e.lastTime).filter((t): t is string => t !== null).sort();
  return { first: firsts[0] ?? null, last: lasts.at(-1) ?? null };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const named = (names: string[], total: number) => `${names.slice(0, NAMED).join(', ')}${total > NAMED ? ` and ${total - NAMED} more` : ''}`;
const podName = (o: string) => o.replace(/^Pod\//, '');

/** Containers of the bundle's pods whose current or last state has one of these reasons. */
function containersIn(view: BundleView, reasons: RegExp, last = false): CurrentContainer[] {
  return pods(view).flatMap((pod) => pod.containers.flatMap((c) => {
    const reason = [c.reason, last ? c.lastState?.reason ?? null : null].find((r) => r !== null && reasons.test(r));
    return reason ? [{ pod, c, reason }] : [];
  }));
}

interface EventRuleSpec {
  /** The events of the problem. */
  test: (e: K8sEvent) => boolean;
  /** Pod containers in the problem's state now. */
  current: (view: BundleView) => CurrentContainer[];
  what: string;
  /** One more line of the summary from the events (a common message) and the pods in that state now. */
  detail?: (list: K8sEvent[], now: CurrentContainer[]) => string | null;
}

/** A pod's container in the problem's state at collection. */
interface CurrentContainer {
  pod: K8sPod;
  c: K8sContainer;
  reason: string;
}

/** The one finding of an event/pod-status problem, or none. */
function eventProblem(view: BundleView, spec: EventRuleSpec): Detection[] {
  const list = events(view).filter(spec.test);
  const now = spec.current(view);
  if (list.length === 0 && now.length === 0) return [];
  const objects = byObject(list);
  const total = list.reduce((n, e) => n + e.count, 0);
  const { first, last } = span(list);
  const podsNow = [...new Set(now.map((x) => `${x.pod.namespace}/${x.pod.name}`))];
  // Does it last? Each pod the events name, checked in the pod status (and against a stated collection time).
  const split = splitLasting(view, objects);
  const unwell = split.lasting.filter((o) => split.states.get(o)?.now === 'unwell');
  const lastingTotal = split.lasting.reduce((n, o) => n + o.count, 0);
  const repeated = lastingTotal >= REPEATED;
  const loud = repeated || now.length > 0 || unwell.length > 0;
  const unwellSet = new Set(unwell);
  const worstObjects = [...unwell, ...split.lasting.filter((o) => !unwellSet.has(o)), ...split.passed];
  const worst = podsNow.length ? podsNow : worstObjects.map((o) => `${podName(o.object)} (${o.count})`);
  const said = [
    list.length ? `${plural(total, 'event')} on ${plural(objects.length, 'object')}${first && last ? ` from ${first} to ${last}` : ''}` : '',
    now.length ? `${plural(podsNow.length, 'pod')} in that state now (${named(podsNow, podsNow.length)})` : '',
  ].filter(Boolean);
  const detail = spec.detail?.(list, now);
  const evidence = [
    ...eventLines(view, worstObjects.slice(0, QUOTED).map((o) => ({ o, now: split.states.get(o)?.said }))),
    ...podLines(view, now.slice(0, objects.length ? 2 : QUOTED).map((x) => ({ pod: x.pod, note: `container ${x.c.name}: ${x.reason}${x.c.message ? ` (${x.c.message.slice(0, 120)})` : ''}` }))),
  ];
  const passedNote = !loud && split.why ? ` Passed: ${split.why}.` : '';
  return [{
    summary: `${spec.what}: ${said.join('; ')}. Most: ${named(worst, worst.length)}.${detail ? ` ${detail}` : ''}${passedNote}`,
    severity: loud ? undefined : 'info',
    evidence,
    why: {
      firedBecause: [
        ...(list.length ? [`${plural(total, 'event')} (${[...new Set(list.map((e) => e.reason))].join(', ')}) on ${plural(objects.length, 'object')}`] : []),
        ...(now.length ? [`${plural(podsNow.length, 'pod')} in that state in the pod status`] : []),
        ...(loud ? split.because : []),
      ],
      ruledOut: loud
        ? [
            `a one-off during a rollout: ${now.length ? 'pods are in that state at collection' : unwell.length ? 'pods the events name are not Running and Ready at collection' : `the events were counted ${lastingTotal} times`}`,
            ...(split.why ? [`(not counted: ${split.why})`] : []),
          ]
        : [
            split.why
              ? `a lasting problem: ${split.why}`
              : `a lasting problem: ${plural(lastingTotal, 'event')}, fewer than ${REPEATED}, and no pod in that state now`,
          ],
    },
  }];
}

const IMAGE_PULL_EVENT = /Back-off pulling image|ErrImagePull|ImagePullBackOff|Failed to pull image|ErrImageNeverPull|InvalidImageName/;

export const imagePullBackoff: Rule = {
  id: 'image-pull-backoff',
  title: 'Pods cannot pull their images (ErrImagePull, ImagePullBackOff)',
  severity: 'warning',
  version: 4,
  sources: 'k8s events (Failed, BackOff), pod status (waiting reason; every pod named: Running and Ready means it passed)',
  meaning: 'The kubelet cannot pull a container image and backs off between attempts: the pod never starts. The image name or tag is wrong, the registry is unreachable from the node (DNS, proxy, firewall, air gap), credentials (imagePullSecrets) are missing, or the registry\'s certificate is not trusted.',
  remedy: 'Read the pull error in the events (kubectl describe pod): try crictl pull <image> on the node; fix the name/tag, the pull secret, the registry CA or the proxy; in air-gapped installs, push the image to the local registry.',
  links: ['https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff', 'https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/'],
  detect: (view) => eventProblem(view, {
    what: 'Image pulls fail',
    test: (e) => (e.reason === 'Failed' || e.reason === 'BackOff' || e.reason === 'ErrImagePull' || e.reason === 'InspectFailed') && IMAGE_PULL_EVENT.test(e.message ?? ''),
    current: (view) => containersIn(view, /^(?:ImagePullBackOff|ErrImagePull|ErrImageNeverPull|InvalidImageName)$/),
    detail: (list) => joinedDetail(causesText(PULL_CAUSES, messagesOf(list), 'event'), commonMessage(list)),
  }),
};

export const failedMount: Rule = {
  id: 'failed-mount',
  title: 'Volumes cannot be attached or mounted (FailedMount)',
  severity: 'warning',
  version: 4,
  sources: 'k8s events (FailedMount, FailedAttachVolume), pod status (every pod named: Running and Ready means it passed)',
  meaning: 'The kubelet cannot mount (or the attach/detach controller cannot attach) a pod\'s volume: a missing Secret or ConfigMap, a PVC not bound, a CSI driver not running on the node, an NFS/iSCSI/Ceph server unreachable, a volume still attached elsewhere. The pod stays ContainerCreating.',
  remedy: 'Act on the cause the summary names (read from the event messages): create the missing Secret/ConfigMap, check the PVC and its StorageClass, the CSI node plugin pod on this node, the storage server from the node; for Multi-Attach errors, wait for or force the detach from the old node.',
  links: ['https://kubernetes.io/docs/concepts/storage/volumes/', 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/'],
  detect: (view) => eventProblem(view, {
    what: 'Volumes fail to mount',
    test: (e) => e.reason === 'FailedMount' || e.reason === 'FailedAttachVolume' || e.reason === 'FailedMapVolume',
    current: () => [],
    detail: (list) => joinedDetail(causesText(MOUNT_CAUSES, messagesOf(list), 'event'), commonMessage(list)),
  }),
};

export const oomKilled: Rule = {
  id: 'oom-killed',
  title: 'Containers killed at their memory limit (OOMKilled)',
  severity: 'warning',
  version: 4,
  sources: 'pod status (terminated and last state reasons), k8s events (OOMKilling)',
  meaning: 'A container was killed by the kernel because its memory cgroup reached the container\'s memory limit (exit code 137, reason OOMKilled). It restarts, and crash-loops if it keeps doing so.',
  remedy: 'Compare the limit with the container\'s real use (kubectl top, metrics); raise the limit or fix the leak; for JVMs and runtimes that size their heap from the host, make them container-aware.',
  links: ['https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/#exceed-a-container-s-memory-limit'],
  detect: (view) => eventProblem(view, {
    what: 'Containers were OOMKilled',
    test: (e) => e.reason === 'OOMKilling' || e.reason === 'OOMKilled',
    current: (view) => containersIn(view, /^OOMKilled$/, true),
    detail: (_list, now) => memoryLimitsText(now),
  }),
};

export const podEvicted: Rule = {
  id: 'pod-evicted',
  title: 'Pods evicted by the kubelet',
  severity: 'warning',
  version: 4,
  sources: 'pod status (reason Evicted), k8s events (Evicted)',
  meaning: 'The kubelet evicted pods to reclaim a resource the node ran short of (memory, ephemeral storage, inodes, PIDs). Evicted pods stay in the listing as Failed until deleted; their workloads were restarted elsewhere or wait.',
  remedy: 'Act on the resource the summary names (from the eviction messages); see memory-pressure, disk-pressure, inode-exhaustion, pid-exhaustion; set requests that match use, limit ephemeral storage, and delete the Failed pods.',
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/'],
  detect: (view) => eventProblem(view, {
    what: 'Pods were evicted',
    test: (e) => e.reason === 'Evicted',
    // The pod's own message says what it was evicted for: quoted beside its status.
    current: (view) => pods(view).filter((p) => p.reason === 'Evicted').map((pod) => {
      const c = pod.containers[0] ?? ({ name: '-', message: null } as K8sContainer);
      return { pod, c: { ...c, message: pod.message ?? c.message }, reason: 'Evicted' };
    }),
    detail: (list, now) => joinedDetail(causesText(EVICTION_CAUSES, evictionMessages(list, now), 'pod'), commonMessage(list)),
  }),
};

export const failedScheduling: Rule = {
  id: 'failed-scheduling',
  title: 'Pods cannot be scheduled (FailedScheduling)',
  severity: 'warning',
  version: 4,
  sources: 'k8s events (FailedScheduling), pod status (every pod named: Running and Ready means it passed)',
  meaning: 'The scheduler found no node for a pod: not enough CPU or memory requests free, taints without tolerations, node selectors or affinity nobody matches, unbound PVCs, nodes NotReady. The pod stays Pending.',
  remedy: 'Read the scheduler\'s message ("0/3 nodes are available: …"): free or add capacity, fix the selector/affinity/toleration, bind the PVC, or bring the nodes back to Ready.',
  links: ['https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/', 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/#my-pod-stays-pending'],
  detect: (view) => eventProblem(view, {
    what: 'Pods cannot be scheduled',
    test: (e) => e.reason === 'FailedScheduling',
    current: () => [],
    detail: (list) => joinedDetail(schedulerReasons(list), commonMessage(list)),
  }),
};

/** What the rule is, whichever of its two sources finds it. */
const SANDBOX_RULE: Omit<Rule, 'detect'> = {
  id: 'pod-sandbox-failed',
  title: 'Pods cannot get a sandbox or a network (FailedCreatePodSandBox)',
  severity: 'warning',
  version: 1,
  sources: 'k8s events (FailedCreatePodSandBox), pod status (every pod named: Running and Ready means it passed); without events, the kubelet journal',
  meaning: 'The runtime could not create the pod\'s sandbox: most often its CNI plugin failed to give it a network (the address range on the node exhausted, the plugin\'s agent not running, the plugin unable to reach the API server). The pod stays ContainerCreating and the kubelet retries.',
  remedy: 'Act on the cause the summary names (from the CNI plugin\'s words at the end of the message): free or widen the node\'s pod CIDR or IP pool, restart the CNI node agent (calico-node, flannel, multus), check the plugin\'s credentials and its route to the API server; a pod deleted meanwhile needs nothing.',
  links: ['https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/', 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/'],
};

/**
 * The kubelet's line for each failed attempt (remote_runtime.go, klog and structured forms). A name
 * still reserved by an unfinished attempt is sandbox-name-reserved's finding, not this one.
 */
const sandboxLines = logRule({
  ...SANDBOX_RULE,
  resolvedAfterMs: 30 * 60_000,
  signatures: [{ phrase: 'RunPodSandbox from runtime service failed', pattern: /RunPodSandbox from runtime service failed/, kinds: COMPONENT_LOG_KINDS }],
  accept: (hit) => !hit.text.includes('failed to reserve sandbox name'),
  describe: (hits) => {
    const causes = causesText(SANDBOX_CAUSES, hits.map((h) => ({ message: h.text, count: 1 })), 'line');
    return { summary: `${countPhrase(hits)} report pod sandboxes the runtime could not create.${causes ? ` ${causes}` : ''}` };
  },
});

export const podSandboxFailed: Rule = {
  ...SANDBOX_RULE,
  // A bundle with the cluster's events says it from them; a node's own bundle, from the kubelet's lines.
  detect: (view) => {
    const fromEvents = eventProblem(view, {
      what: 'Pod sandboxes fail',
      test: (e) => e.reason === 'FailedCreatePodSandBox',
      current: () => [],
      detail: (list) => joinedDetail(causesText(SANDBOX_CAUSES, messagesOf(list), 'event'), latestMessageEnd(list)),
    });
    return fromEvents.length ? fromEvents : sandboxLines.detect(view);
  },
};

const CRASHLOOP_LINE = /CrashLoopBackOff: \\?"back-off (\S+) restarting failed container=(\S+) pod=([^(\\"]+)/;
const CRASHLOOP_STOPPED_MS = 30 * 60_000;
const LONG_BACKOFF_MS = 160_000;

export const crashLoopBackOff: Rule = {
  id: 'crashloop-backoff',
  title: 'Containers in CrashLoopBackOff',
  severity: 'warning',
  version: 6,
  sources: 'kubelet journal, pod status (waiting reason, restarts; every pod named), k8s events (BackOff), the collection time when the bundle states it',
  meaning: 'A container keeps exiting and the kubelet waits longer and longer (up to 5 minutes) before each restart.',
  remedy: 'Read the container\'s last lines (quoted below when the bundle has its log; else kubectl logs --previous) and its last termination reason (OOMKilled, Error, exit code).',
  links: ['https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts'],
  detect(view) {
    const hits = view.searchLogs({ phrase: 'CrashLoopBackOff', pattern: CRASHLOOP_LINE, kinds: COMPONENT_LOG_KINDS });
    const list = events(view).filter((e) => e.reason === 'BackOff' && /restarting failed container/.test(e.message ?? ''));
    const now = containersIn(view, /^CrashLoopBackOff$/);
    if (hits.length === 0 && list.length === 0 && now.length === 0) return [];
    // Per container: log lines, and the restarts the pod status counts.
    const fromLogs = new Map<string, LogHit[]>();
    for (const h of hits) {
      const key = `${(h.match[3] as string).trim()}/${h.match[2]}`;
      appendTo(fromLogs, key, h);
    }
    const objects = byObject(list);
    // Does it last? Every pod the logs and events name, checked in the pod status (and the stated collection time).
    const logPods = new Map<string, { object: string; lastMs: number | null; hits: LogHit[] }>();
    for (const h of hits) {
      const object = kubeletPodObject(h.match[3] as string);
      const p = logPods.get(object) ?? { object, lastMs: null, hits: [] };
      p.hits.push(h);
      if (h.ts !== null && (p.lastMs === null || h.ts > p.lastMs)) p.lastMs = h.ts;
      logPods.set(object, p);
    }
    const objectLast = new Map(objects.map((o) => [o.object, o.lastMs]));
    const named_ = [...new Set([...objects.map((o) => o.object), ...logPods.keys()])].map((object) => {
      const lastMs = Math.max(objectLast.get(object) ?? -Infinity, logPods.get(object)?.lastMs ?? -Infinity);
      return { object, lastMs: Number.isFinite(lastMs) ? lastMs : null };
    });
    const split = splitLasting(view, named_, true);
    const lastingSet = new Set(split.lasting.map((o) => o.object));
    const unwell = split.lasting.filter((o) => split.states.get(o)?.now === 'unwell');
    const lastingHits = hits.filter((h) => lastingSet.has(kubeletPodObject(h.match[3] as string)));
    const lastingTotal = objects.filter((o) => lastingSet.has(o.object)).reduce((n, o) => n + o.count, 0);
    const containers = new Set([...fromLogs.keys(), ...now.map((x) => `${x.pod.name}_${x.pod.namespace}/${x.c.name}`)]);
    const podsNow = now.map((x) => ({ name: `${x.pod.namespace}/${x.pod.name}`, container: x.c.name, restarts: x.c.restartCount, x })).sort((a, b) => b.restarts - a.restarts);
    const worstLogs = [...fromLogs.entries()].sort((a, b) => b[1].length - a[1].length);
    const worst = podsNow.length
      ? podsNow.map((p) => `${p.name} (${p.container}, ${plural(p.restarts, 'restart')})`)
      : objects.length ? [...objects].sort((a, b) => Number(lastingSet.has(b.object)) - Number(lastingSet.has(a.object))).map((o) => `${podName(o.object)} (${plural(o.count, 'back-off')})`) : worstLogs.map(([k, v]) => `${k} (${plural(v.length, 'line')})`);
    // One key per pod whoever names it (the kubelet's name_namespace, an event's or a status's object).
    const podCount = new Set([...named_.map((n) => n.object), ...now.map((x) => `Pod/${x.pod.namespace}/${x.pod.name}`)]).size;
    // A container that finishes its work (exit 0) is restarted by its pod's policy and backs off like a
    // crashing one: work that ends, run in a DaemonSet or Deployment (Sonobuoy's plugins), not a crash.
    const completing = podsNow.filter((p) => p.x.c.lastState?.exitCode === 0);
    const crashingNow = podsNow.length - completing.length;
    const quiet = lastingHits.length ? quietBeforeEnd(view, lastingHits) : null;
    const stopped = podsNow.length === 0 && lastingTotal === 0 && unwell.length === 0 && quiet !== null && quiet >= CRASHLOOP_STOPPED_MS;
    const total = list.reduce((n, e) => n + e.count, 0);
    const said = [
      hits.length ? `the kubelet logged back-offs for ${plural(fromLogs.size, 'container')} (${countPhrase(hits)})` : '',
      list.length ? `${plural(total, 'BackOff event')} on ${plural(objects.length, 'pod')}` : '',
      podsNow.length ? `${plural(podsNow.length, 'container')} in CrashLoopBackOff now` : '',
    ].filter(Boolean);
    // The back-off doubles from 10 s at each crash in a row: 2m40s and more means five or more in a row,
    // not the one or two crashes of containers waiting for a dependency at start-up.
    const longest = Math.max(0, ...lastingHits.map((h) => goDurationMs(h.match[1] as string) ?? 0));
    const looping = longest >= LONG_BACKOFF_MS;
    const loud = !stopped && (crashingNow > 0 || unwell.length > 0 || lastingTotal >= REPEATED || (looping && lastingHits.length >= 2));
    const one = podCount === 1 && containers.size <= 1;
    const quotedPods = podsNow.slice(0, 3);
    const statusLines = podLines(view, quotedPods.map((p) => ({ pod: p.x.pod, note: `container ${p.container}: CrashLoopBackOff, ${plural(p.restarts, 'restart')}${p.x.c.lastState?.reason ? `, last ${p.x.c.lastState.reason}${p.x.c.lastState.exitCode !== null ? ` (exit ${p.x.c.lastState.exitCode})` : ''}` : ''}` })));
    const words = quotedPods.map((p) => lastWords(view, p.x.pod.namespace, p.x.pod.name, p.container));
    const evidence = [
      // Each pod's status, then what its container said last (its log in the bundle).
      ...quotedPods.flatMap((p, k) => [statusLines[k] as Evidence, ...(words[k]?.evidence ?? [])]),
      ...eventLines(view, objects.slice(0, 3).map((o) => ({ o, now: split.states.get(named_.find((n) => n.object === o.object) as (typeof named_)[number])?.said }))),
      ...worstLogs.slice(0, QUOTED).flatMap(([, v]) => quoteHits(v, 2)),
    ];
    const finished = completing.length ? `${completing.length === podsNow.length ? 'they' : `${plural(completing.length, 'container')} of them`} exited 0 (Completed) and were restarted by their pod's policy: work that ends, not a crash` : '';
    const passed = !loud && !stopped && (split.why || finished) ? ` Passed: ${[finished, split.why].filter(Boolean).join('; ')}.` : '';
    return [{
      summary: `${one ? 'A container is' : `${plural(Math.max(containers.size, podCount), 'container')} in ${plural(podCount, 'pod')} are`} crash-looping: ${said.join('; ')}. ${one ? 'It is' : 'Most'}: ${named(worst, worst.length)}.${lastSaid(quotedPods[0]?.container, words[0]?.said)}${stopped ? ` It stopped: last seen ${humanDuration(quiet as number)} before the log ends.` : ''}${passed}`,
      severity: loud ? undefined : 'info',
      evidence,
      why: {
        firedBecause: [...said, ...(loud ? split.because : [])],
        ruledOut: loud
          ? [
              podsNow.length ? 'a past episode: containers are in CrashLoopBackOff at collection'
                : unwell.length ? 'a past episode: pods that backed off are not Running and Ready at collection'
                : lastingTotal >= REPEATED ? `a single restart: ${lastingTotal} back-off events`
                : `a start-up crash or two: the back-off reached ${humanDuration(longest)} (five or more crashes in a row)`,
              ...(split.why ? [`(not counted: ${split.why})`] : []),
            ]
          : [finished && !split.why ? `a crash loop: ${finished}` : split.why ? `a lasting crash loop: ${split.why}` : stopped ? `a lasting crash loop: no back-off in the last ${humanDuration(quiet as number)} of the log` : `a lasting crash loop: ${plural(lastingTotal, 'back-off event')} and a back-off of at most ${humanDuration(longest)}, no container in CrashLoopBackOff now`],
      },
    }];
  },
};

/** "Their memory limits: ns/web-1 main 256Mi, …": the limit each OOMKilled container reached (or has none). */
function memoryLimitsText(now: CurrentContainer[]): string | null {
  if (!now.length) return null;
  const each = now.slice(0, NAMED).map((x) => `${x.pod.namespace}/${x.pod.name} ${x.c.name} ${x.c.memoryLimit ?? 'no limit (the node\'s memory)'}`);
  return `Their memory limits: ${each.join(', ')}${now.length > NAMED ? ` and ${now.length - NAMED} more` : ''}.`;
}

/** " Container web's run ended on: "…"." when its log says what went wrong. */
function lastSaid(container: string | undefined, said: string | null | undefined): string {
  return container && said ? ` Container ${container}'s run ended on: "${said}".` : '';
}

export const K8S_EVENT_RULES: Rule[] = [crashLoopBackOff, imagePullBackoff, failedMount, podSandboxFailed, oomKilled, podEvicted, failedScheduling];
