import fs from 'node:fs';
import { diffTop, type DiffTable } from '../engine/profiles/diff';
import { decodeProfile } from '../engine/profiles/load';
import { ProfileError, type Profile } from '../engine/profiles/model';
import { exportProfile, toFilter } from '../engine/profiles/api';
import { PROFILE_EXPORT_FORMATS, type ProfileExportFormat } from '../../shared/api/profiles';
import type { TopTable } from '../engine/profiles/top';
import { topTable } from '../engine/profiles/top';
import { findArtifact, readArtifactBytes } from '../engine/store/artifacts';
import { UnreadableError, UsageError, type Command, type CommandContext } from './command';
import { resolveBundle } from './resolve';

const HELP = `Usage:
  nodescope profile top BUNDLE|ID ARTIFACT_PATH [--sample TYPE] [--limit N] [--json]
  nodescope profile top PROFILE_FILE [--sample TYPE] [--limit N] [--json]
  nodescope profile diff BASE TARGET [--sample TYPE] [--limit N] [--raw] [--json]
  nodescope profile export PROFILE [--base BASE] --format folded|speedscope|pprof -o FILE

top: the functions of a Go pprof profile by flat and cum, exactly as \`go tool pprof -top
-nodefraction=0\` computes them (inlined functions count as their own; names without pprof's
" (inline)" suffix). The profile is an artifact of a bundle (ARTIFACT_PATH as listed by the app, e.g.
pprof/kubelet/cpu.pb.gz), or a plain profile file (gzipped or raw profile.proto).

diff: TARGET against BASE, as \`go tool pprof -diff_base=BASE -normalize TARGET\` (the target scaled to
the base's total; --raw: plain -diff_base, the raw delta). BASE and TARGET are BUNDLE|ID:ARTIFACT_PATH,
or plain profile files; the two may come from different bundles (node A vs node B, before vs after).

export: the profile (or its diff against --base) with the filters applied, for other tools: folded
stacks (flamegraph.pl, speedscope), speedscope JSON, or a gzipped pprof protobuf that \`go tool pprof\`
reads (a diff keeps its base samples negated with the label pprof::base=true, as pprof saves diffs).
PROFILE and BASE are written like diff's.

Options:
  --sample TYPE   a -sample_index name: cpu, samples, inuse_space, inuse_objects, alloc_space,
                  alloc_objects, contentions, delay, goroutine… (default: the profile's default type)
  --limit N       at most N rows (default 30; 0 = all)
  --focus RE      only samples with a frame matching RE (function or file name)
  --ignore RE     drop samples with a frame matching RE
  --hide RE       remove frames matching RE from the stacks
  --raw           diff: raw delta, without normalising the target to the base's total
  --format F      export: folded, speedscope or pprof
  -o, --output F  export: the file to write
  --json          top: {"sampleType","total","rows":[{"name","flat","cum"}]} with raw integers in the
                  sample type's unit; diff: the same plus "baseTotal","targetTotal","scale"

Examples:
  nodescope profile top nodescope-node1-20261105T095027Z.tar.gz pprof/kube-apiserver/heap.pb.gz --sample inuse_space
  nodescope profile top cpu.pb.gz --json
  nodescope profile diff 3:pprof/kubelet/cpu.pb.gz 4:pprof/kubelet/cpu.pb.gz`;

export const profileCommand: Command = {
  name: 'profile',
  help: HELP,
  valueOptions: ['sample', 'limit', 'focus', 'ignore', 'hide', 'format', 'output', 'base'],
  flagOptions: ['raw'],
  async run(ctx) {
    const [sub, ...rest] = ctx.args.positionals;
    if (sub === 'top') return top(ctx, rest);
    if (sub === 'diff') return diff(ctx, rest);
    if (sub === 'export') return exportTo(ctx, rest);
    throw new UsageError(`profile: say "top", "diff" or "export"${sub ? `, not "${sub}"` : ''}`);
  },
};

function limitOption(ctx: CommandContext): number | undefined {
  const raw = ctx.args.options.limit;
  if (raw === undefined) return 30;
  if (!/^\d+$/.test(raw)) throw new UsageError(`profile: --limit must be a whole number, not "${raw}"`);
  return Number(raw) === 0 ? undefined : Number(raw);
}

function filterOptions(ctx: CommandContext) {
  const { focus, ignore, hide } = ctx.args.options;
  try {
    return toFilter({ focus, ignore, hide });
  } catch (e) {
    throw new UsageError(`profile: ${(e as Error).message}`);
  }
}

async function top(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length < 1 || args.length > 2) throw new UsageError('profile top: give BUNDLE|ID ARTIFACT_PATH, or one profile file');
  const { profile } = args.length === 1 ? { profile: profileFile(args[0]) } : await bundleProfile(ctx, args[0], args[1]);
  const table = withSample(() => topTable(profile, { sample: ctx.args.options.sample, limit: limitOption(ctx), filter: filterOptions(ctx) }));
  if (ctx.json) ctx.io.stdout(`${JSON.stringify({ sampleType: table.sampleType, total: table.total, rows: table.rows })}\n`);
  else ctx.io.stdout(formatTop(table));
  return 0;
}

async function diff(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length !== 2) throw new UsageError('profile diff: give BASE and TARGET (BUNDLE|ID:ARTIFACT_PATH, or profile files)');
  const base = await profileRef(ctx, args[0]);
  const target = await profileRef(ctx, args[1]);
  const table = withSample(() =>
    diffTop(base, target, {
      sample: ctx.args.options.sample,
      normalize: !ctx.args.flags.has('raw'),
      filter: filterOptions(ctx),
      limit: limitOption(ctx),
    }),
  );
  if (ctx.json) ctx.io.stdout(`${JSON.stringify(table)}\n`);
  else ctx.io.stdout(formatDiff(table));
  return 0;
}

async function exportTo(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('profile export: give one PROFILE (BUNDLE|ID:ARTIFACT_PATH, or a profile file)');
  const format = ctx.args.options.format;
  if (!format || !(PROFILE_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`profile export: --format must be one of ${PROFILE_EXPORT_FORMATS.join(', ')}`);
  }
  const output = ctx.args.options.output;
  if (!output) throw new UsageError('profile export: say where to write with -o FILE');
  const profile = await profileRef(ctx, args[0]);
  const base = ctx.args.options.base ? await profileRef(ctx, ctx.args.options.base) : undefined;
  const { focus, ignore, hide, sample } = ctx.args.options;
  const out = withSample(() =>
    exportProfile(profile, format as ProfileExportFormat, { sample, focus, ignore, hide, normalize: !ctx.args.flags.has('raw') }, args[0], base),
  );
  fs.writeFileSync(output, out.encoding === 'base64' ? Buffer.from(out.data, 'base64') : out.data);
  if (ctx.json) ctx.io.stdout(`${JSON.stringify({ file: output, format, bytes: fs.statSync(output).size })}\n`);
  else ctx.io.stdout(`wrote ${output} (${format})\n`);
  return 0;
}

/** A wrong --sample is the user's mistake (exit 2), not an unreadable input. */
function withSample<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(`profile: ${e.message}`);
    throw e;
  }
}

function profileFile(file: string): Profile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UnreadableError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return decodeOrUnreadable(bytes, file);
}

function decodeOrUnreadable(bytes: Uint8Array, name: string): Profile {
  try {
    return decodeProfile(bytes);
  } catch (e) {
    if (e instanceof ProfileError) throw new UnreadableError(`${name}: ${e.message}`);
    throw e;
  }
}

async function bundleProfile(ctx: CommandContext, bundleArg: string, artifactPath: string): Promise<{ profile: Profile }> {
  const bundle = await resolveBundle(ctx, bundleArg);
  const a = findArtifact(ctx.db(), bundle, artifactPath.replace(/^\.\//, ''));
  if (!a) throw new UsageError(`profile: bundle ${bundle} has no artifact "${artifactPath}"`);
  return { profile: decodeOrUnreadable(readArtifactBytes(ctx.db(), a.id), `${bundleArg}:${artifactPath}`) };
}

/** BUNDLE|ID:ARTIFACT_PATH, split where the part before the colon is an id or an existing path; or a file. */
export function splitRef(arg: string, exists: (p: string) => boolean = fs.existsSync): { bundle: string; path: string } | { file: string } {
  if (exists(arg) && fs.statSync(arg).isFile() && !/\.(tar\.gz|tgz|tar)$/.test(arg)) return { file: arg };
  for (let i = arg.indexOf(':'); i > 0; i = arg.indexOf(':', i + 1)) {
    const head = arg.slice(0, i);
    if (/^\d+$/.test(head) || exists(head)) return { bundle: head, path: arg.slice(i + 1) };
  }
  throw new UsageError(`profile: "${arg}" is neither BUNDLE|ID:ARTIFACT_PATH nor a profile file`);
}

async function profileRef(ctx: CommandContext, arg: string): Promise<Profile> {
  const ref = splitRef(arg);
  if ('file' in ref) return profileFile(ref.file);
  return (await bundleProfile(ctx, ref.bundle, ref.path)).profile;
}

/** Human units the way pprof prints them (the JSON output keeps raw integers). */
export function formatValue(v: number, unit: string): string {
  const a = Math.abs(v);
  const scaled = (d: number, u: string) => `${+(v / d).toFixed(2)}${u}`;
  if (unit === 'nanoseconds') {
    if (a >= 1e9) return scaled(1e9, 's');
    if (a >= 1e6) return scaled(1e6, 'ms');
    if (a >= 1e3) return scaled(1e3, 'us');
    return `${v}ns`;
  }
  if (unit === 'bytes') {
    if (a >= 1024 ** 3) return scaled(1024 ** 3, 'GB');
    if (a >= 1024 ** 2) return scaled(1024 ** 2, 'MB');
    if (a >= 1024) return scaled(1024, 'kB');
    return `${v}B`;
  }
  return String(v);
}

function pct(v: number, total: number): string {
  return `${total === 0 ? '0.00' : ((100 * v) / total).toFixed(2)}%`;
}

function formatRows(table: TopTable): string {
  const unit = table.sampleType.split('/')[1] ?? '';
  const lines = [`${'flat'.padStart(10)} ${'flat%'.padStart(7)} ${'sum%'.padStart(7)} ${'cum'.padStart(10)} ${'cum%'.padStart(7)}`];
  let sum = 0;
  for (const r of table.rows) {
    sum += r.flat;
    lines.push(
      `${formatValue(r.flat, unit).padStart(10)} ${pct(r.flat, table.total).padStart(7)} ${pct(sum, table.total).padStart(7)} ` +
        `${formatValue(r.cum, unit).padStart(10)} ${pct(r.cum, table.total).padStart(7)}  ${r.name}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatTop(table: TopTable): string {
  const unit = table.sampleType.split('/')[1] ?? '';
  return `Type: ${table.sampleType}\nTotal: ${formatValue(table.total, unit)}\n${formatRows(table)}`;
}

function formatDiff(table: DiffTable): string {
  const unit = table.sampleType.split('/')[1] ?? '';
  const how = table.scale === 1 ? 'raw delta' : `target scaled by ${table.scale.toPrecision(4)} to the base's total`;
  return (
    `Type: ${table.sampleType} (target - base, ${how})\n` +
    `Base total: ${formatValue(table.baseTotal, unit)}, target total: ${formatValue(table.targetTotal, unit)}; percentages of the base total\n` +
    formatRows(table)
  );
}
