/**
 * When the node booted (ms UTC), which turns dmesg's seconds since boot into wall time (LogContext.bootTimeMs).
 */

/** From /proc/stat's "btime <seconds since the epoch>" line; null if absent. */
export function bootTimeFromProcStat(procStat: string): number | null {
  const m = /^btime (\d+)$/m.exec(procStat);
  return m ? Number(m[1]) * 1000 : null;
}

/** From /proc/uptime ("<seconds up> <idle seconds>") read at a known instant; null if unreadable. */
export function bootTimeFromUptime(procUptime: string, readAtMs: number): number | null {
  const m = /^(\d+(?:\.\d+)?) /.exec(procUptime);
  return m ? Math.round(readAtMs - Number(m[1]) * 1000) : null;
}
