import fs from 'node:fs';
import { ingestBundle } from '../engine/ingest';
import { UsageError, type CommandContext } from './command';
import { progressPrinter } from './progress';

/**
 * BUNDLE|ID: a number is a bundle id in the workspace; anything else is a path, ingested on the fly
 * when new (recognised by sha256 when known). Unreadable input throws UnreadableInputError (exit 3).
 */
export async function resolveBundle(ctx: CommandContext, arg: string): Promise<number> {
  const db = ctx.db();
  if (/^\d+$/.test(arg) && !fs.existsSync(arg)) {
    const row = db.prepare("SELECT id FROM bundles WHERE id = ? AND state = 'ready'").get(Number(arg));
    if (!row) throw new UsageError(`no bundle with id ${arg} in the workspace (see "nodescope ingest" or the Library)`);
    return Number(arg);
  }
  const progress = progressPrinter(ctx.io, arg);
  try {
    const result = await ingestBundle(db, arg, { onProgress: progress.update });
    return result.id;
  } finally {
    progress.done();
  }
}
