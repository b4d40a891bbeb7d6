import type { NumberChange, SystemCompare, SystemGroup } from '../../../shared/api/compare';
import type { SystemReport } from '../../../shared/api/system';

interface Num {
  group: SystemGroup;
  name: string;
  unit: string;
  value: number;
}

/** Shares become percent with two decimals: float noise below that is not a difference. */
const pct = (share: number): number => Math.round(share * 10_000) / 100;
const round2 = (x: number): number => Math.round(x * 100) / 100;

class Numbers {
  readonly list: Num[] = [];
  add(group: SystemGroup, name: string, unit: string, value: number | null | undefined): void {
    if (value !== null && value !== undefined && Number.isFinite(value)) this.list.push({ group, name, unit, value: round2(value) });
  }
}

function cpuAndLoad(r: SystemReport, n: Numbers): void {
  if (r.cpu) {
    const t = r.cpu.total;
    for (const k of ['user', 'system', 'iowait', 'steal', 'idle', 'irq', 'softirq', 'nice'] as const) n.add('cpu', k, '%', pct(t[k]));
    n.add('cpu', 'cpus', 'count', r.cpu.cpuCount);
    n.add('cpu', 'procs running', 'count', r.cpu.procsRunning);
    n.add('cpu', 'procs blocked (D state)', 'count', r.cpu.procsBlocked);
  }
  if (r.load) {
    n.add('load', 'load 1 min', '', r.load.one);
    n.add('load', 'load 5 min', '', r.load.five);
    n.add('load', 'load 15 min', '', r.load.fifteen);
    n.add('load', 'threads', 'count', r.load.threads);
  }
}

function memory(r: SystemReport, n: Numbers): void {
  const m = r.memory;
  if (!m) return;
  n.add('memory', 'total', 'kB', m.totalKB);
  n.add('memory', 'available', 'kB', m.availableKB);
  n.add('memory', 'used', '%', m.usedShare === null ? null : pct(m.usedShare));
  n.add('memory', 'dirty', 'kB', m.dirtyKB);
  if (m.swapTotalKB !== null && m.swapFreeKB !== null) n.add('memory', 'swap used', 'kB', m.swapTotalKB - m.swapFreeKB);
}

function pressureAndDisks(r: SystemReport, n: Numbers): void {
  for (const p of r.pressure) {
    n.add('pressure', `${p.resource} some avg10`, '%', p.some?.avg10);
    n.add('pressure', `${p.resource} some avg60`, '%', p.some?.avg60);
    n.add('pressure', `${p.resource} full avg10`, '%', p.full?.avg10);
  }
  for (const d of r.disks?.devices ?? []) {
    n.add('disk', `${d.device} util`, '%', d.rates?.utilPercent);
    n.add('disk', `${d.device} await`, 'ms', d.rates?.awaitMs);
  }
  for (const f of r.diskUsage) n.add('disk', `${f.mountedOn} used`, '%', f.usePercent);
  for (const f of r.inodeUsage) n.add('disk', `${f.mountedOn} inodes used`, '%', f.usePercent);
}

function cgroupsAndLimits(r: SystemReport, n: Numbers): void {
  for (const c of r.cgroups) n.add('cgroups', `${c.name} cgroups`, 'count', c.numCgroups);
  for (const l of r.limits) {
    if (l.name.startsWith('disk ') || l.name.startsWith('inodes ')) continue; // shown under disk
    n.add('limits', `${l.name} used`, 'count', l.used);
    n.add('limits', `${l.name} max`, 'count', l.max);
    n.add('limits', `${l.name} usage`, '%', pct(l.share));
  }
}

export function systemNumbers(r: SystemReport): Num[] {
  const n = new Numbers();
  cpuAndLoad(r, n);
  memory(r, n);
  pressureAndDisks(r, n);
  cgroupsAndLimits(r, n);
  return n.list;
}

/**
 * Every number of the System view on both sides, listed when it differs, with B − A. A group one side
 * has no number of (its files not collected, as `missing` says) is not listed row by row against "none".
 */
export function compareSystem(a: SystemReport, b: SystemReport): SystemCompare {
  const key = (x: Num): string => `${x.group}\u0000${x.name}`;
  const na = new Map(systemNumbers(a).map((x) => [key(x), x]));
  const nb = new Map(systemNumbers(b).map((x) => [key(x), x]));
  const groupsA = new Set([...na.values()].map((x) => x.group));
  const groupsB = new Set([...nb.values()].map((x) => x.group));
  const rows: NumberChange[] = [];
  for (const k of new Set([...na.keys(), ...nb.keys()])) {
    const x = na.get(k);
    const y = nb.get(k);
    const first = (x ?? y) as Num;
    if (x && y && x.value === y.value) continue;
    if (!groupsA.has(first.group) || !groupsB.has(first.group)) continue;
    rows.push({
      group: first.group,
      name: first.name,
      unit: first.unit,
      a: x?.value ?? null,
      b: y?.value ?? null,
      delta: x && y ? round2(y.value - x.value) : null,
    });
  }
  const missingA = new Set(a.missing);
  const missingB = new Set(b.missing);
  const missing = [
    ...a.missing.filter((m) => !missingB.has(m)).map((m) => `A: ${m}`),
    ...b.missing.filter((m) => !missingA.has(m)).map((m) => `B: ${m}`),
  ];
  return { rows, missing, identical: rows.length === 0 && missing.length === 0 };
}
