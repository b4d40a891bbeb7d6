import fs from 'node:fs';
import type { GoroutineDump } from '../../shared/api/profiles';
import { frameText } from '../engine/goroutines/buckets';
import { DumpError } from '../engine/goroutines';
import { DUMP_READ_BYTES, loadGoroutineDump, parseDumpHead } from '../engine/goroutines/load';
import { findArtifact, megabytes } from '../engine/store/artifacts';
import { UnreadableError, UsageError, type Command, type CommandContext } from './command';
import { resolveBundle } from './resolve';

const HELP = `Usage:
  nodescope goroutines BUNDLE|ID ARTIFACT_PATH [--json] [--limit N]
  nodescope goroutines DUMP_FILE [--json] [--limit N]

Goroutines of a Go process grouped into buckets of identical stacks (function, file and line of each
frame; arguments ignored) with their state and how long they have waited. Reads
/debug/pprof/goroutine?debug=2 (and panic or SIGQUIT traces), ?debug=1 (no state, no wait time) and
the goroutine protobuf (states inferred from runtime frames). Buckets that look stuck - a channel send
waiting a minute or more (the kubelet PLEG deadlock), long waits on locks, pile-ups on one lock - are
listed first.

Options:
  --limit N   text output: at most N buckets (default 20; 0 = all)
  --json      {"total":N,"buckets":[{"count","state","waitMinutes","stack":["func file:line",...]}]}
              (and "partial":{"readBytes","artifactBytes"} for a dump past 16 MiB: its first whole records are read)

Examples:
  nodescope goroutines nodescope-node1-20261105T095027Z.tar.gz pprof/kubelet/goroutine-debug2.txt
  nodescope goroutines goroutines.txt --json`;

export const goroutinesCommand: Command = {
  name: 'goroutines',
  help: HELP,
  valueOptions: ['limit'],
  async run(ctx) {
    const args = ctx.args.positionals;
    if (args.length < 1 || args.length > 2) throw new UsageError('goroutines: give BUNDLE|ID ARTIFACT_PATH, or one dump file');
    let dump: GoroutineDump;
    const name = args.length === 1 ? args[0] : `${args[0]}:${args[1]}`;
    try {
      dump = args.length === 1 ? readFile(args[0]) : await readArtifact(ctx, args[0], args[1]);
    } catch (e) {
      if (e instanceof DumpError) throw new UnreadableError(`${name}: ${e.message}`);
      throw e;
    }
    if (ctx.json) ctx.io.stdout(`${JSON.stringify(toJson(dump))}\n`);
    else ctx.io.stdout(formatDump(dump, limit(ctx)));
    return 0;
  },
};

function limit(ctx: CommandContext): number {
  const raw = ctx.args.options.limit ?? '20';
  if (!/^\d+$/.test(raw)) throw new UsageError(`goroutines: --limit must be a whole number, not "${raw}"`);
  return Number(raw) === 0 ? Infinity : Number(raw);
}

/** A dump file, read up to DUMP_READ_BYTES as a bundle's dump is. */
function readFile(file: string): GoroutineDump {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new UnreadableError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, DUMP_READ_BYTES));
    const got = fs.readSync(fd, head, 0, head.length, 0);
    return parseDumpHead(head.subarray(0, got), size);
  } finally {
    fs.closeSync(fd);
  }
}

async function readArtifact(ctx: CommandContext, bundleArg: string, artifactPath: string): Promise<GoroutineDump> {
  const bundle = await resolveBundle(ctx, bundleArg);
  const a = findArtifact(ctx.db(), bundle, artifactPath.replace(/^\.\//, ''));
  if (!a) throw new UsageError(`goroutines: bundle ${bundle} has no artifact "${artifactPath}"`);
  return loadGoroutineDump(ctx.db(), a);
}

/** The DESIGN.md shape, stuck buckets first. */
export function toJson(dump: GoroutineDump) {
  return {
    total: dump.total,
    buckets: ordered(dump).map((b) => ({ count: b.count, state: b.state, waitMinutes: b.waitMinutes, stack: b.frames.map(frameText) })),
    // Only for a dump past what nodescope parses: the contract's shape is otherwise unchanged.
    ...(dump.partial ? { partial: dump.partial } : {}),
  };
}

/** What was left unread of a dump past DUMP_READ_BYTES. */
function partialNote(dump: GoroutineDump): string {
  const p = dump.partial;
  return p ? `; nodescope read its first ${megabytes(p.readBytes)} of ${megabytes(p.artifactBytes)} (whole records)` : '';
}

function ordered(dump: GoroutineDump) {
  return [...dump.buckets.filter((b) => b.stuck), ...dump.buckets.filter((b) => !b.stuck)];
}

function formatDump(dump: GoroutineDump, max: number): string {
  const out: string[] = [];
  const stated = dump.headerTotal !== null && dump.headerTotal !== dump.total ? ` (the dump states ${dump.headerTotal})` : '';
  out.push(`${dump.total} goroutines in ${dump.buckets.length} buckets (${dump.format})${stated}${dump.truncated ? '; the dump is truncated' : ''}${partialNote(dump)}`);
  out.push(`states: ${dump.states.map((s) => `${s.state} ${s.count}`).join(', ')}`);
  const stuck = dump.buckets.filter((b) => b.stuck);
  if (stuck.length) out.push('', 'STUCK:', ...stuck.map((b) => `  ${b.stuck}`));
  for (const b of ordered(dump).slice(0, max)) {
    const wait = b.waitMinutes ? `, ${b.minWaitMinutes === b.waitMinutes ? '' : `${b.minWaitMinutes}-`}${b.waitMinutes} minutes` : '';
    out.push('', `${b.count} [${b.state}${b.stateInferred ? ' (inferred)' : ''}${wait}]${b.stuck ? '  <- stuck' : ''}`);
    for (const f of b.frames) out.push(`    ${f.func}`, ...(f.file ? [`        ${f.file}:${f.line}`] : []));
    if (b.createdBy) out.push(`    created by ${b.createdBy}`);
  }
  if (dump.buckets.length > max) out.push('', `… ${dump.buckets.length - max} more buckets (--limit 0 shows all)`);
  return `${out.join('\n')}\n`;
}
