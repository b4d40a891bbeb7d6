import type { FsUsage, LimitUsage } from '../../../shared/api/system';
import type { FileNr } from './procfs';

/** Share of a limit from which it is called near exhaustion. */
export const NEAR_EXHAUSTION = 0.9;
/** The kernel drops new connections when the table is full; kube-proxy users see trouble before that. */
export const CONNTRACK_NEAR_EXHAUSTION = 0.85;

function usage(name: string, used: number, max: number, artifact: string, threshold = NEAR_EXHAUSTION): LimitUsage | null {
  if (!(max > 0)) return null;
  const share = used / max;
  return { name, used, max, share, nearExhaustion: share >= threshold, artifact };
}

export function fileLimit(nr: FileNr, artifact: string): LimitUsage | null {
  return usage('open files (fs.file-nr)', nr.allocated - nr.unused, nr.max, artifact);
}

/** Every thread takes a pid: the thread count of /proc/loadavg against kernel.pid_max. */
export function pidLimit(threads: number, pidMax: number, artifact: string): LimitUsage | null {
  return usage('pids (kernel.pid_max)', threads, pidMax, artifact);
}

/** Memory in use is what the kernel could not hand out without swapping or OOM: MemTotal - MemAvailable. */
export function memoryLimit(totalKB: number | null, availableKB: number | null, artifact: string): LimitUsage | null {
  return totalKB === null || availableKB === null ? null : usage('memory (MemAvailable)', totalKB - availableKB, totalKB, artifact);
}

export function conntrackLimit(count: number, max: number, artifact: string): LimitUsage | null {
  return usage('conntrack entries (nf_conntrack_max)', count, max, artifact, CONNTRACK_NEAR_EXHAUSTION);
}

/** df rows at or above the threshold, as limits ("disk /var", "inodes /"); pseudo filesystems of size 0 are skipped. */
export function fsLimits(rows: FsUsage[], what: 'disk' | 'inodes', artifact: string): LimitUsage[] {
  const out: LimitUsage[] = [];
  for (const r of rows) {
    if (r.size <= 0 || r.usePercent === null) continue;
    const share = r.usePercent / 100;
    if (share < NEAR_EXHAUSTION) continue;
    out.push({ name: `${what} ${r.mountedOn}`, used: r.used, max: r.used + r.available, share, nearExhaustion: true, artifact });
  }
  return out;
}
