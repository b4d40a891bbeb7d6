import type { CgroupController, LoadReport, MemoryReport, PressureLine, PressureReport } from '../../../shared/api/system';
import { fields, lines, num, numberedLines } from './text';

/** /proc/meminfo: `Key:   value kB`. Null when no line has that form. */
export function parseMeminfo(text: string): MemoryReport | null {
  const values: Record<string, number> = {};
  for (const line of lines(text)) {
    const m = /^([\w()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m) values[m[1] as string] = Number(m[2]);
  }
  if (Object.keys(values).length === 0) return null;
  const get = (k: string): number | null => values[k] ?? null;
  const total = get('MemTotal');
  const available = get('MemAvailable');
  return {
    totalKB: total,
    availableKB: available,
    freeKB: get('MemFree'),
    buffersKB: get('Buffers'),
    cachedKB: get('Cached'),
    swapTotalKB: get('SwapTotal'),
    swapFreeKB: get('SwapFree'),
    dirtyKB: get('Dirty'),
    usedShare: total && available !== null ? (total - available) / total : null,
    fields: values,
  };
}

/** /proc/loadavg: `0.12 0.14 0.10 2/106 13413`. */
export function parseLoadavg(text: string): LoadReport | null {
  const m = /^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)\s+(\d+)/.exec(text);
  if (!m) return null;
  const [one, five, fifteen, runnable, threads, lastPid] = m.slice(1).map(Number) as number[];
  return { one, five, fifteen, runnable, threads, lastPid } as LoadReport;
}

/** /proc/vmstat: `name value` per line. */
export function parseVmstat(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of lines(text)) {
    const [k, v] = fields(line);
    const n = num(v);
    if (k && n !== null) out[k] = n;
  }
  return out;
}

/** /proc/pressure/<resource>: `some avg10=0.18 avg60=0.62 avg300=0.96 total=18127025` and a `full` line. */
export function parsePressure(resource: string, text: string): PressureReport | null {
  const report: PressureReport = { resource, some: null, full: null };
  for (const line of lines(text)) {
    const m = /^(some|full)\s+avg10=([\d.]+)\s+avg60=([\d.]+)\s+avg300=([\d.]+)\s+total=(\d+)/.exec(line);
    if (!m) continue;
    const p: PressureLine = { avg10: Number(m[2]), avg60: Number(m[3]), avg300: Number(m[4]), totalUs: Number(m[5]) };
    report[m[1] as 'some' | 'full'] = p;
  }
  return report.some || report.full ? report : null;
}

/** /proc/cgroups: `#subsys_name hierarchy num_cgroups enabled` then one line per controller. */
export function parseCgroups(text: string): CgroupController[] {
  return parseCgroupRows(text).map((r) => r.controller);
}

/** parseCgroups' controllers with their lines (1-based): a rule quotes a controller's own line without searching for it. */
export function parseCgroupRows(text: string): { controller: CgroupController; line: number }[] {
  const out: { controller: CgroupController; line: number }[] = [];
  for (const { text: line, line: number } of numberedLines(text)) {
    if (line.startsWith('#')) continue;
    const [name, h, n, e] = fields(line);
    const [hierarchy, numCgroups, enabled] = [num(h), num(n), num(e)];
    if (!name || hierarchy === null || numCgroups === null || enabled === null) continue;
    out.push({ controller: { name, hierarchy, numCgroups, enabled: enabled === 1 }, line: number });
  }
  return out;
}

export interface FileNr {
  allocated: number;
  unused: number;
  max: number;
}

/** /proc/sys/fs/file-nr: allocated, unused (always 0 since 2.6), maximum. */
export function parseFileNr(text: string): FileNr | null {
  const [a, u, m] = fields(text).map((s) => num(s));
  if (a == null || u == null || m == null) return null;
  return { allocated: a, unused: u, max: m };
}
