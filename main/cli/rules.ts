import { RULES, RULES_VERSION, ruleInfo } from '../engine/rules';
import { UsageError, type Command } from './command';

export const rulesCommand: Command = {
  name: 'rules',
  help: `Usage: nodescope rules [RULE_ID] [--json]

Lists every diagnosis rule: its stable id, usual severity and title. With RULE_ID, prints that rule
in full: what it means, how to fix it, and upstream links. docs/rules.md is the same catalogue.

Options:
  --json   print {"version","rules":[{"id","title","severity","meaning","remedy","links"}]}

Examples:
  nodescope rules
  nodescope rules pleg-unhealthy`,
  async run(ctx) {
    const [id, extra] = ctx.args.positionals;
    if (extra !== undefined) throw new UsageError('rules: give at most one rule id');
    const chosen = id === undefined ? RULES : RULES.filter((r) => r.id === id);
    if (id !== undefined && chosen.length === 0) throw new UsageError(`rules: no rule "${id}" (nodescope rules lists them)`);
    if (ctx.json) {
      ctx.io.stdout(`${JSON.stringify({ version: RULES_VERSION, rules: chosen.map(ruleInfo) }, null, 2)}\n`);
      return 0;
    }
    if (id === undefined) {
      const width = Math.max(...RULES.map((r) => r.id.length));
      for (const r of RULES) ctx.io.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}\n`);
      ctx.io.stdout(`${RULES.length} rules, version ${RULES_VERSION}\n`);
      return 0;
    }
    for (const r of chosen) {
      ctx.io.stdout(`${r.id} (${r.severity}, version ${r.version}): ${r.title}\n\nReads: ${r.sources}\n\n${r.meaning}\n\nWhat to do: ${r.remedy}\n\n${r.links.map((l) => `  ${l}`).join('\n')}\n`);
    }
    return 0;
  },
};
