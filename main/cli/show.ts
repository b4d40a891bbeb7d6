import { bundleDetail } from '../engine/library/api';
import { UsageError, type Command } from './command';
import { resolveBundle } from './resolve';

/** Facts shown first, in this order; any other fact follows. */
const FACT_ORDER = ['hostname', 'nodes', 'kernel', 'os', 'kubeletVersion', 'containerRuntime', 'timezone', 'collectedAt', 'timeSource', 'links'];

export const showCommand: Command = {
  name: 'show',
  help: `Usage: nodescope show BUNDLE|ID [--json] [--db FILE]

Shows what nodescope made of a bundle: the node facts (hostname, kernel, OS, kubelet, runtime, zone,
collection time and where that time came from), the layout it was recognised as (nodescope's own
manifest, or a peer tool's: sosreport, troubleshoot, must-gather …), the nodes of a multi-node bundle,
whether it is complete (and what could not be read), and how many artifacts of each kind it holds.

Options:
  --json   print {"id","name","node","format","layout","facts","incomplete","errors","kinds","artifactCount","logLineCount",...}

Examples:
  nodescope show sosreport-node1-2026-12-02-abcdef.tar.xz
  nodescope show 3 --json`,
  async run(ctx) {
    const [bundleArg, extra] = ctx.args.positionals;
    if (!bundleArg || extra !== undefined) throw new UsageError('show: give exactly one bundle (path or id)');
    const id = await resolveBundle(ctx, bundleArg);
    const db = ctx.db();
    const detail = bundleDetail(db, id);
    const kinds = Object.fromEntries(
      (db.prepare('SELECT kind, count(*) AS n FROM artifacts WHERE bundle_id = ? GROUP BY kind ORDER BY n DESC, kind').all(id) as { kind: string; n: number }[]).map(
        (r) => [r.kind, r.n],
      ),
    );
    const aliases = (db.prepare('SELECT count(*) AS n FROM artifact_aliases WHERE bundle_id = ?').get(id) as { n: number }).n;
    if (ctx.json) {
      const { manifest: _manifest, ...rest } = detail;
      ctx.io.stdout(`${JSON.stringify({ ...rest, kinds, aliases }, null, 2)}\n`);
      return 0;
    }
    const out: string[] = [];
    out.push(`bundle ${detail.id}: ${detail.name}`);
    out.push(`  layout:      ${detail.format === 'manifest' ? 'nodescope collector (manifest.json)' : detail.layout ?? 'not recognised (kinds guessed from names and content)'}`);
    const facts = detail.facts;
    const keys = [...FACT_ORDER.filter((k) => k in facts), ...Object.keys(facts).filter((k) => !FACT_ORDER.includes(k) && k !== 'layout' && k !== 'layoutName').sort()];
    for (const k of keys) out.push(`  ${`${k}: `.padEnd(13)}${facts[k]}`);
    out.push(`  complete:    ${detail.incomplete ? `no, ${detail.errors.length} problem(s)` : 'yes'}`);
    for (const e of detail.errors.slice(0, 20)) out.push(`    ${e.path ?? '(archive)'}: ${e.message}`);
    if (detail.errors.length > 20) out.push(`    … and ${detail.errors.length - 20} more (--json lists all)`);
    out.push(`  artifacts:   ${detail.artifactCount} (${detail.guessedCount} with guessed kinds), ${aliases} aliases, ${detail.logLineCount} log lines`);
    out.push(`  kinds:       ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    out.push(`  findings:    ${detail.findingCounts.critical} critical, ${detail.findingCounts.warning} warning, ${detail.findingCounts.info} info`);
    ctx.io.stdout(`${out.join('\n')}\n`);
    return 0;
  },
};
