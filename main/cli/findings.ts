import { storedFindings } from '../engine/findings/api';
import { UsageError, type Command } from './command';
import { resolveBundle } from './resolve';

export const findingsCommand: Command = {
  name: 'findings',
  help: `Usage: nodescope findings BUNDLE|ID [--json] [--db FILE]

Lists the findings the rules made for the bundle, most severe first, each with the evidence
lines (artifact path, line number, quoted text) that prove it.

Options:
  --json   print [{"rule","severity","title","summary","evidence":[{"artifact","line","text"}],...}]

Examples:
  nodescope findings nodescope-node1-20261105T095027Z.tar.gz
  nodescope findings 3 --json`,
  async run(ctx) {
    const [bundleArg, extra] = ctx.args.positionals;
    if (!bundleArg || extra !== undefined) throw new UsageError('findings: give exactly one bundle (path or id)');
    const bundle = await resolveBundle(ctx, bundleArg);
    const findings = storedFindings(ctx.db(), bundle);
    if (ctx.json) {
      ctx.io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
      return 0;
    }
    if (findings.length === 0) ctx.io.stdout('no findings\n');
    for (const f of findings) {
      ctx.io.stdout(`${f.severity.toUpperCase()} ${f.rule}: ${f.title}\n  ${f.summary}\n`);
      if (f.why?.firedBecause.length) ctx.io.stdout(`  why: ${f.why.firedBecause.join('; ')}\n`);
      if (f.why?.ruledOut.length) ctx.io.stdout(`  ruled out: ${f.why.ruledOut.join('; ')}\n`);
      for (const e of f.evidence) ctx.io.stdout(`    ${e.artifact}${e.line ? `:${e.line}` : ''}: ${e.text.split('\n')[0]}\n`);
      if (f.unchecked.length) ctx.io.stdout(`  not checked: ${f.unchecked.join('; ')}\n`);
    }
    return 0;
  },
};
