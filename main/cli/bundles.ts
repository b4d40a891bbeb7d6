import { bundlesApi } from '../engine/library/api';
import { UsageError, type Command } from './command';

export const bundlesCommand: Command = {
  name: 'bundles',
  help: `Usage: nodescope bundles [--json] [--db FILE]

Lists the bundles in the workspace, newest ingest first: id, node, layout (nodescope's manifest or
the peer tool it was recognised as), collection time, whether it is complete, and finding counts.
Use the id with any command that takes BUNDLE|ID.

Options:
  --json   print [{"id","name","node","format","layout","collectedAt","ingestedAt","sizeBytes","incomplete","findingCounts"}]

Examples:
  nodescope bundles
  nodescope bundles --json --db /tmp/workspace.db`,
  async run(ctx) {
    if (ctx.args.positionals.length) throw new UsageError('bundles: takes no arguments');
    const list = await bundlesApi(ctx.db()).listBundles();
    if (ctx.json) {
      ctx.io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      return 0;
    }
    if (!list.length) {
      ctx.io.stdout('the workspace holds no bundles (see "nodescope ingest")\n');
      return 0;
    }
    for (const b of list) {
      const layout = b.format === 'manifest' ? 'nodescope' : b.layout ?? 'plain';
      const counts = `${b.findingCounts.critical} critical, ${b.findingCounts.warning} warning, ${b.findingCounts.info} info`;
      ctx.io.stdout(`${String(b.id).padStart(4)}  ${b.node}  [${layout}]  collected ${b.collectedAt ?? 'unknown'}${b.incomplete ? '  INCOMPLETE' : ''}  ${counts}  ${b.name}\n`);
    }
    return 0;
  },
};
