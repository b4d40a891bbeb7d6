import type { ConntrackCpuStats } from '../../../shared/api/network';

/**
 * Parses `conntrack -S`: one line per cpu of key=value counters ("cpu=0 found=0 invalid=3 insert=0
 * insert_failed=0 drop=12 early_drop=0 error=0 search_restart=0 ..."; older versions add searched,
 * new, ignore, delete). Lines without cpu= are skipped.
 */
export function parseConntrackStats(text: string): ConntrackCpuStats[] {
  const out: ConntrackCpuStats[] = [];
  for (const line of text.split('\n')) {
    // Token by token, each matched anchored: an unanchored scan of a long line is quadratic.
    const pairs = line
      .split(/[ \t]/)
      .filter((t) => t.length <= 96)
      .map((t) => /^([a-z_]{1,64})=(\d{1,20})\r?$/.exec(t))
      .filter((p): p is RegExpExecArray => p !== null);
    const cpu = pairs.find((p) => p[1] === 'cpu');
    if (!cpu) continue;
    const counters = Object.fromEntries(pairs.filter((p) => p[1] !== 'cpu').map((p) => [p[1], Number(p[2])]));
    out.push({ cpu: Number(cpu[2]), counters });
  }
  return out;
}

export function sumConntrackStats(perCpu: ConntrackCpuStats[]): Record<string, number> {
  const totals = new Map<string, number>();
  for (const c of perCpu) for (const [k, v] of Object.entries(c.counters)) totals.set(k, (totals.get(k) ?? 0) + v);
  return Object.fromEntries(totals);
}

/** The number in /proc/sys/net/netfilter/nf_conntrack_count or _max, or null. */
export function parseProcNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** count / max, or null when either is missing (or max is 0). */
export function conntrackUsage(count: number | null, max: number | null): number | null {
  return count === null || !max ? null : count / max;
}
