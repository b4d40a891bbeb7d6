import type { FleetGroups, FleetReport } from '../../shared/api/fleet';
import { fleetGroups, fleetReport } from '../engine/fleet';
import { UsageError, type Command, type CommandContext } from './command';
import { resolveBundle } from './resolve';

/** Bundle text shown on a terminal: control characters (escape sequences) as \xNN. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

async function resolveAll(ctx: CommandContext, args: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const a of args) {
    const id = await resolveBundle(ctx, a);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function reportText(r: FleetReport): string {
  const out = [`${r.nodes.length} nodes, ${r.featureCount} features compared`];
  if (r.outliers.length === 0) {
    out.push('no node stands out: every node is like the others on every feature');
    return `${out.join('\n')}\n`;
  }
  r.outliers.forEach((o, i) => {
    out.push('', `${i + 1}. ${printable(o.node)} (bundle ${o.id}), score ${o.score}`);
    for (const w of o.why) {
      out.push(`   - ${printable(w.text)}  [score ${w.score}]`);
      if (w.evidence) out.push(`       ${printable(w.evidence.artifact)}${w.evidence.line ? `:${w.evidence.line}` : ''}: ${printable(w.evidence.text.split('\n')[0] ?? '').slice(0, 200)}`);
    }
  });
  const usual = r.nodes.filter((n) => !r.outliers.some((o) => o.id === n.id));
  if (usual.length) out.push('', `like the others: ${usual.map((n) => printable(n.node)).join(', ')}`);
  return `${out.join('\n')}\n`;
}

function groupsText(g: FleetGroups): string {
  const out = [`A: ${g.a.map((n) => printable(n.node)).join(', ')}`, `B: ${g.b.map((n) => printable(n.node)).join(', ')}`];
  if (g.separators.length === 0) out.push('', 'nothing separates the two groups');
  else out.push('', 'what separates B from A, best first:');
  for (const s of g.separators.slice(0, 30)) out.push(`  ${s.separation.toFixed(2)}  ${printable(s.feature)}: A ${printable(s.a)}; B ${printable(s.b)}`);
  return `${out.join('\n')}\n`;
}

export const fleetCommand: Command = {
  name: 'fleet',
  help: `Usage: nodescope fleet BUNDLE|ID... [--versus BUNDLE|ID]... [--json] [--db FILE]

Looks at the bundles of several nodes (3 or more) together: every node gets a robust score per
feature — findings by rule, node facts (kernel, OS, versions), sysctl values, kernel modules and
parameters, mounts, log message templates and their counts, D-state processes and their kernel
stacks, CPU steal/iowait, pressure, kernel limits, iptables rule and chain counts, the Corefile —
from the median and median absolute deviation of numbers and the rarity of categories. Nodes unlike
the pool are listed most unusual first, each with the few features that make it so, in plain words,
with the line or file that shows it. A pool of alike nodes lists none.

With --versus, the bundles given after it form group B and the others group A (bad nodes versus good
ones, after an upgrade versus before), and the features are ranked by how well they separate the two
groups (1: every node of B differs from every node of A).

Options:
  --versus B   a bundle of group B (repeat it for each)
  --json       print {"nodes":[{"id","node"}],"outliers":[{"node","score","why":[{"feature","value",
               "usual","evidence"}]}]}, outliers most unusual first (with --versus:
               {"a":[...],"b":[...],"separators":[{"feature","separation","a","b"}]})

Examples:
  nodescope fleet worker-*.tar.gz
  nodescope fleet 1 2 3 4 5 6 7 8 --json
  nodescope fleet 1 2 3 4 --versus 5 --versus 6`,
  repeatableOptions: ['versus'],
  async run(ctx) {
    const versus = ctx.args.lists.versus ?? [];
    if (versus.length) {
      const a = await resolveAll(ctx, ctx.args.positionals);
      const b = await resolveAll(ctx, versus);
      if (a.length === 0) throw new UsageError('fleet: give the bundles of group A before or after --versus');
      if (a.some((id) => b.includes(id))) throw new UsageError('fleet: a bundle cannot be in both groups');
      const g = fleetGroups(ctx.db(), a, b);
      ctx.io.stdout(ctx.json ? `${JSON.stringify(g, null, 2)}\n` : groupsText(g));
      return 0;
    }
    const ids = await resolveAll(ctx, ctx.args.positionals);
    if (ids.length < 2) throw new UsageError('fleet: give the bundles of at least two nodes (three or more to find outliers)');
    const r = fleetReport(ctx.db(), ids);
    if (ctx.json) {
      ctx.io.stdout(`${JSON.stringify({ nodes: r.nodes, outliers: r.outliers, featureCount: r.featureCount, threshold: r.threshold }, null, 2)}\n`);
      return 0;
    }
    ctx.io.stdout(reportText(r));
    return 0;
  },
};
