import type { Comparison, NodeFactsCompare, SetChange, ValueChange } from '../../shared/api/compare';
import { compareBundles } from '../engine/compare';
import { UsageError, type Command } from './command';
import { resolveBundle } from './resolve';

const show = (v: string | number | null): string => (v === null ? '(none)' : String(v));
const change = (c: ValueChange, prefix = ''): string => `  ${prefix}${c.name}: ${show(c.a)} -> ${show(c.b)}`;
const setLines = (what: string, s: SetChange): string[] => [
  ...s.added.map((x) => `  ${what} only in B: ${x}`),
  ...s.removed.map((x) => `  ${what} only in A: ${x}`),
];

function factsText(f: NodeFactsCompare): string[] {
  return [
    ...f.facts.map((c) => change(c)),
    ...f.sysctl.map((c) => change(c, 'sysctl ')),
    ...f.notCollected.map((n) => `  ${n.what}: not collected in ${n.side.toUpperCase()}`),
    ...setLines('module', f.modules),
    ...setLines('cmdline', f.cmdline),
    ...setLines('mount', f.mounts),
  ];
}

function sectionsText(c: Comparison): [string, boolean, string[]][] {
  const { findings, system, processes, network, dns, profiles, logs } = c;
  return [
    ['findings', findings.identical, [
      ...findings.new.map((f) => `  new in B: ${f.severity.toUpperCase()} ${f.rule}: ${f.title}${f.count > 1 ? ` (x${f.count})` : ''}`),
      ...findings.gone.map((f) => `  gone from B: ${f.severity.toUpperCase()} ${f.rule}: ${f.title}${f.count > 1 ? ` (x${f.count})` : ''}`),
      ...findings.changed.map((f) => `  ${f.rule}: ${f.a} -> ${f.b} (${f.title})`),
    ]],
    ['node facts', c.facts.identical, factsText(c.facts)],
    ['system', system.identical, [
      ...system.rows.map((r) => `  ${r.group} ${r.name}: ${show(r.a)} -> ${show(r.b)}${r.unit && r.unit !== 'count' ? ` ${r.unit}` : ''}${r.delta === null ? '' : ` (${r.delta > 0 ? '+' : ''}${r.delta})`}`),
      ...system.missing.map((m) => `  missing ${m}`),
    ]],
    ['processes', processes.identical, [
      ...processes.changed.map((p) => `  ${p.command}: ${p.countA} [${p.statesA}] -> ${p.countB} [${p.statesB}]${p.dStack.length ? ` stack ${p.dStack.join(' < ')}` : ''}`),
      ...processes.onlyB.map((p) => `  only in B: ${p.command} x${p.count} [${p.states}]`),
      ...processes.onlyA.map((p) => `  only in A: ${p.command} x${p.count} [${p.states}]`),
      ...processes.missing.map((m) => `  missing ${m}`),
    ]],
    ['iptables / ipvs', network.identical, [
      ...network.iptables.backends.map((x) => `  ${x.artifact}: backend ${show(x.before)} -> ${show(x.after)}`),
      ...network.iptables.chains.flatMap((ch) => [
        `  ${ch.family} ${ch.table} ${ch.chain}${ch.presence === 'both' ? '' : ` (chain ${ch.presence})`}: ${ch.rulesBefore} -> ${ch.rulesAfter} rules`,
        ...ch.added.map((r) => `    + ${r}`),
        ...ch.removed.map((r) => `    - ${r}`),
        ...ch.counterDeltas.slice(0, 5).map((d) => `    packets ${d.before.packets} -> ${d.after.packets}: ${d.text}`),
      ]),
      ...network.ipvs.added.map((s) => `  ipvs service only in B: ${s}`),
      ...network.ipvs.removed.map((s) => `  ipvs service only in A: ${s}`),
      ...network.ipvs.changed.map((s) => `  ipvs ${s.service} ${s.field}: ${s.before} -> ${s.after}`),
    ]],
    ['dns', dns.identical, [
      ...dns.corefile.serversAdded.map((s) => `  Corefile server block only in B: ${s}`),
      ...dns.corefile.serversRemoved.map((s) => `  Corefile server block only in A: ${s}`),
      ...dns.corefile.plugins.flatMap((p) => [
        `  Corefile ${p.server} ${p.plugin}: ${p.change}`,
        ...p.linesAdded.map((l) => `    + ${l}`),
        ...p.linesRemoved.map((l) => `    - ${l}`),
      ]),
      ...dns.hosts.flatMap((h) => [
        ...h.added.map((e) => `  ${h.source} only in B: ${e.ip} ${e.names.join(' ')}`),
        ...h.removed.map((e) => `  ${h.source} only in A: ${e.ip} ${e.names.join(' ')}`),
        ...h.changed.map((e) => `  ${h.source} ${e.name}: ${e.before.join(',')} -> ${e.after.join(',')}`),
      ]),
      ...dns.resolvConfs.flatMap((r) => r.changes.map((x) => `  ${r.artifact} ${x.field}: ${x.before.join(' ')} -> ${x.after.join(' ')}`)),
    ]],
    ['profiles', profiles.identical, [
      ...profiles.profiles.flatMap((p) => [
        `  ${p.pathB} (${p.sampleType}, B scaled x${p.scale.toPrecision(3)} to A's total)${p.error ? `: ${p.error}` : ''}`,
        ...p.gainers.slice(0, 5).map((r) => `    + ${r.flat} ${r.name}`),
        ...p.losers.slice(0, 5).map((r) => `    - ${-r.flat} ${r.name}`),
      ]),
      ...profiles.onlyB.map((p) => `  only in B: ${p}`),
      ...profiles.onlyA.map((p) => `  only in A: ${p}`),
    ]],
    ['logs', logs.identical, [
      `  ${logs.linesA} -> ${logs.linesB} log lines, ${logs.templatesA} -> ${logs.templatesB} templates, ${logs.differing} differ`,
      ...logs.templates.slice(0, 30).map((t) => `  ${t.countA} -> ${t.countB} ${t.level ?? '-'}: ${t.template}`),
    ]],
  ];
}

export const compareCommand: Command = {
  name: 'compare',
  help: `Usage: nodescope compare BUNDLE_A BUNDLE_B [--json] [--db FILE]

Compares bundle B with bundle A (A: the good node, or before; B: the bad node, or after), section by
section, and lists only what differs and by how much: findings (new, gone, changed severity), node
facts (kernel, OS, versions, sysctl, modules, cmdline, mounts), system numbers side by side with the
delta, processes by command (D state first), iptables rules and counters per chain and ipvs
services, the Corefile by server block and plugin, /etc/hosts and resolv.conf, normalised pprof
differences per profile, and log message templates (new error templates of B first).

Options:
  --json   print {"a","b","identical",findings,facts,system,processes,network,dns,profiles,logs};
           comparing a bundle with itself gives "identical": true and lists nothing

Examples:
  nodescope compare good-node.tar.gz bad-node.tar.gz
  nodescope compare 1 2 --json`,
  async run(ctx) {
    const [argA, argB, extra] = ctx.args.positionals;
    if (!argA || !argB || extra !== undefined) throw new UsageError('compare: give exactly two bundles (paths or ids)');
    const a = await resolveBundle(ctx, argA);
    const b = await resolveBundle(ctx, argB);
    const c = compareBundles(ctx.db(), a, b);
    if (ctx.json) {
      ctx.io.stdout(`${JSON.stringify(c, null, 2)}\n`);
      return 0;
    }
    ctx.io.stdout(`A: ${c.a.node} (bundle ${c.a.id}, ${c.a.collectedAt ?? 'time unknown'})\nB: ${c.b.node} (bundle ${c.b.id}, ${c.b.collectedAt ?? 'time unknown'})\n`);
    if (c.identical) {
      ctx.io.stdout('identical: no difference in any section\n');
      return 0;
    }
    for (const [title, same, lines] of sectionsText(c)) {
      ctx.io.stdout(`\n== ${title} ==\n${same ? '  no difference\n' : `${lines.join('\n')}\n`}`);
    }
    return 0;
  },
};
