import type { Comparison, NodeFactsCompare, SetChange, ValueChange } from '../../../shared/api/compare';
import { formatValue } from './format';
import type { CompareSection } from './model';

/** The comparison (main/engine/compare) as report sections of plain lines; A is the reference node. */

const show = (v: string | number | null): string => (v === null ? '(none)' : String(v));
const change = (c: ValueChange, prefix = ''): string => `${prefix}${c.name}: ${show(c.a)} → ${show(c.b)}`;
const setLines = (what: string, s: SetChange): string[] => [
  ...s.added.map((x) => `${what} only on this node: ${x}`),
  ...s.removed.map((x) => `${what} only on the reference: ${x}`),
];
const LIMIT = 30;
const cut = (lines: string[]): string[] => (lines.length > LIMIT ? [...lines.slice(0, LIMIT), `… ${lines.length - LIMIT} more`] : lines);

function facts(f: NodeFactsCompare): string[] {
  return [
    ...f.facts.map((c) => change(c)),
    ...f.sysctl.map((c) => change(c, 'sysctl ')),
    ...f.notCollected.map((n) => `${n.what} not collected on ${n.side === 'a' ? 'the reference' : 'this node'}`),
    ...setLines('module', f.modules),
    ...setLines('kernel argument', f.cmdline),
    ...setLines('mount', f.mounts),
  ];
}

function network(c: Comparison): string[] {
  const { iptables, ipvs } = c.network;
  return [
    ...iptables.backends.map((x) => `${x.artifact}: backend ${show(x.before)} → ${show(x.after)}`),
    ...iptables.chains.flatMap((ch) => [
      `${ch.family} ${ch.table} ${ch.chain}: ${ch.rulesBefore} → ${ch.rulesAfter} rules`,
      ...ch.added.map((r) => `+ ${r}`),
      ...ch.removed.map((r) => `- ${r}`),
    ]),
    ...ipvs.added.map((s) => `ipvs service only on this node: ${s}`),
    ...ipvs.removed.map((s) => `ipvs service only on the reference: ${s}`),
    ...ipvs.changed.map((s) => `ipvs ${s.service} ${s.field}: ${s.before} → ${s.after}`),
  ];
}

function dns(c: Comparison): string[] {
  const d = c.dns;
  return [
    ...d.corefile.serversAdded.map((s) => `Corefile server block only on this node: ${s}`),
    ...d.corefile.serversRemoved.map((s) => `Corefile server block only on the reference: ${s}`),
    ...d.corefile.plugins.flatMap((p) => [`Corefile ${p.server} ${p.plugin}: ${p.change}`, ...p.linesAdded.map((l) => `+ ${l}`), ...p.linesRemoved.map((l) => `- ${l}`)]),
    ...d.hosts.flatMap((h) => [
      ...h.added.map((e) => `${h.source} only on this node: ${e.ip} ${e.names.join(' ')}`),
      ...h.removed.map((e) => `${h.source} only on the reference: ${e.ip} ${e.names.join(' ')}`),
    ]),
    ...d.resolvConfs.flatMap((r) => r.changes.map((x) => `${r.artifact} ${x.field}: ${x.before.join(' ')} → ${x.after.join(' ')}`)),
  ];
}

export function compareSections(c: Comparison): CompareSection[] {
  const { findings, system, processes, profiles, logs } = c;
  const sections: [string, boolean, string[]][] = [
    ['Findings', findings.identical, [
      ...findings.new.map((f) => `new on this node: ${f.severity} ${f.rule}: ${f.title}`),
      ...findings.gone.map((f) => `only on the reference: ${f.severity} ${f.rule}: ${f.title}`),
      ...findings.changed.map((f) => `${f.rule}: ${f.a} → ${f.b} (${f.title})`),
    ]],
    ['Node facts', c.facts.identical, facts(c.facts)],
    ['System', system.identical, [
      ...system.rows.map((r) => `${r.group} ${r.name}: ${show(r.a)} → ${show(r.b)}${r.unit && r.unit !== 'count' ? ` ${r.unit}` : ''}`),
      ...system.missing.map((m) => `not collected: ${m}`),
    ]],
    ['Processes', processes.identical, [
      ...processes.changed.map((p) => `${p.command}: ${p.countA} [${p.statesA}] → ${p.countB} [${p.statesB}]${p.dStack.length ? `, kernel stack ${p.dStack.join(' < ')}` : ''}`),
      ...processes.onlyB.map((p) => `only on this node: ${p.command} ×${p.count} [${p.states}]`),
      ...processes.onlyA.map((p) => `only on the reference: ${p.command} ×${p.count} [${p.states}]`),
    ]],
    ['iptables and IPVS', c.network.identical, network(c)],
    ['DNS', c.dns.identical, dns(c)],
    ['Profiles', profiles.identical, [
      ...profiles.profiles.flatMap((p) => [
        `${p.pathB} (${p.sampleType}, this node scaled ×${p.scale.toPrecision(3)} to the reference's total)${p.error ? `: ${p.error}` : ''}`,
        ...p.gainers.slice(0, 5).map((r) => `+ ${formatValue(r.flat, p.sampleType)} ${r.name}`),
        ...p.losers.slice(0, 5).map((r) => `- ${formatValue(-r.flat, p.sampleType)} ${r.name}`),
      ]),
      ...profiles.onlyB.map((p) => `only on this node: ${p}`),
      ...profiles.onlyA.map((p) => `only on the reference: ${p}`),
    ]],
    ['Logs', logs.identical, [
      `${logs.linesA} → ${logs.linesB} log lines, ${logs.templatesA} → ${logs.templatesB} message templates, ${logs.differing} differ`,
      ...logs.templates.slice(0, 15).map((t) => `${t.countA} → ${t.countB} ${t.level ?? '-'}: ${t.template}`),
    ]],
  ];
  return sections.map(([title, identical, lines]) => ({ title, identical, lines: identical ? [] : cut(lines) }));
}
