import type { Evidence } from '../../../shared/api/findings';
import type { FleetFeatureKind } from '../../../shared/api/fleet';
import type { SystemReport } from '../../../shared/api/system';
import { cachedBundleTemplates } from '../compare/logs';
import { VOLATILE_SYSCTL, mountKey } from '../compare/facts';
import { dnsView, primaryCorefile } from '../dns/load';
import { parseGoroutineDump } from '../goroutines';
import { componentOf } from '../profiles/api';
import { artifactsOfKind, readArtifactBytes } from '../store/artifacts';
import { loadIptables } from '../network/load';
import { processesOf } from '../processes/api';
import type { Db } from '../store/workspace';
import { parseMounts } from '../system/config';
import { textOfKind } from '../system/load';
import { systemReport } from '../system/api';

/**
 * Per-node features, from what ingest already parsed. Three types, scored differently:
 * - category: a value a node has or has not in common with the pool (kernel, a sysctl value);
 * - count: how often something happens (log lines of a template, D-state processes); absent is 0 on a
 *   node that has the source, and only a count far above the pool's is unusual;
 * - measure: a number a node has or not (CPU steal, PSI); both directions are unusual.
 * A presence feature (a kernel module, a mount) is a category whose absence on a node that has the
 * source means "no".
 */
export type FeatureType = 'category' | 'presence' | 'count' | 'measure';

/** Evidence, or the log line that is (resolved only for what is shown). */
export type EvidenceRef = Evidence | { logLineId: number } | null;

export interface FeatureValue {
  kind: FleetFeatureKind;
  type: FeatureType;
  /** The feature in plain words, without the node's value. */
  label: string;
  /** What a node needs for an absent value to mean "no" / 0 ("findings", "logs", "proc/modules"). */
  source: string;
  value: string | number;
  /** Unit for counts and measures ("lines", "%", "processes"). */
  unit?: string;
  evidence: EvidenceRef;
}

export interface NodeFeatures {
  /** Feature key → this node's value. */
  values: Map<string, FeatureValue>;
  /** The sources this node has. */
  sources: Set<string>;
}

/** Facts that differ between any two bundles by nature (who, when, where from): never features. */
const NOT_FEATURES = new Set(['hostname', 'collectedAt', 'collectionEndedAt', 'collectedWithRoot', 'collectorVersion']);

const FACT_ARTIFACTS: Record<string, string> = { kernel: 'proc-version', os: 'os-release', timezone: 'timezone' };

class Builder {
  readonly values = new Map<string, FeatureValue>();
  readonly sources = new Set<string>();
  put(key: string, v: FeatureValue): void {
    this.values.set(key, v);
  }
}

function lineOf(text: string, find: (line: string) => boolean): { line: number; text: string } | null {
  let start = 0;
  for (let n = 1; start <= text.length; n++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (find(line)) return { line: n, text: line };
    if (end < 0) break;
    start = end + 1;
  }
  return null;
}

function facts(db: Db, bundleId: number, sys: SystemReport, b: Builder): void {
  const f = sys.facts;
  const values: [string, string, string | null | undefined][] = [
    ['kernel', 'kernel', f.kernel?.release ?? f.facts.kernel],
    ['os', 'OS', f.os],
    ['kubeletVersion', 'kubelet version', f.facts.kubeletVersion],
    ['containerRuntime', 'container runtime', f.facts.containerRuntime],
    ['cgroupVersion', 'cgroup version', f.facts.cgroupVersion],
    ['timezone', 'timezone', f.timezone],
    ['clockSynced', 'clock synchronised', f.facts.clockSynced],
  ];
  for (const [k, v] of Object.entries(f.versions)) values.push([`versions.${k}`, `${k} version`, v]);
  for (const [key, label, value] of values) {
    if (NOT_FEATURES.has(key) || value === null || value === undefined || value === '') continue;
    const art = FACT_ARTIFACTS[key] ? textOfKind(db, bundleId, FACT_ARTIFACTS[key]) : null;
    const at = art ? lineOf(art.text, (l) => l.includes(value)) : null;
    const evidence: Evidence = art && at ? { artifact: art.path, line: at.line, text: at.text } : { artifact: 'manifest.json', line: null, text: `${key}: ${value}` };
    b.put(`fact:${key}`, { kind: 'fact', type: 'category', label, source: 'facts', value, evidence });
  }
  b.sources.add('facts');
}

function sysctl(db: Db, bundleId: number, b: Builder): void {
  const art = textOfKind(db, bundleId, 'sysctl');
  if (!art) return;
  b.sources.add('sysctl');
  let n = 0;
  for (const line of art.text.split('\n')) {
    n++;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let key = line.slice(0, eq).trim();
    if (key.startsWith('/proc/sys/')) key = key.slice('/proc/sys/'.length).replace(/\//g, '.');
    if (!key || VOLATILE_SYSCTL.has(key) || key.startsWith('dev.cdrom') || key.includes('.random.')) continue;
    const value = line.slice(eq + 1).trim();
    b.put(`sysctl:${key}`, {
      kind: 'sysctl',
      type: 'category',
      label: `sysctl ${key}`,
      source: 'sysctl',
      value,
      evidence: { artifact: art.path, line: n, text: line },
    });
  }
}

function presence(b: Builder, kind: FleetFeatureKind, source: string, artifact: string, items: { key: string; label: string; line: number | null; text: string }[]): void {
  b.sources.add(source);
  for (const it of items) {
    b.put(`${kind}:${it.key}`, { kind, type: 'presence', label: it.label, source, value: 'yes', evidence: { artifact, line: it.line, text: it.text } });
  }
}

function modulesCmdlineMounts(db: Db, bundleId: number, b: Builder): void {
  const modules = textOfKind(db, bundleId, 'kernel-modules');
  if (modules) {
    const items = modules.text.split('\n').flatMap((text, i) => {
      const name = text.split(' ', 1)[0];
      return name ? [{ key: name, label: `kernel module ${name}`, line: i + 1, text }] : [];
    });
    presence(b, 'module', 'proc/modules', modules.path, items);
  }
  const cmdline = textOfKind(db, bundleId, 'kernel-cmdline');
  if (cmdline) {
    const text = cmdline.text.split('\n', 1)[0] ?? '';
    const items = text
      .split(/\s+/)
      .filter((p) => p && !p.startsWith('BOOT_IMAGE='))
      .map((p) => ({ key: p, label: `kernel parameter ${p}`, line: 1, text }));
    presence(b, 'cmdline', 'proc/cmdline', cmdline.path, items);
  }
  const mounts = textOfKind(db, bundleId, 'mounts');
  if (mounts) {
    const lines = mounts.text.split('\n');
    // First line of each mount point (its second field, octal escapes as written).
    const lineOfPoint = new Map<string, number>();
    lines.forEach((l, i) => {
      const point = l.trim().split(/\s+/, 2)[1];
      if (point !== undefined && !lineOfPoint.has(point)) lineOfPoint.set(point, i);
    });
    const items = parseMounts(mounts.text)
      .filter((m) => !PER_POD_MOUNT.test(m.mountPoint) && !PER_POD_FS.has(m.fsType))
      .map((m) => {
        const key = mountKey(m.mountPoint, m.fsType, m.options);
        const i = lineOfPoint.get(m.mountPoint.replace(/ /g, '\\040')) ?? -1;
        return { key, label: `mount ${m.mountPoint} (${m.fsType})`, line: i >= 0 ? i + 1 : null, text: lines[i] ?? key };
      });
    presence(b, 'mount', 'proc/mounts', mounts.path, items);
  }
}

/** Mounts that come and go with pods and containers: every node has other ones. */
const PER_POD_MOUNT = /^\/(?:var\/lib\/kubelet\/pods|run\/containerd|var\/lib\/docker|var\/lib\/containers|run\/netns|run\/k3s|var\/run\/netns|run\/docker)\//;
const PER_POD_FS = new Set(['overlay', 'nsfs', 'shm']);

function findings(db: Db, bundleId: number, b: Builder): void {
  b.sources.add('findings');
  const rows = db
    .prepare(
      `SELECT f.rule AS rule, json_extract(f.json, '$.severity') AS severity, json_extract(f.json, '$.title') AS title,
              json_extract(f.json, '$.evidence[0]') AS ev, g.n AS n
       FROM (SELECT rule, min(id) AS first, count(*) AS n FROM findings WHERE bundle_id = ? GROUP BY rule) g
       JOIN findings f ON f.id = g.first`,
    )
    .all(bundleId) as { rule: string; severity: string; title: string; ev: string | null; n: number }[];
  for (const r of rows) {
    const ev = r.ev ? (JSON.parse(r.ev) as Evidence) : null;
    b.put(`finding:${r.rule}`, {
      kind: 'finding',
      type: 'category',
      label: `finding ${r.rule}`,
      source: 'findings',
      value: `${r.severity}: ${r.title}`,
      evidence: ev,
    });
    b.put(`finding-count:${r.rule}`, {
      kind: 'finding',
      type: 'count',
      label: `findings of ${r.rule}`,
      source: 'findings',
      value: r.n,
      unit: 'findings',
      evidence: ev,
    });
  }
}

function logs(db: Db, bundleId: number, b: Builder): void {
  const t = cachedBundleTemplates(db, bundleId);
  if (t.lines === 0) return;
  b.sources.add('logs');
  for (const [template, c] of t.templates) {
    b.put(`log:${template}`, {
      kind: 'log',
      type: 'count',
      label: `log template \`${template}\``,
      source: 'logs',
      value: c.count,
      unit: 'lines',
      evidence: { logLineId: c.firstId },
    });
  }
}

function stackOf(frames: { fn: string }[] | null): string[] {
  return (frames ?? []).slice(0, 3).map((f) => f.fn);
}

function processes(db: Db, bundleId: number, b: Builder): void {
  const table = processesOf(db, bundleId);
  if (table.processes.length === 0) return;
  b.sources.add('processes');
  const d = table.processes.filter((p) => p.state === 'D');
  const first = d[0];
  const ev = (pid: number, text: string): Evidence => ({ artifact: `proc/${pid}/stack`, line: null, text });
  b.put('d-state:count', {
    kind: 'd-state',
    type: 'count',
    label: 'processes in D state (uninterruptible sleep)',
    source: 'processes',
    value: d.length,
    unit: 'processes',
    evidence: first ? ev(first.pid, `${first.command} (pid ${first.pid}) in D state${first.wchan ? ` at ${first.wchan}` : ''}`) : null,
  });
  const groups = new Map<string, typeof d>();
  for (const p of d) {
    const stack = stackOf(p.stack);
    const key = stack.length ? stack.join(' < ') : `wchan ${p.wchan ?? '?'}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const [key, ps] of groups) {
    const p = ps[0] as (typeof d)[number];
    b.put(`d-state:${key}`, {
      kind: 'd-state',
      type: 'count',
      label: `D-state processes stuck in ${key}`,
      source: 'processes',
      value: ps.length,
      unit: 'processes',
      evidence: ev(p.pid, `${ps.map((x) => `${x.command} (${x.pid})`).slice(0, 5).join(', ')}: ${key}`),
    });
  }
}

function measure(b: Builder, key: string, label: string, value: number | null | undefined, unit: string, artifact: string | undefined): void {
  if (value === null || value === undefined || !Number.isFinite(value)) return;
  b.put(`system:${key}`, {
    kind: 'system',
    type: 'measure',
    label,
    source: 'system',
    value,
    unit,
    evidence: artifact ? { artifact, line: null, text: `${label}: ${value}${unit}` } : null,
  });
}

const pct = (share: number): number => Math.round(share * 1000) / 10;

function system(sys: SystemReport, b: Builder): void {
  b.sources.add('system');
  const cpu = sys.cpu;
  if (cpu) {
    const art = cpu.artifacts[0];
    measure(b, 'cpu.steal', 'CPU steal', pct(cpu.total.steal), '%', art);
    measure(b, 'cpu.iowait', 'CPU iowait', pct(cpu.total.iowait), '%', art);
    measure(b, 'cpu.busy', 'CPU busy (user + system)', pct(cpu.total.user + cpu.total.system), '%', art);
    measure(b, 'procs.blocked', 'processes blocked on I/O', cpu.procsBlocked, '', art);
  }
  if (sys.load) measure(b, 'load.one', 'load average (1 min)', sys.load.one, '', 'proc/loadavg');
  for (const p of sys.pressure) {
    if (p.some) measure(b, `psi.${p.resource}.some`, `${p.resource} pressure (some, avg60)`, p.some.avg60, '%', `proc/pressure/${p.resource}`);
    if (p.full) measure(b, `psi.${p.resource}.full`, `${p.resource} pressure (full, avg60)`, p.full.avg60, '%', `proc/pressure/${p.resource}`);
  }
  for (const l of sys.limits) measure(b, `limit.${l.name}`, `${l.name} in use`, pct(l.share), '%', l.artifact);
}

function iptables(db: Db, bundleId: number, b: Builder): void {
  const sets = loadIptables(db, bundleId);
  if (sets.length === 0) return;
  for (const s of sets) {
    for (const t of s.tables) {
      const rules = t.chains.reduce((n, c) => n + c.rules.length, 0);
      const label = `iptables ${s.family} ${t.name} rules`;
      b.put(`iptables:${s.family}:${t.name}:rules`, {
        kind: 'iptables',
        type: 'measure',
        label,
        source: 'iptables',
        value: rules,
        unit: ' rules',
        evidence: { artifact: s.artifact, line: null, text: `${t.name}: ${t.chains.length} chains, ${rules} rules` },
      });
      b.put(`iptables:${s.family}:${t.name}:chains`, {
        kind: 'iptables',
        type: 'measure',
        label: `iptables ${s.family} ${t.name} chains`,
        source: 'iptables',
        value: t.chains.length,
        unit: ' chains',
        evidence: { artifact: s.artifact, line: null, text: `${t.name}: ${t.chains.length} chains, ${rules} rules` },
      });
    }
  }
}

function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function dns(db: Db, bundleId: number, b: Builder): void {
  const view = dnsView(db, bundleId);
  const core = primaryCorefile(view.corefiles);
  if (!core) return;
  const normalised = core.text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  b.put('dns:corefile', {
    kind: 'dns',
    type: 'category',
    label: 'CoreDNS Corefile',
    source: 'dns',
    value: `Corefile ${fnv(normalised)} (${core.servers.length} server blocks)`,
    evidence: { artifact: core.artifact, line: core.startLine, text: core.text.split('\n', 1)[0] ?? '' },
  });
}

/** Goroutine dumps of a component, best first: debug=2 has states and waits, debug=1 and the protobuf less. */
function dumpRank(path: string): number {
  return /debug[=-]?2/.test(path) ? 0 : /debug[=-]?1/.test(path) ? 1 : 2;
}

/** Goroutines per component (kubelet, etcd, …): how many, and how many in buckets that look stuck. */
function goroutines(db: Db, bundleId: number, b: Builder): void {
  const dumps = [...artifactsOfKind(db, bundleId, 'goroutine-dump'), ...artifactsOfKind(db, bundleId, 'pprof').filter((a) => /goroutine/i.test(a.path))];
  const best = new Map<string, (typeof dumps)[number]>();
  for (const a of dumps) {
    const component = componentOf(a.path) ?? a.path;
    const seen = best.get(component);
    if (!seen || dumpRank(a.path) < dumpRank(seen.path)) best.set(component, a);
  }
  for (const [component, a] of best) {
    let dump;
    try {
      dump = parseGoroutineDump(readArtifactBytes(db, a.id));
    } catch {
      continue;
    }
    const stuck = dump.buckets.filter((x) => x.stuck !== null);
    const worst = stuck.sort((x, y) => y.count - x.count)[0];
    b.put(`goroutines:${component}:total`, {
      kind: 'goroutines',
      type: 'measure',
      label: `${component} goroutines`,
      source: 'goroutines',
      value: dump.total,
      unit: ' goroutines',
      evidence: { artifact: a.path, line: null, text: `${dump.total} goroutines (${dump.format})` },
    });
    b.put(`goroutines:${component}:stuck`, {
      kind: 'goroutines',
      type: 'count',
      label: `${component} goroutines that look stuck`,
      source: 'goroutines',
      value: stuck.reduce((n, x) => n + x.count, 0),
      unit: 'goroutines',
      evidence: worst ? { artifact: a.path, line: null, text: `${worst.count} × ${worst.state}: ${worst.stuck ?? ''}` } : null,
    });
  }
}

/** Every feature of one bundle. Reads only what ingest stored (and the caches other views share). */
export function nodeFeatures(db: Db, bundleId: number): NodeFeatures {
  const b = new Builder();
  const sys = systemReport(db, bundleId);
  facts(db, bundleId, sys, b);
  sysctl(db, bundleId, b);
  modulesCmdlineMounts(db, bundleId, b);
  findings(db, bundleId, b);
  logs(db, bundleId, b);
  processes(db, bundleId, b);
  system(sys, b);
  iptables(db, bundleId, b);
  dns(db, bundleId, b);
  goroutines(db, bundleId, b);
  return { values: b.values, sources: b.sources };
}
