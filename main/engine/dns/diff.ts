import type {
  Corefile,
  CorefileDiff,
  CorefileDirective,
  CorefilePluginChange,
  DnsDiff,
  DnsView,
  HostsDiff,
  HostsEntry,
  ResolvConf,
  ResolvConfDiff,
} from '../../../shared/api/dns';
import { renderDirective, serverName } from './corefile';
import { primaryCorefile } from './load';
import { appendTo } from '../collections';

/** Plugins by name; a plugin used twice in a block is "name#2" the second time. */
function pluginsByKey(plugins: CorefileDirective[]): Map<string, CorefileDirective> {
  const m = new Map<string, CorefileDirective>();
  const seen = new Map<string, number>();
  for (const p of plugins) {
    const n = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, n);
    m.set(n === 1 ? p.name : `${p.name}#${n}`, p);
  }
  return m;
}

/** Lines of `a` missing from `b`, counted (a line twice in a and once in b is missing once). */
function linesMissing(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1);
  const out: string[] = [];
  for (const l of a) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else out.push(l);
  }
  return out;
}

function contentLines(text: string | null): string[] {
  return (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== '}');
}

function pluginChange(server: string, plugin: string, a: CorefileDirective | undefined, b: CorefileDirective | undefined): CorefilePluginChange | null {
  const before = a ? renderDirective(a) : null;
  const after = b ? renderDirective(b) : null;
  if (before === after) return null;
  const [la, lb] = [contentLines(before), contentLines(after)];
  return {
    server,
    plugin,
    change: !a ? 'added' : !b ? 'removed' : 'changed',
    before,
    after,
    linesAdded: linesMissing(lb, la),
    linesRemoved: linesMissing(la, lb),
  };
}

/** By server block and plugin: blocks added/removed, plugins added/removed/changed with the lines that differ. */
export function corefileDiff(a: Corefile | null, b: Corefile | null): CorefileDiff {
  const sa = new Map((a?.servers ?? []).map((s) => [serverName(s), s]));
  const sb = new Map((b?.servers ?? []).map((s) => [serverName(s), s]));
  const plugins: CorefilePluginChange[] = [];
  for (const [name, s] of sa) {
    const other = sb.get(name);
    if (!other) continue;
    const pa = pluginsByKey(s.plugins);
    const pb = pluginsByKey(other.plugins);
    for (const key of new Set([...pa.keys(), ...pb.keys()])) {
      const c = pluginChange(name, key, pa.get(key), pb.get(key));
      if (c) plugins.push(c);
    }
  }
  const ia = (a?.imports ?? []).map((i) => i.path);
  const ib = (b?.imports ?? []).map((i) => i.path);
  const d = {
    serversAdded: [...sb.keys()].filter((k) => !sa.has(k)),
    serversRemoved: [...sa.keys()].filter((k) => !sb.has(k)),
    plugins,
    importsAdded: linesMissing(ib, ia),
    importsRemoved: linesMissing(ia, ib),
  };
  const identical = d.serversAdded.length + d.serversRemoved.length + plugins.length + d.importsAdded.length + d.importsRemoved.length === 0;
  return { ...d, identical };
}

function addressesByName(entries: HostsEntry[]): Map<string, HostsEntry[]> {
  const m = new Map<string, HostsEntry[]>();
  for (const e of entries) {
    for (const n of e.names) {
      const key = n.toLowerCase();
      appendTo(m, key, { line: e.line, ip: e.ip, names: [n] });
    }
  }
  return m;
}

const ipsOf = (es: HostsEntry[]) => [...new Set(es.map((e) => e.ip))].sort();

/** By name: names on one side only, and names whose addresses differ. */
export function hostsDiff(a: HostsEntry[], b: HostsEntry[]): HostsDiff {
  const ma = addressesByName(a);
  const mb = addressesByName(b);
  const added = [...mb].filter(([n]) => !ma.has(n)).flatMap(([, es]) => es);
  const removed = [...ma].filter(([n]) => !mb.has(n)).flatMap(([, es]) => es);
  const changed = [...ma]
    .filter(([n, es]) => mb.has(n) && ipsOf(es).join() !== ipsOf(mb.get(n) as HostsEntry[]).join())
    .map(([n, es]) => ({ name: n, before: ipsOf(es), after: ipsOf(mb.get(n) as HostsEntry[]) }));
  return { added, removed, changed, identical: added.length + removed.length + changed.length === 0 };
}

export function resolvConfDiff(a: ResolvConf | null, b: ResolvConf | null): ResolvConfDiff {
  const fields = (r: ResolvConf | null) => ({
    nameservers: r ? [...r.nameservers, ...r.ignoredNameservers] : [],
    search: r?.search ?? [],
    options: (r?.options ?? []).map((o) => (o.value === null ? o.name : `${o.name}:${o.value}`)),
  });
  const [fa, fb] = [fields(a), fields(b)];
  const changes = (['nameservers', 'search', 'options'] as const)
    .filter((f) => fa[f].join(' ') !== fb[f].join(' ') || (a === null) !== (b === null))
    .map((field) => ({ field, before: fa[field], after: fb[field] }));
  return { artifact: (a ?? b)?.artifact ?? '', changes, identical: changes.length === 0 };
}

function hostsSources(v: DnsView): Map<string, HostsEntry[]> {
  const m = new Map<string, HostsEntry[]>();
  for (const h of v.hosts) m.set(h.key ? `${h.artifact} ${h.key}` : h.artifact, h.entries);
  const inline = v.corefileHosts.flatMap((h) => h.entries);
  if (v.corefileHosts.length > 0) m.set('Corefile hosts', inline);
  return m;
}

/** Corefile (the one CoreDNS runs), every hosts source and every resolv.conf, by path. */
export function dnsDiff(a: DnsView, b: DnsView): DnsDiff {
  const corefile = corefileDiff(primaryCorefile(a.corefiles), primaryCorefile(b.corefiles));
  const ha = hostsSources(a);
  const hb = hostsSources(b);
  const hosts = [...new Set([...ha.keys(), ...hb.keys()])]
    .map((source) => ({ source, ...hostsDiff(ha.get(source) ?? [], hb.get(source) ?? []) }))
    .filter((d) => !d.identical);
  const ra = new Map(a.resolvConfs.map((r) => [r.artifact, r]));
  const rb = new Map(b.resolvConfs.map((r) => [r.artifact, r]));
  const resolvConfs = [...new Set([...ra.keys(), ...rb.keys()])]
    .map((p) => resolvConfDiff(ra.get(p) ?? null, rb.get(p) ?? null))
    .filter((d) => !d.identical);
  return { corefile, hosts, resolvConfs, identical: corefile.identical && hosts.length === 0 && resolvConfs.length === 0 };
}
