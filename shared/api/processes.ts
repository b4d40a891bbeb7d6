import type { BundleId } from './bundles';
import { arity, int, optInt, type ArgValidators } from './args';

/**
 * Processes of the node from the collector's per-pid /proc files. Every string is text from the bundle.
 */

/** Per-pid files the collector copies; a process may lack some (a D-state task's stack read can time out). */
export const PROCESS_FILES = ['stat', 'status', 'wchan', 'stack', 'cmdline', 'cgroup', 'ns', 'fd-count'] as const;
export type ProcessFile = (typeof PROCESS_FILES)[number];

export interface StackFrame {
  /** Function name: "zap_pid_ns_processes". */
  fn: string;
  /** "+0x103/0x190" as written, or "" when absent. */
  offset: string;
  /** Module in brackets after the frame ("ceph"), or null for the core kernel. */
  module: string | null;
}

export interface ProcessCgroup {
  /** The path of the first hierarchy that names a pod or container (else the first non-root path). */
  path: string;
  podUid: string | null;
  containerId: string | null;
  /** 'besteffort', 'burstable' or 'guaranteed' for a kubelet pod cgroup. */
  qosClass: string | null;
  /** 'cgroupfs' (/kubepods/...) or 'systemd' (kubepods.slice/...). */
  driver: 'cgroupfs' | 'systemd' | null;
}

export interface ProcessRow {
  pid: number;
  ppid: number | null;
  /** The kernel's comm (16 characters at most), from stat or status. */
  command: string;
  /** argv, from the NUL-separated cmdline; empty for kernel threads. */
  args: string[];
  /** State letter as the kernel prints it ("D") and its name ("disk sleep"). */
  state: string | null;
  stateName: string | null;
  wchan: string | null;
  /** Clock ticks (USER_HZ 100) of user and system CPU time. */
  utimeTicks: number | null;
  stimeTicks: number | null;
  cpuSeconds: number | null;
  /** CPU time over the time since the process started, in percent of one CPU: what `ps` shows as %CPU. */
  cpuPercent: number | null;
  /**
   * CPU time over the collector's sample window (proc/pid-cpu.txt), in percent of one CPU (200: two
   * CPUs busy): what `top` shows. Null without the two samples, or for a process not in both.
   */
  cpuWindowPercent: number | null;
  nice: number | null;
  rssKB: number | null;
  threads: number | null;
  /** Seconds after boot the process started (stat field 22). */
  startSecondsAfterBoot: number | null;
  /** ISO UTC start time, when the bundle's proc/stat gives the boot time. */
  startedAt: string | null;
  /** Namespace type → inode, from the readlink lines of the ns file. */
  namespaces: Readonly<Record<string, string>>;
  /** True when the ns file exists but its net link no longer resolves; null without an ns file. */
  netNamespaceGone: boolean | null;
  /** PIDs of the task in its nested PID namespaces (status NSpid), outermost first. */
  nsPids: readonly number[];
  cgroup: ProcessCgroup | null;
  /** Kernel stack, innermost frame first; null when the stack was not collected. */
  stack: StackFrame[] | null;
  fdCount: number | null;
  /** Per-pid files the bundle does not have for this process. */
  missingFiles: readonly ProcessFile[];
}

/** D-state processes sharing one kernel stack (or, without stacks, one wchan). */
export interface DStateGroup {
  /** Function names innermost first; empty when grouped by wchan only. */
  stack: string[];
  wchan: string | null;
  pids: number[];
  commands: string[];
}

/** The process tree as a flat list in depth-first order; orphans (parent not collected) are roots. */
export interface ProcessTreeRow {
  pid: number;
  ppid: number | null;
  depth: number;
  command: string;
  state: string | null;
  childCount: number;
}

export interface ProcessTable {
  processes: ProcessRow[];
  /** Seconds between the two CPU samples of proc/pid-cpu.txt (the rows' cpuWindowPercent), or null without them. */
  cpuWindowSeconds: number | null;
  /** "proc/<pid>/*: no per-process files in this bundle", malformed files, ... */
  missing: string[];
  problems: string[];
}

/** Where a sampled thread was: one state × wchan × syscall (× kernel stack, for D where readable). */
export interface ThreadStateBucket {
  /** R, D, S, T, Z, I... */
  state: string;
  wchan: string | null;
  /** Syscall name ("read"), number when unknown for the arch ("#271"), "running", or null (not in a syscall, unreadable). */
  syscall: string | null;
  /** Kernel stack frames, innermost first (D threads, where the kernel let them be read). */
  stack: string[] | null;
  samples: number;
  /** samples × the mean sampling interval. */
  ms: number;
}

export interface ThreadStateRow {
  pid: number;
  tid: number;
  /** The thread's name (comm). */
  comm: string;
  /** Samples this thread was seen in. */
  samples: number;
  /** State letter → samples. */
  states: Record<string, number>;
  /** Most samples first. */
  buckets: ThreadStateBucket[];
  /** Longest run of consecutive samples in D, first to last sample of the run, in ms: it was in D at least that long (0: never, or in one sample only). */
  longestDMs: number;
}

/** proc/thread-samples.txt of a bundle, aggregated per thread. */
export interface ThreadStates {
  /** Samples taken (0 when the bundle has none). */
  samples: number;
  /** Mean time between samples. */
  intervalMs: number;
  /** First to last sample. */
  spanMs: number;
  arch: string | null;
  /** Threads in D or R in any sample, or blocked in one I/O call (read, write, open, sync...) the whole window; most D first, then the blocked ones, then most R. */
  threads: ThreadStateRow[];
  /** Threads seen in all. */
  threadCount: number;
  /** What the sampler cost on the node, as it recorded it. */
  overhead: { cpuMs: number; bytes: number } | null;
  missing: string[];
  problems: string[];
}

export interface ProcessesApi {
  processes(bundle: BundleId): Promise<ProcessTable>;
  dStateGroups(bundle: BundleId): Promise<DStateGroup[]>;
  processTree(bundle: BundleId): Promise<ProcessTreeRow[]>;
  /** Sampled thread states; `pid` narrows to one process (all its threads, whatever their states). */
  threadStates(bundle: BundleId, pid?: number): Promise<ThreadStates>;
}

export const processesArgs: ArgValidators<ProcessesApi> = {
  processes: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  dStateGroups: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  processTree: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  threadStates: (a) => (arity(a, 1, 2), [int(a[0], 'bundle id', 1), optInt(a[1], 'pid', 1)]),
};

/** Processes of one command (kernel threads with their cpu number folded: "ksoftirqd/N") in two bundles. */
export interface CommandCounts {
  command: string;
  countA: number;
  countB: number;
  /** State letter → number of processes. */
  statesA: Record<string, number>;
  statesB: Record<string, number>;
}

export interface ProcessesDiff {
  onlyA: CommandCounts[];
  onlyB: CommandCounts[];
  /** Commands in both whose count or states differ. */
  changed: CommandCounts[];
  /** D-state processes in each bundle. */
  dStateA: number;
  dStateB: number;
  identical: boolean;
}
