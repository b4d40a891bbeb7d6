import { rediagnoseStale, RULES_VERSION, type Rediagnosis } from '../engine/rules';
import { UsageError, type Command } from './command';
import { rediagnoseProgress } from './progress';

export const rediagnoseCommand: Command = {
  name: 'rediagnose',
  help: `Usage: nodescope rediagnose [--json] [--db FILE]

Findings are computed at ingest and stored with the version of the rule set that made them. When
nodescope's rules change, this re-runs them on every bundle of the workspace diagnosed by another
version (the app does the same when it opens a workspace). Bundles already current are left alone.

Options:
  --json   print {"version","bundles":[{"id","previousVersion","findings"}]}

Examples:
  nodescope rediagnose
  nodescope rediagnose --db /tmp/workspace.db --json`,
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new UsageError('rediagnose: takes no arguments');
    // Migrated only: opening for use would re-diagnose the bundles itself, and leave nothing to report.
    const db = (ctx.workspace ?? ctx.db)();
    const progress = rediagnoseProgress(ctx.io);
    let done: Rediagnosis[];
    try {
      done = rediagnoseStale(db, progress.update);
    } finally {
      progress.done();
    }
    if (ctx.json) {
      const bundles = done.map((d) => ({ id: d.bundleId, previousVersion: d.previousVersion, findings: d.findings }));
      ctx.io.stdout(`${JSON.stringify({ version: RULES_VERSION, bundles }, null, 2)}\n`);
      return 0;
    }
    if (done.length === 0) ctx.io.stdout(`every bundle is diagnosed by the current rules (${RULES_VERSION})\n`);
    for (const d of done) {
      ctx.io.stdout(`bundle ${d.bundleId}: ${d.findings} finding${d.findings === 1 ? '' : 's'} (rules ${d.previousVersion ?? 'never run'} → ${RULES_VERSION})\n`);
    }
    return 0;
  },
};
