import type { Evidence } from '../../../../shared/api/findings';
import type { ProcessRow, ThreadStateRow } from '../../../../shared/api/processes';
import { dStateGroups } from '../../processes/groups';
import { processesOf, threadSamplesOf } from '../../processes/api';
import { threadStatesOf } from '../../processes/thread-samples';
import { blockingCause, type BlockingCause } from '../kernel-frames';
import { COMPONENT_LOG_KINDS, quoteHits } from '../log-rule';
import type { Detection, Rule } from '../types';
import type { BundleView, LogHit } from '../view';
import { containerIdOf, FAILED_TO_EXIT } from './kubelet';
import { appendTo } from '../../collections';

function processes(view: BundleView): ProcessRow[] {
  return view.memo('processes', () => processesOf(view.db, view.bundleId).processes);
}

/** A per-pid file quoted whole (a stack), or one line of it (State:). */
function pidFile(view: BundleView, pid: number, file: string, pick?: RegExp, note?: string): Evidence | null {
  const a = view.artifact(`proc/${pid}/${file}`);
  if (!a) return null;
  const lines = view.lines(a);
  if (pick) {
    const i = lines.findIndex((l) => pick.test(l));
    return i < 0 ? null : { artifact: a.path, line: i + 1, lineEnd: i + 1, text: lines[i] as string, note: note ?? null };
  }
  return { artifact: a.path, line: lines.length ? 1 : null, lineEnd: lines.length || null, text: lines.join('\n'), note: note ?? null };
}

function causeOf(p: ProcessRow): BlockingCause | null {
  if (p.stack?.length) return blockingCause(p.stack.map((f) => f.fn));
  return p.wchan ? blockingCause([p.wchan]) : null;
}

function label(p: ProcessRow): string {
  return `${p.command} (pid ${p.pid})`;
}

const inZap = (p: ProcessRow) => p.wchan === 'zap_pid_ns_processes' || (p.stack ?? []).some((f) => f.fn === 'zap_pid_ns_processes');

/** Tasks of the PID namespace whose init is `init`: same pid-namespace inode, or its children. */
function namespaceMembers(all: ProcessRow[], init: ProcessRow): ProcessRow[] {
  const ns = init.namespaces.pid;
  return all.filter((p) => p.pid !== init.pid && ((ns && p.namespaces.pid === ns) || p.ppid === init.pid));
}

/** dockerd/containerd "failed to exit" lines about this container (12-character id prefix). */
function exitFailures(view: BundleView, containerId: string | null): LogHit[] {
  if (!containerId) return [];
  const all = view.memo('failed-to-exit', () => view.searchLogs({
    phrase: 'failed to exit within',
    pattern: FAILED_TO_EXIT,
    kinds: COMPONENT_LOG_KINDS,
  }));
  return all.filter((h) => containerIdOf(h).slice(0, 12) === containerId.slice(0, 12));
}

export const stuckContainerExit: Rule = {
  id: 'stuck-container-exit',
  title: 'Container cannot exit: its init waits for a task stuck in the kernel',
  severity: 'critical',
  version: 3,
  sources: 'proc/<pid>/stack, wchan, status, ns, cgroup; proc/thread-samples.txt; dockerd/containerd journal',
  meaning:
    'When PID 1 of a container exits, the kernel kills every other task of its PID namespace and waits for them in zap_pid_ns_processes. A task in uninterruptible sleep (D) never dies, so the container never finishes exiting: docker/crictl stop and kill -9 do nothing, the pod stays Terminating. The blocked task tells the cause: sync() of every filesystem (s6-overlay ≤ 1.21.8.0 runs s6-sync on exit), a CephFS/NFS request that needs a network namespace already torn down, a dead disk.',
  remedy:
    'Do not look at PID 1: fix what the D-state task waits on. For s6-sync, upgrade s6-overlay to ≥ 1.22.0.0 (sync off by default) and find the filesystem that makes sync hang; for Ceph, evict the client on the MDS and force-unmount (umount -f -l); for NFS, bring the server back. If the wait cannot be satisfied, drain and reboot the node.',
  links: [
    'https://github.com/moby/moby/issues/31614',
    'https://github.com/just-containers/s6-overlay/issues/244',
    'https://github.com/torvalds/linux/blob/master/kernel/pid_namespace.c',
  ],
  detect(view): Detection[] {
    const all = processes(view);
    return all.filter(inZap).map((init) => {
      const members = namespaceMembers(all, init);
      const stuck = members.filter((p) => p.state === 'D');
      const unchecked: string[] = [];
      if (members.length === 0) unchecked.push(`no other task of pid ${init.pid}'s PID namespace was collected`);
      const evidence: Evidence[] = [pidFile(view, init.pid, 'stack', /zap_pid_ns_processes/, 'container init waiting for its PID namespace') ?? pidFile(view, init.pid, 'wchan')].filter((e): e is Evidence => e !== null);
      const said: string[] = [];
      for (const child of stuck.slice(0, 3)) {
        const cause = causeOf(child);
        if (!child.stack) unchecked.push(`kernel stack of pid ${child.pid} not collected`);
        const gone = child.netNamespaceGone;
        const sampled = sampledD(view);
        const seen = sampled ? [...sampled.stuck, ...sampled.transient].find((t) => t.pid === child.pid && t.tid === child.pid) : undefined;
        const samples = sampled && seen ? `; the thread samples saw it in D in ${seen.states.D}/${sampled.samples} samples (at least ${(seen.longestDMs / 1000).toFixed(1)} s in a row)` : '';
        said.push(`${label(child)} is in D state waiting on ${cause ? `${cause.cause} (${cause.frame})` : 'an unknown kernel function'}${samples}${gone === true ? '; its network namespace is already gone' : gone === false ? '; its network namespace still exists' : ''}`);
        if (gone === null) unchecked.push(`namespaces of pid ${child.pid} not collected`);
        evidence.push(...[
          pidFile(view, child.pid, 'status', /^State:/),
          pidFile(view, child.pid, 'stack', undefined, cause ? `blocked in ${cause.frame}` : undefined),
          gone === true ? pidFile(view, child.pid, 'ns', undefined, 'no net: line: the network namespace is gone') : null,
        ].filter((e): e is Evidence => e !== null));
      }
      const containerId = init.cgroup?.containerId ?? null;
      const failures = exitFailures(view, containerId);
      evidence.push(...quoteHits(failures, 4));
      const container = containerId ? `container ${containerId.slice(0, 12)}` : 'a container';
      const summary = [
        `${label(init)}, init of ${container}, waits in zap_pid_ns_processes for its PID namespace to empty.`,
        stuck.length ? `${said.join('. ')}.` : 'No task of its namespace in D state was collected.',
        failures.length ? `The runtime failed to stop ${container} ${failures.length} time${failures.length === 1 ? '' : 's'}.` : '',
      ].filter(Boolean).join(' ');
      const why = {
        firedBecause: [`${label(init)} waits in zap_pid_ns_processes (kernel stack)`, ...(failures.length ? [`the runtime failed to stop ${container} ${failures.length} time${failures.length === 1 ? '' : 's'}`] : [])],
        ruledOut: stuck.length ? [`an init that is just exiting: ${stuck.length} task${stuck.length === 1 ? '' : 's'} of its PID namespace ${stuck.length === 1 ? 'is' : 'are'} in D state and cannot die`] : [],
      };
      return { summary, evidence, unchecked, severity: stuck.length ? 'critical' : 'warning', why };
    });
  },
};

const RUNTIME_COMMANDS = /^(kubelet|dockerd|containerd|containerd-shim.*|runc|crio|conmon)$/;

/** Sampled threads (proc/thread-samples.txt) in D in at least 80% of at least 3 samples: stuck, not passing I/O. */
interface SampledD {
  samples: number;
  spanMs: number;
  stuck: ThreadStateRow[];
  transient: ThreadStateRow[];
}

function sampledD(view: BundleView): SampledD | null {
  return view.memo('sampled-d', () => {
    const parsed = threadSamplesOf(view.db, view.bundleId);
    if (!parsed || parsed.samples < 3) return null;
    const inD = threadStatesOf(parsed).threads.filter((t) => (t.states.D ?? 0) > 0);
    const stuck = inD.filter((t) => (t.states.D ?? 0) >= Math.max(3, Math.ceil(0.8 * parsed.samples)));
    const stuckSet = new Set(stuck);
    return { samples: parsed.samples, spanMs: parsed.spanMs, stuck, transient: inD.filter((t) => !stuckSet.has(t)) };
  });
}

function whereD(t: ThreadStateRow): string {
  const b = t.buckets.find((x) => x.state === 'D');
  if (!b) return 'an unknown wait';
  const cause = b.stack?.length ? blockingCause(b.stack) : b.wchan ? blockingCause([b.wchan]) : null;
  const at = cause ? `${cause.cause} (${cause.frame})` : b.wchan ?? 'an unknown wait';
  return b.syscall && b.syscall !== 'none' ? `${at}, in ${b.syscall}()` : at;
}

/** The first sample line of a thread in D, quoted from proc/thread-samples.txt. */
function sampleLine(view: BundleView, t: ThreadStateRow, note: string): Evidence | null {
  const a = view.artifact('proc/thread-samples.txt');
  if (!a) return null;
  const lines = view.lines(a);
  const prefix = `${t.pid} ${t.tid} D `;
  const i = lines.findIndex((l) => l.startsWith(prefix));
  return i < 0 ? null : { artifact: a.path, line: i + 1, lineEnd: i + 1, text: lines[i] as string, note };
}

export const dStateProcesses: Rule = {
  id: 'd-state-processes',
  title: 'Processes in uninterruptible sleep (D state)',
  severity: 'warning',
  version: 3,
  sources: 'proc/<pid>/stat, status, wchan, stack; proc/thread-samples.txt (every thread sampled through the sample window)',
  meaning:
    'Tasks in D state wait inside the kernel and cannot be interrupted or killed until the wait ends. A few for an instant is normal I/O; many with the same stack, or the kubelet or container runtime among them, mean a stuck filesystem, disk or lock: load average rises without CPU use, containers cannot stop.',
  remedy: 'Read the shared kernel stack of the biggest group: it names what they wait on (NFS, Ceph, a filesystem journal, disk, a namespace lock); fix that dependency or drain and reboot the node.',
  links: ['https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html', 'https://docs.kernel.org/admin-guide/sysctl/kernel.html#hung-task-timeout-secs'],
  detect(view) {
    const all = processes(view);
    // One read of stat is one instant: a task between two sleeps can read D. status (read just after)
    // and the kernel stack say whether it really waits uninterruptibly.
    const inD = all.filter((p) => p.state === 'D');
    const transient = inD.map((p) => ({ p, why: contradiction(p) })).filter((x): x is { p: ProcessRow; why: string } => x.why !== null);
    const onlyAnInstant = new Set(transient.map((t) => t.p));
    const confirmed = inD.filter((p) => !onlyAnInstant.has(p));
    const ruledOut = transient.length
      ? [`${transient.length} task${transient.length === 1 ? '' : 's'} whose stat read D for an instant: ${transient.slice(0, 3).map((t) => `${label(t.p)}: ${t.why}`).join('; ')}`]
      : [];
    const groups = dStateGroups(confirmed);
    const sampled = sampledD(view);
    if (groups.length === 0 && !sampled?.stuck.length) {
      if (transient.length === 0) return [];
      return [{
        summary: `stat read D for ${transient.map((t) => label(t.p)).slice(0, 4).join(', ')}, but ${transient.length === 1 ? 'its' : 'their'} status and stack show an interruptible wait: a transient sample, not a stuck task.`,
        severity: 'info',
        evidence: transient.slice(0, 3).flatMap((t) => [pidFile(view, t.p.pid, 'status', /^State:/, 'status contradicts stat'), pidFile(view, t.p.pid, 'stack') ?? pidFile(view, t.p.pid, 'wchan')]).filter((e): e is Evidence => e !== null),
        why: { firedBecause: [`stat read D for ${transient.length} task${transient.length === 1 ? '' : 's'}`], ruledOut },
      }];
    }
    const byPid = new Map(all.map((p) => [p.pid, p]));
    const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    let samplesSaid = '';
    const sampleEvidence: Evidence[] = [];
    if (sampled && (sampled.stuck.length || sampled.transient.length)) {
      const stuck = sampled.stuck.slice(0, 4).map((t) => `${t.comm} (pid ${t.pid}${t.tid !== t.pid ? `, thread ${t.tid}` : ''}) in D ${t.states.D}/${sampled.samples} samples, at least ${seconds(t.longestDMs)} in a row, at ${whereD(t)}`);
      for (const t of sampled.stuck.slice(0, 3)) {
        const e = sampleLine(view, t, `in D in ${t.states.D} of ${sampled.samples} samples`);
        if (e) sampleEvidence.push(e);
      }
      samplesSaid = ` Sampled ${sampled.samples} times over ${seconds(sampled.spanMs)}: ` +
        (sampled.stuck.length ? `${sampled.stuck.length} thread(s) stuck in D the whole window: ${stuck.join('; ')}` : 'no thread stayed in D')
        + (sampled.transient.length ? `; ${sampled.transient.length} more passed through D briefly (normal I/O)` : '') + '.';
    }
    if (groups.length === 0 && sampled) {
      const runtimeSampled = sampled.stuck.filter((t) => RUNTIME_COMMANDS.test(t.comm));
      const loud = sampled.stuck.length >= 5 || runtimeSampled.length > 0;
      return [{
        summary: `No task was in D when /proc was read, but the thread samples saw some stuck.${samplesSaid}`,
        severity: loud ? 'warning' : 'info',
        evidence: sampleEvidence,
        unchecked: [],
        why: { firedBecause: [`${sampled.stuck.length} thread(s) in D through the whole sample window`], ruledOut: [...ruledOut, ...(loud ? ['passing I/O: the samples saw them stay in D'] : [])] },
      }];
    }
    const total = groups.reduce((n, g) => n + g.pids.length, 0);
    const runtime = confirmed.filter((p) => RUNTIME_COMMANDS.test(p.command));
    const evidence: Evidence[] = [];
    const parts = groups.slice(0, 4).map((g) => {
      const first = byPid.get(g.pids[0] as number) as ProcessRow;
      const cause = causeOf(first);
      const e = pidFile(view, first.pid, 'stack', undefined, `${g.pids.length} task(s) with this stack`) ?? pidFile(view, first.pid, 'wchan');
      if (e) evidence.push(e);
      return `${g.pids.length} × ${[...new Set(g.commands)].slice(0, 3).join('/')} waiting on ${cause ? `${cause.cause} (${cause.frame})` : g.wchan ?? 'an unknown wait'}`;
    });
    // A snapshot's D tasks that the samples saw leave D are passing I/O, not stuck.
    const passing = sampled !== null && sampled.stuck.length === 0;
    const loud = !passing && (total >= 5 || runtime.length > 0);
    return [{
      summary: `${total} task${total === 1 ? '' : 's'} in D state in ${groups.length} group${groups.length === 1 ? '' : 's'}: ${parts.join('; ')}.${runtime.length ? ` Among them the runtime or kubelet: ${runtime.map(label).join(', ')}.` : ''}${samplesSaid}`,
      severity: loud ? 'warning' : 'info',
      evidence: [...evidence, ...sampleEvidence],
      unchecked: [
        ...(confirmed.some((p) => !p.stack) ? ['kernel stacks of some D-state tasks not collected (grouped by wchan)'] : []),
        ...(sampled ? [] : ['no thread samples in this bundle: whether the D tasks stay stuck or pass is not known']),
      ],
      why: {
        firedBecause: [`${total} task${total === 1 ? '' : 's'} in D state, stat and status agreeing${runtime.length ? ', the runtime or kubelet among them' : ''}`],
        ruledOut: [
          ...ruledOut,
          ...(loud ? [`normal I/O: ${total >= 5 ? `${total} tasks wait at once` : 'the runtime or kubelet itself waits'}${sampled ? ', and the thread samples saw them stay in D' : ''}`] : []),
        ],
      },
    }];
  },
};

/** Kernel waits a task sleeps in interruptibly (S): a D read next to one of them was a passing instant. */
const INTERRUPTIBLE_WAIT = /^(?:anon_pipe_read|pipe_read|pipe_wait\w*|n_tty_read|tty_read|wait_woken|ep_poll|do_epoll_wait|do_select|core_sys_select|do_sys_poll|futex_wait\w*|hrtimer_nanosleep|do_nanosleep|inet_csk_accept|unix_stream_read_generic|sk_wait_data|sigsuspend|do_sigtimedwait)$/;

/** Why a task stat read as D is not stuck (status disagrees, or it waits interruptibly), or null. */
function contradiction(p: ProcessRow): string | null {
  if (p.stateName && p.stateName !== 'disk sleep') return `status says ${p.stateName}`;
  // stat and status both read D: two samples agree, whatever the stack read after them shows.
  if (p.stateName === 'disk sleep') return null;
  const frames = p.stack?.length ? p.stack.map((f) => f.fn) : p.wchan ? [p.wchan] : [];
  const wait = frames.find((f) => INTERRUPTIBLE_WAIT.test(f));
  return wait ? `it waits in ${wait}, an interruptible sleep` : null;
}

const CNI_PLUGIN = /^(?:\/opt\/cni\/bin\/|.*\/cni\/bin\/)|^(calico|calico-ipam|host-local|flannel|bridge|portmap|loopback|bandwidth|cilium-cni|weave-net|weave-ipam|multus|dhcp|static|macvlan|ipvlan|tuning|firewall|whereabouts|ptp|sbr|vrf|aws-cni|azure-vnet|azure-vnet-ipam|terway|kube-ovn|ovn-k8s-cni-overlay)$/;
const STDIN_WAIT = /^(n_tty_read|tty_read|pipe_read|pipe_wait\w*|wait_woken)$/;

function readsStdin(p: ProcessRow): string | null {
  const frames = p.stack?.map((f) => f.fn) ?? [];
  const hit = frames.find((f) => /^(n_tty_read|tty_read|pipe_read|pipe_wait\w*)$/.test(f)) ?? (p.wchan && STDIN_WAIT.test(p.wchan) ? p.wchan : null);
  return hit ?? null;
}

export const cniPluginStdinHang: Rule = {
  id: 'cni-plugin-stdin-hang',
  title: 'CNI plugin blocked reading stdin',
  severity: 'warning',
  version: 2,
  sources: 'proc/<pid>/cmdline, stack, wchan, stat',
  meaning:
    'A CNI plugin process waits for input on stdin (tty_read / pipe_read). CNI passes the network config on stdin; plugins built on containernetworking/cni before v0.7.0 read stdin even for the VERSION command, so when the caller gives none they wait forever, and sandbox creation behind them hangs.',
  remedy: 'Kill the hung plugin processes to unblock pod creation; upgrade the plugin (libcni ≥ 0.7.0), and the kubelet/containerd to versions that call CNI with a timeout.',
  links: ['https://github.com/containernetworking/cni/blob/main/SPEC.md', 'https://github.com/kubernetes/kubernetes/issues/65743'],
  detect(view) {
    const now = view.collectedAtMs();
    const hung = processes(view).filter((p) => {
      const exe = p.args[0] ?? p.command;
      if (!CNI_PLUGIN.test(exe) && !CNI_PLUGIN.test(exe.split('/').pop() ?? '')) return false;
      if (!readsStdin(p)) return false;
      const started = p.startedAt ? Date.parse(p.startedAt) : NaN;
      return !(now !== null && Number.isFinite(started) && now - started < 60_000);
    });
    if (hung.length === 0) return [];
    const evidence = hung.slice(0, 3).flatMap((p) => [pidFile(view, p.pid, 'cmdline', undefined, 'command line'), pidFile(view, p.pid, 'stack', undefined, `waits in ${readsStdin(p)}`) ?? pidFile(view, p.pid, 'wchan')]).filter((e): e is Evidence => e !== null);
    return [{
      summary: `${hung.length} CNI plugin process${hung.length === 1 ? '' : 'es'} wait${hung.length === 1 ? 's' : ''} on stdin: ${hung.slice(0, 4).map((p) => `${p.args.join(' ') || p.command} (pid ${p.pid}, in ${readsStdin(p)})`).join('; ')}.`,
      evidence,
      why: {
        firedBecause: [`${hung.length} CNI plugin process${hung.length === 1 ? '' : 'es'} blocked in a read of stdin (kernel stack or wchan)`],
        ruledOut: now !== null && hung.some((p) => p.startedAt) ? ['a plugin reading the config it was just given: started a minute or more before collection'] : [],
      },
    }];
  },
};

export const zombieAccumulation: Rule = {
  id: 'zombie-accumulation',
  title: 'Zombie processes pile up',
  severity: 'warning',
  version: 1,
  sources: 'proc/<pid>/stat, status',
  meaning: 'Exited processes whose parent never reaps them (wait()) stay as zombies and keep their PID. A container whose PID 1 is not an init (a shell, an application) accumulates them until PIDs run out.',
  remedy: 'Run an init as PID 1 in the parent container (tini, dumb-init, --init, shareProcessNamespace with pause), or fix the parent to reap its children; restarting the parent frees them.',
  links: ['https://github.com/krallin/tini', 'https://github.com/kubernetes/kubernetes/issues/81042'],
  detect(view) {
    const all = processes(view);
    const zombies = all.filter((p) => p.state === 'Z');
    if (zombies.length === 0) return [];
    const byParent = new Map<number, ProcessRow[]>();
    for (const z of zombies) if (z.ppid !== null) appendTo(byParent, z.ppid, z);
    const [ppid, worst] = [...byParent.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [null, []];
    if (zombies.length < 100 && worst.length < 20) return [];
    const parent = all.find((p) => p.pid === ppid);
    return [{
      summary: `${zombies.length} zombie processes; ${worst.length} belong to ${parent ? `${parent.args.join(' ') || parent.command} (pid ${parent.pid})` : `pid ${ppid}`}.`,
      evidence: [parent ? pidFile(view, parent.pid, 'cmdline', undefined, 'the parent that does not reap') : null, ...worst.slice(0, 3).map((z) => pidFile(view, z.pid, 'status', /^State:/))].filter((e): e is Evidence => e !== null),
    }];
  },
};

export const PROCESS_RULES: Rule[] = [stuckContainerExit, dStateProcesses, cniPluginStdinHang, zombieAccumulation];
