import type { Evidence } from '../../../shared/api/findings';
import type { SystemReport } from '../../../shared/api/system';
import { cachedBundleTemplates } from '../compare/logs';
import { processesOf } from '../processes/api';
import type { Db } from '../store/workspace';
import type { Builder } from './model';
import { appendTo } from '../collections';

/** What a node does: findings, log templates, D-state processes, CPU, pressure and kernel limits. */

export function findings(db: Db, bundleId: number, b: Builder): void {
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

export function logs(db: Db, bundleId: number, b: Builder): void {
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

export function processes(db: Db, bundleId: number, b: Builder): void {
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
    appendTo(groups, key, p);
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

export function system(sys: SystemReport, b: Builder): void {
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
