import type { IpvsDiff, IpvsService, IpvsServiceChange, IpvsTable } from '../../../shared/api/network';
import { serviceKey } from './ipvs';

/** Services of every ipvsadm dump of a bundle by key; -Ln and -Ln --stats of the same node merge. */
export function servicesByKey(tables: IpvsTable[]): Map<string, IpvsService> {
  const m = new Map<string, IpvsService>();
  for (const t of tables) {
    for (const s of t.services) {
      const k = serviceKey(s);
      const prev = m.get(k);
      if (!prev || (prev.scheduler === null && s.scheduler !== null)) m.set(k, s);
    }
  }
  return m;
}

function realServerConfig(s: IpvsService): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of s.realServers) {
    const host = r.address.includes(':') ? `[${r.address}]` : r.address;
    m.set(`${host}:${r.port ?? ''}`, r.weight === null ? '' : `${r.forward ?? ''} weight ${r.weight}`);
  }
  return m;
}

function serviceChanges(key: string, a: IpvsService, b: IpvsService): IpvsServiceChange[] {
  const out: IpvsServiceChange[] = [];
  const field = (name: string, x: string, y: string) => {
    if (x !== y) out.push({ service: key, field: name, before: x, after: y });
  };
  if (a.scheduler !== null && b.scheduler !== null) {
    field('scheduler', a.scheduler, b.scheduler);
    field('persistent', String(a.persistentSeconds ?? ''), String(b.persistentSeconds ?? ''));
    field('flags', a.flags.join(' '), b.flags.join(' '));
  }
  const ra = realServerConfig(a);
  const rb = realServerConfig(b);
  for (const [rs, conf] of ra) {
    if (!rb.has(rs)) out.push({ service: key, field: `real server ${rs}`, before: conf || 'present', after: 'absent' });
    else if (conf && rb.get(rs) && conf !== rb.get(rs)) out.push({ service: key, field: `real server ${rs}`, before: conf, after: rb.get(rs) as string });
  }
  for (const [rs, conf] of rb) if (!ra.has(rs)) out.push({ service: key, field: `real server ${rs}`, before: 'absent', after: conf || 'present' });
  return out;
}

/** Services added, removed, and changed in scheduler, persistence, flags, real servers and weights. */
export function ipvsDiff(before: IpvsTable[], after: IpvsTable[]): IpvsDiff {
  const a = servicesByKey(before);
  const b = servicesByKey(after);
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...a].flatMap(([k, s]) => (b.has(k) ? serviceChanges(k, s, b.get(k) as IpvsService) : []));
  return { added, removed, changed, identical: added.length + removed.length + changed.length === 0 };
}
