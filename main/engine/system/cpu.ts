import type { CpuShares } from '../../../shared/api/system';
import { fields, lines, num } from './text';

/** Jiffies of one cpu line of /proc/stat, in the kernel's column order. */
export interface CpuJiffies {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface ProcStat {
  /** "cpu" (all) and "cpu0", "cpu1", ... */
  cpus: Map<string, CpuJiffies>;
  procsRunning: number | null;
  procsBlocked: number | null;
  /** Boot time, seconds since the epoch. */
  bootTime: number | null;
}

/** The kernel exports CPU time in USER_HZ units, 100 per second on every architecture Kubernetes runs on. */
export const USER_HZ = 100;

const COLUMNS: (keyof CpuJiffies)[] = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'];

export function parseProcStat(text: string): ProcStat {
  const stat: ProcStat = { cpus: new Map(), procsRunning: null, procsBlocked: null, bootTime: null };
  for (const line of lines(text)) {
    const [key, ...values] = fields(line);
    if (key === undefined) continue;
    if (/^cpu\d*$/.test(key)) {
      const jiffies = toJiffies(values);
      if (jiffies) stat.cpus.set(key, jiffies);
    } else if (key === 'procs_running') stat.procsRunning = num(values[0]);
    else if (key === 'procs_blocked') stat.procsBlocked = num(values[0]);
    else if (key === 'btime') stat.bootTime = num(values[0]);
  }
  return stat;
}

/** Old kernels have fewer columns (no steal before 2.6.11): those read as 0. */
function toJiffies(values: string[]): CpuJiffies | null {
  const numbers = values.map((v) => num(v));
  if (numbers.length < 4 || numbers.some((n) => n === null)) return null;
  const j = {} as CpuJiffies;
  COLUMNS.forEach((c, i) => (j[c] = numbers[i] ?? 0));
  return j;
}

/** Total jiffies; guest time is already counted in user and nice, so it is not added again. */
export function totalJiffies(j: CpuJiffies): number {
  return COLUMNS.reduce((sum, c) => sum + j[c], 0);
}

/** Per-column difference; a counter that went backwards (iowait can, on some kernels) counts as 0. */
export function jiffiesDelta(before: CpuJiffies, after: CpuJiffies): CpuJiffies {
  const d = {} as CpuJiffies;
  for (const c of COLUMNS) d[c] = Math.max(0, after[c] - before[c]);
  return d;
}

export function shares(j: CpuJiffies): CpuShares {
  const total = totalJiffies(j);
  const s = {} as CpuShares;
  for (const c of COLUMNS) s[c] = total > 0 ? j[c] / total : 0;
  return s;
}

export function cpuCount(stat: ProcStat): number {
  return [...stat.cpus.keys()].filter((k) => k !== 'cpu').length;
}

/**
 * Seconds between two samples, derived from the cpu jiffies as iostat does without /proc/uptime: the
 * all-cpu total advances by USER_HZ per second per cpu.
 */
export function intervalSeconds(before: ProcStat, after: ProcStat): number | null {
  const a = before.cpus.get('cpu');
  const b = after.cpus.get('cpu');
  const n = cpuCount(after) || 1;
  if (!a || !b) return null;
  const seconds = totalJiffies(jiffiesDelta(a, b)) / n / USER_HZ;
  return seconds > 0 ? seconds : null;
}

export interface CpuSplit {
  basis: 'interval' | 'since-boot';
  intervalSeconds: number | null;
  cpuCount: number;
  total: CpuShares;
  perCpu: { cpu: string; shares: CpuShares }[];
}

/** CPU split over the interval of two samples, or since boot when there is only one (or the second is unusable). */
export function cpuSplit(first: ProcStat, second?: ProcStat): CpuSplit | null {
  const all = first.cpus.get('cpu');
  if (!all) return null;
  const interval = second ? intervalSeconds(first, second) : null;
  const basis = interval === null ? 'since-boot' : 'interval';
  const jiffiesOf = (name: string): CpuJiffies | null => {
    const a = first.cpus.get(name);
    if (basis === 'since-boot') return a ?? null;
    const b = second?.cpus.get(name);
    return a && b ? jiffiesDelta(a, b) : null;
  };
  const perCpu: { cpu: string; shares: CpuShares }[] = [];
  for (const name of first.cpus.keys()) {
    const j = name === 'cpu' ? null : jiffiesOf(name);
    if (j) perCpu.push({ cpu: name, shares: shares(j) });
  }
  const total = jiffiesOf('cpu') ?? all;
  return { basis, intervalSeconds: interval, cpuCount: cpuCount(first), total: shares(total), perCpu };
}
