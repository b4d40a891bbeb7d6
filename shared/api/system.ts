import type { BundleId } from './bundles';
import { arity, int, type ArgValidators } from './args';

/**
 * The node's system numbers from /proc and a few commands: CPU split, memory, load, pressure, disks,
 * cgroups, limits close to exhaustion, and node facts. Every string is text from the bundle.
 */

/** Shares (0..1) of the CPU time of the interval (two samples) or since boot (one sample). */
export interface CpuShares {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface CpuReport {
  /** 'interval' when proc/stat was sampled twice; 'since-boot' from a single sample. */
  basis: 'interval' | 'since-boot';
  /** Seconds between the samples, from the cpu jiffies (USER_HZ 100) as iostat derives it. */
  intervalSeconds: number | null;
  cpuCount: number;
  total: CpuShares;
  perCpu: { cpu: string; shares: CpuShares }[];
  /** procs_running and procs_blocked of the (last) sample. */
  procsRunning: number | null;
  procsBlocked: number | null;
  /** Paths the numbers came from. */
  artifacts: string[];
}

/** One block device as `iostat -x` shows it over the interval. */
export interface DiskRates {
  readsPerSec: number;
  writesPerSec: number;
  readKBPerSec: number;
  writeKBPerSec: number;
  /** Average ms per read / write / request (0 when there were none). */
  readAwaitMs: number;
  writeAwaitMs: number;
  awaitMs: number;
  /** Share of the interval the device was busy, in percent (iostat %util). */
  utilPercent: number;
}

export interface DiskDevice {
  device: string;
  major: number;
  minor: number;
  /** Counters since boot (of the last sample). */
  reads: number;
  writes: number;
  readKB: number;
  writeKB: number;
  ioMsTotal: number;
  /** Null when there is only one sample. */
  rates: DiskRates | null;
}

export interface DiskReport {
  basis: 'interval' | 'since-boot';
  intervalSeconds: number | null;
  /** Devices with any I/O since boot; loop and ram devices that never did I/O are left out. */
  devices: DiskDevice[];
  artifacts: string[];
}

export interface MemoryReport {
  totalKB: number | null;
  availableKB: number | null;
  freeKB: number | null;
  buffersKB: number | null;
  cachedKB: number | null;
  swapTotalKB: number | null;
  swapFreeKB: number | null;
  dirtyKB: number | null;
  /** (total - available) / total, when both are known. */
  usedShare: number | null;
  /** Every line of /proc/meminfo, value in kB (or a count for HugePages_*). */
  fields: Record<string, number>;
}

export interface LoadReport {
  one: number;
  five: number;
  fifteen: number;
  runnable: number;
  threads: number;
  lastPid: number;
}

export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Microseconds stalled since boot. */
  totalUs: number;
}

export interface PressureReport {
  resource: string;
  some: PressureLine | null;
  full: PressureLine | null;
}

export interface CgroupController {
  name: string;
  hierarchy: number;
  numCgroups: number;
  enabled: boolean;
}

/** One df -P or df -Pi line. For inodes the sizes are inode counts. */
export interface FsUsage {
  filesystem: string;
  mountedOn: string;
  size: number;
  used: number;
  available: number;
  /** The Capacity / IUse% column, null for '-'. */
  usePercent: number | null;
}

/** A kernel limit and how much of it is in use. */
export interface LimitUsage {
  /** "open files (fs.file-nr)", "pids (kernel.pid_max)", "conntrack (nf_conntrack_max)", "disk /var", "inodes /". */
  name: string;
  used: number;
  max: number;
  share: number;
  /** At or above the threshold (90% for most, 85% for conntrack). */
  nearExhaustion: boolean;
  artifact: string;
}

export interface KernelVersion {
  /** As uname -r prints it: "3.10.0-862.el7.x86_64". */
  release: string;
  major: number;
  minor: number;
  patch: number;
  /** Distribution tag when there is one: "el7", "el8_4", "generic", "amzn2". */
  distro: string | null;
}

export interface NodeFactsReport {
  /** The facts table of the bundle (hostname, kernel, os, kubeletVersion, ...). */
  facts: Record<string, string>;
  kernel: KernelVersion | null;
  /** uname -a as printed. */
  uname: string | null;
  /** /proc/version as printed. */
  procVersion: string | null;
  /** PRETTY_NAME, or NAME VERSION_ID. */
  os: string | null;
  osRelease: Record<string, string>;
  /** First line of node/timezone.txt. */
  timezone: string | null;
  /** node/versions.txt: component name → what its --version printed. */
  versions: Record<string, string>;
  kernelModules: string[];
  kernelCmdline: string[];
  sysctlCount: number;
  mountCount: number;
}

export interface SystemReport {
  cpu: CpuReport | null;
  memory: MemoryReport | null;
  load: LoadReport | null;
  pressure: PressureReport[];
  disks: DiskReport | null;
  diskUsage: FsUsage[];
  inodeUsage: FsUsage[];
  cgroups: CgroupController[];
  limits: LimitUsage[];
  facts: NodeFactsReport;
  /** What the bundle does not have ("proc/stat", "df -P"), so an absent number is never read as healthy. */
  missing: string[];
  /** Artifacts present but unreadable ("proc/meminfo: no lines in `Key: value kB` form"). */
  problems: string[];
}

export interface SystemApi {
  system(bundle: BundleId): Promise<SystemReport>;
}

export const systemArgs: ArgValidators<SystemApi> = {
  system: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
};

