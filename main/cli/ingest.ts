import type { IngestResult } from '../../shared/api';
import { ingestBundle, UnreadableInputError } from '../engine/ingest';
import { EXIT, UsageError, type Command } from './command';
import { progressPrinter } from './progress';
import { terminalText } from './terminal';

export const ingestCommand: Command = {
  name: 'ingest',
  help: `Usage: nodescope ingest BUNDLE... [--json] [--db FILE]

Reads each bundle into the workspace: logs become searchable, findings are computed.
A bundle already in the workspace (same sha256) is recognised and not read again.
A bundle with unreadable or refused entries is ingested as far as it can be, marked
incomplete, and each problem is listed.

Options:
  --json       print {"bundles":[{"id","node","status":"new|known","incomplete","errors":[...]}]}
  --db FILE    workspace database (default: NODESCOPE_DB, else the user's data folder)

Exit status: 0 when every bundle was read (wholly or partly) or already known; 3 when a
bundle cannot be read at all (one line on stderr names it); 2 on a usage error; 4 when the
workspace is busy (another nodescope is ingesting into it); 5 when the workspace cannot be
written (disk full, read-only); 4 and 5 name the workspace file, and nothing is half-written.

Examples:
  nodescope ingest nodescope-node1-20261105T095027Z.tar.gz
  nodescope ingest ./support-bundle/ --json`,
  async run(ctx) {
    const paths = ctx.args.positionals;
    if (paths.length === 0) throw new UsageError('ingest: name at least one bundle (a .tar.gz, .tgz, .tar or a folder)');
    const results: IngestResult[] = [];
    let exit: number = EXIT.ok;
    for (const p of paths) {
      const progress = progressPrinter(ctx.io, p);
      try {
        const r = await ingestBundle(ctx.db(), p, { onProgress: progress.update });
        progress.done();
        results.push(r);
        if (!ctx.json) ctx.io.stdout(describe(p, r));
      } catch (e) {
        progress.done();
        if (!(e instanceof UnreadableInputError)) throw e;
        ctx.io.stderr(`nodescope: ${terminalText(e.message)}\n`);
        exit = EXIT.unreadable;
      }
    }
    if (ctx.json) {
      ctx.io.stdout(`${JSON.stringify({ bundles: results }, null, 2)}\n`);
    }
    return exit;
  },
};

function describe(file: string, r: IngestResult): string {
  const node = terminalText(r.node);
  if (r.status === 'known') return `${file}: already in the workspace as bundle ${r.id} (${node}); not read again\n`;
  const lines = [`${file}: ingested as bundle ${r.id} (${node})${r.incomplete ? ', INCOMPLETE' : ''}`];
  for (const e of r.errors) lines.push(`  error: ${e.path ? `${terminalText(e.path)}: ` : ''}${terminalText(e.message)}`);
  if (r.guessedCount) lines.push(`  ${r.guessedCount} artifact kinds guessed from path and content (no manifest entry for them)`);
  return `${lines.join('\n')}\n`;
}
