import type { ProcessFile, ProcessRow } from '../../../shared/api/processes';
import { PROCESS_FILES } from '../../../shared/api/processes';
import { parseProcessCgroup } from './cgroup';
import { netNamespaceGone, parseNamespaces } from './ns';
import { parsePidStat, stateName } from './stat';
import { parseStack } from './stack';
import { parseStatus, statusFacts } from './status';

/** The kernel reports CPU and start times in USER_HZ ticks (100 per second). */
const USER_HZ = 100;
/** Pages of 4 KiB: the page size of x86_64 and of most arm64 kernels. */
const PAGE_KB = 4;

export type PidFiles = Partial<Record<ProcessFile, string>>;

/** "proc/123/stat" → [123, "stat"], for any prefix before proc/. */
export function pidFileOf(path: string): [number, ProcessFile] | null {
  const m = /(?:^|\/)proc\/(\d+)\/([\w-]+)$/.exec(path);
  if (!m || !(PROCESS_FILES as readonly string[]).includes(m[2] as string)) return null;
  return [Number(m[1]), m[2] as ProcessFile];
}

/** argv from the kernel's NUL-separated cmdline (each argument ends with a NUL); empty for kernel threads. */
export function parseCmdlineArgs(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\0') ? text.slice(0, -1) : text).split('\0');
}

function firstLine(text: string | undefined): string | null {
  const line = text?.split('\n')[0]?.trim();
  return line ? line : null;
}

/** When the bundle was taken, as seconds since the epoch and since boot: what start times and %CPU need. */
export interface Clock {
  /** Boot time (proc/stat btime, whole seconds), seconds since the epoch. */
  bootTime: number | null;
  /** Collection time, seconds since the epoch. */
  collectedAt: number | null;
  /** Seconds since boot when the collector read /proc/uptime (node/uptime.txt). */
  uptime: number | null;
}

const NO_CLOCK: Clock = { bootTime: null, collectedAt: null, uptime: null };

/**
 * ps's %CPU: CPU seconds over the seconds since the process started. ps takes "now" from /proc/uptime;
 * without it, the collection time less the boot time (btime is cut to whole seconds) stands in.
 */
function cpuPercent(cpuSeconds: number | null, startSeconds: number | null, clock: Clock): number | null {
  if (cpuSeconds === null || startSeconds === null) return null;
  let now: number | null = clock.uptime;
  if (now === null && clock.bootTime !== null && clock.collectedAt !== null) now = clock.collectedAt - clock.bootTime;
  const elapsed = now === null ? 0 : now - startSeconds;
  return elapsed > 0 ? (cpuSeconds / elapsed) * 100 : null;
}

/** One row of the process table from whatever files the bundle has for the pid (and its CPU over the sample window, when known). */
export function processRow(pid: number, files: PidFiles, clock: Clock = NO_CLOCK, cpuWindowPercent: number | null = null): ProcessRow {
  const bootTime = clock.bootTime;
  const stat = files.stat !== undefined ? parsePidStat(files.stat) : null;
  const status = statusFacts(parseStatus(files.status ?? ''));
  const state = stat?.state ?? status.state;
  const wchan = firstLine(files.wchan);
  const startSeconds = stat ? stat.startTime / USER_HZ : null;
  const fd = firstLine(files['fd-count']);
  const cpuSeconds = stat ? (stat.utime + stat.stime) / USER_HZ : null;
  return {
    pid,
    ppid: stat?.ppid ?? status.ppid,
    command: stat?.comm ?? status.name ?? firstLine(files.cmdline?.split('\0')[0]) ?? '?',
    args: files.cmdline !== undefined ? parseCmdlineArgs(files.cmdline) : [],
    state,
    stateName: status.stateName ?? (state ? stateName(state) : null),
    // "0" is what wchan says of a running task.
    wchan: wchan && wchan !== '0' ? wchan : null,
    utimeTicks: stat?.utime ?? null,
    stimeTicks: stat?.stime ?? null,
    cpuSeconds,
    cpuPercent: cpuPercent(cpuSeconds, startSeconds, clock),
    cpuWindowPercent,
    nice: stat?.nice ?? null,
    rssKB: status.rssKB ?? (stat && Number.isFinite(stat.rssPages) ? stat.rssPages * PAGE_KB : null),
    threads: stat?.threads ?? status.threads,
    startSecondsAfterBoot: startSeconds,
    startedAt: startSeconds !== null && bootTime !== null ? new Date((bootTime + startSeconds) * 1000).toISOString() : null,
    namespaces: files.ns !== undefined ? parseNamespaces(files.ns) : {},
    netNamespaceGone: netNamespaceGone(files.ns),
    nsPids: status.nsPids,
    cgroup: files.cgroup !== undefined ? parseProcessCgroup(files.cgroup) : null,
    stack: files.stack !== undefined ? parseStack(files.stack) : null,
    fdCount: fd !== null && /^\d+$/.test(fd) ? Number(fd) : null,
    missingFiles: PROCESS_FILES.filter((f) => files[f] === undefined),
  };
}

/** The process table, by pid; `window` is CPU over the sample window by pid (proc/pid-cpu.txt). */
export function processTable(byPid: Map<number, PidFiles>, clock: Clock = NO_CLOCK, window: ReadonlyMap<number, number> | null = null): ProcessRow[] {
  return [...byPid.entries()].sort(([a], [b]) => a - b).map(([pid, files]) => processRow(pid, files, clock, window?.get(pid) ?? null));
}
