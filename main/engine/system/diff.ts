import type { NodeFactsDiff, NumberDelta, SetDiff, SystemReport, ValueChange } from '../../../shared/api/system';
import type { Mount } from './config';

/**
 * sysctl keys the kernel changes by itself: measured by running `sysctl -a` twice on one idle machine
 * (test/fixtures/system/sysctl-later.txt), plus the per-boot and per-host identities.
 */
const VOLATILE_SYSCTL = new Set([
  'fs.dentry-state',
  'fs.file-nr',
  'fs.inode-nr',
  'fs.inode-state',
  'fs.aio-nr',
  'kernel.ns_last_pid',
  'kernel.random.uuid',
  'kernel.random.boot_id',
  'kernel.random.entropy_avail',
  'kernel.hostname',
  'kernel.pty.nr',
  'net.netfilter.nf_conntrack_count',
]);

function delta(section: string, name: string, a: number | null | undefined, b: number | null | undefined, unit: string): NumberDelta {
  const x = a ?? null;
  const y = b ?? null;
  return { section, name, a: x, b: y, delta: x !== null && y !== null ? y - x : null, unit };
}

function keyed<T>(items: T[], key: (t: T) => string): Map<string, T> {
  return new Map(items.map((t) => [key(t), t]));
}

/** The numbers of the System view side by side. Rows where neither bundle has the number are left out. */
export function compareSystemNumbers(a: SystemReport, b: SystemReport): NumberDelta[] {
  const rows: NumberDelta[] = [];
  for (const k of ['user', 'system', 'iowait', 'steal', 'idle'] as const) {
    rows.push(delta('cpu', k, a.cpu?.total[k], b.cpu?.total[k], 'share'));
  }
  rows.push(delta('cpu', 'cpus', a.cpu?.cpuCount, b.cpu?.cpuCount, 'count'));
  rows.push(delta('load', 'load1', a.load?.one, b.load?.one, ''));
  rows.push(delta('load', 'load5', a.load?.five, b.load?.five, ''));
  rows.push(delta('load', 'threads', a.load?.threads, b.load?.threads, 'count'));
  rows.push(delta('memory', 'used', a.memory?.usedShare, b.memory?.usedShare, 'share'));
  rows.push(delta('memory', 'MemAvailable', a.memory?.availableKB, b.memory?.availableKB, 'kB'));
  const pa = keyed(a.pressure, (p) => p.resource);
  const pb = keyed(b.pressure, (p) => p.resource);
  for (const r of new Set([...pa.keys(), ...pb.keys()])) {
    rows.push(delta('pressure', `${r} some avg60`, pa.get(r)?.some?.avg60, pb.get(r)?.some?.avg60, '%'));
  }
  const ca = keyed(a.cgroups, (c) => c.name);
  const cb = keyed(b.cgroups, (c) => c.name);
  for (const n of new Set([...ca.keys(), ...cb.keys()])) {
    rows.push(delta('cgroups', n, ca.get(n)?.numCgroups, cb.get(n)?.numCgroups, 'count'));
  }
  const la = keyed(a.limits, (l) => l.name);
  const lb = keyed(b.limits, (l) => l.name);
  for (const n of new Set([...la.keys(), ...lb.keys()])) rows.push(delta('limits', n, la.get(n)?.share, lb.get(n)?.share, 'share'));
  const da = keyed(a.disks?.devices ?? [], (d) => d.device);
  const db = keyed(b.disks?.devices ?? [], (d) => d.device);
  for (const n of new Set([...da.keys(), ...db.keys()])) {
    rows.push(delta('disks', `${n} %util`, da.get(n)?.rates?.utilPercent, db.get(n)?.rates?.utilPercent, '%'));
    rows.push(delta('disks', `${n} await`, da.get(n)?.rates?.awaitMs, db.get(n)?.rates?.awaitMs, 'ms'));
  }
  return rows.filter((r) => r.a !== null || r.b !== null);
}

/** What the node-facts compare reads of one bundle. */
export interface NodeConfig {
  facts: Record<string, string>;
  /** Null when the bundle does not have the artifact. */
  sysctl: Map<string, string> | null;
  modules: string[] | null;
  cmdline: string[] | null;
  mounts: Mount[] | null;
}

function changes(a: Map<string, string>, b: Map<string, string>, skip: (k: string) => boolean = () => false): ValueChange[] {
  const out: ValueChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (skip(key)) continue;
    const x = a.get(key) ?? null;
    const y = b.get(key) ?? null;
    if (x !== y) out.push({ key, a: x, b: y });
  }
  return out;
}

function setDiff(a: string[], b: string[]): SetDiff {
  const sa = new Set(a);
  const sb = new Set(b);
  return { onlyA: [...sa].filter((x) => !sb.has(x)).sort(), onlyB: [...sb].filter((x) => !sa.has(x)).sort() };
}

function mountMap(mounts: Mount[]): Map<string, string> {
  // The last mount on a point is the visible one.
  return new Map(mounts.map((m) => [m.mountPoint, `${m.device} ${m.fsType} ${m.options.join(',')}`]));
}

/** Facts that identify a node rather than describe it: never a difference worth showing. */
const IDENTITY_FACTS = new Set(['hostname', 'collectedAt']);

/** Compares what both bundles have; a part one of them lacks is named in notCompared instead. */
export function compareNodeFacts(a: NodeConfig, b: NodeConfig): NodeFactsDiff {
  const notCompared: string[] = [];
  const both = <T>(x: T | null, y: T | null, what: string): [T, T] | null => {
    if (x !== null && y !== null) return [x, y];
    notCompared.push(what);
    return null;
  };
  const facts = changes(new Map(Object.entries(a.facts)), new Map(Object.entries(b.facts)), (k) => IDENTITY_FACTS.has(k));
  const s = both(a.sysctl, b.sysctl, 'sysctl -a');
  const sysctl = s ? changes(s[0], s[1], (k) => VOLATILE_SYSCTL.has(k)) : [];
  const m = both(a.modules, b.modules, 'proc/modules');
  const modules = m ? setDiff(m[0], m[1]) : { onlyA: [], onlyB: [] };
  const c = both(a.cmdline, b.cmdline, 'proc/cmdline');
  const cmdline = c ? setDiff(c[0], c[1]) : { onlyA: [], onlyB: [] };
  const mt = both(a.mounts, b.mounts, 'proc/mounts');
  const mounts = mt ? changes(mountMap(mt[0]), mountMap(mt[1])) : [];
  const identical =
    !facts.length && !sysctl.length && !mounts.length && ![modules, cmdline].some((d) => d.onlyA.length || d.onlyB.length);
  return { facts, sysctl, modules, cmdline, mounts, notCompared, identical };
}
