import { dnsView, primaryCorefile } from '../dns/load';
import { loadGoroutineDump } from '../goroutines/load';
import { loadIptables } from '../network/load';
import { componentOf } from '../profiles/api';
import { artifactsOfKind } from '../store/artifacts';
import type { Db } from '../store/workspace';
import type { Builder } from './model';

/** The network and the Go components: iptables rule and chain counts, the Corefile, goroutines. */

export function iptables(db: Db, bundleId: number, b: Builder): void {
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

export function dns(db: Db, bundleId: number, b: Builder): void {
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
export function goroutines(db: Db, bundleId: number, b: Builder): void {
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
      dump = loadGoroutineDump(db, a);
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
