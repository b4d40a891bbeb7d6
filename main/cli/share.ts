import fs from 'node:fs';
import path from 'node:path';
import { reviewShare, shareBundle, type ShareSettings, type ShareSummary } from '../engine/share/bundle';
import { defaultMapPath, loadShareMap, ShareMapError } from '../engine/share/map';
import { Unsharer } from '../engine/share/unshare';
import { UnreadableError, UsageError, type Command, type CommandContext } from './command';
import { resolveBundle } from './resolve';

function listOption(ctx: CommandContext, name: string): string[] {
  return (ctx.args.lists[name] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function words(ctx: CommandContext): string[] {
  const file = ctx.args.options['words-file'];
  const fromFile = file ? readText(file).split('\n').map((w) => w.trim()).filter((w) => w && !w.startsWith('#')) : [];
  return [...listOption(ctx, 'word'), ...fromFile];
}

/** --pattern REGEX: checked here so a typo is a usage error, not a failure halfway through. */
function patterns(ctx: CommandContext): string[] {
  const list = ctx.args.lists.pattern ?? [];
  for (const p of list) {
    try {
      if (new RegExp(p).test('')) throw new UsageError(`share: --pattern ${p} matches the empty string`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`share: --pattern ${p} is not a regular expression: ${(e as Error).message}`);
    }
  }
  return list;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnreadableError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function mapFileOf(ctx: CommandContext): string {
  return path.resolve(ctx.args.options.map ?? defaultMapPath(ctx.db().name));
}

function printSummary(ctx: CommandContext, s: ShareSummary, head: string): void {
  ctx.io.stdout(`${head}\n`);
  for (const f of s.found) ctx.io.stdout(`  ${f.kind.padEnd(10)} ${`${f.distinct}${f.distinctAtLeast ? '+' : ''}`.padStart(6)} distinct ${String(f.occurrences).padStart(9)} occurrences\n`);
  if (s.found.length === 0) ctx.io.stdout('  no identifying value found\n');
  for (const l of s.leftOut) ctx.io.stdout(`  left out: ${l.path}: ${l.reason}\n`);
  for (const p of s.originalIncomplete) ctx.io.stdout(`  the original was read incomplete: ${p.path ? `${p.path}: ` : ''}${p.message}\n`);
}

export const shareCommand: Command = {
  name: 'share',
  help: `Usage: nodescope share BUNDLE|ID -o OUT.tar.gz [--map MAP.json] [options] [--db FILE]
       nodescope share BUNDLE|ID --review [--json]

Writes a new bundle in which every identifying value is replaced by a consistent pseudonym: IPv4 and
IPv6 addresses (also as 10-0-187-218, ip-10-0-187-218 and reversed .in-addr.arpa names) become
addresses of reserved ranges that keep subnet membership (240.0.0.0/4, 2001:db8::/32); MAC
addresses; the node's host names and domains, the names in /etc/hosts and the Kubernetes node list,
the DNS search domains and any name under them; e-mail addresses; users of home folders; with
--k8s-names, namespaces and pods outside the system namespaces; and your own words. It rewrites every
text file, the inside of .gz files, profile string tables and file names, and removes secrets the
collector may have missed. Certificates' bodies become a marker that keeps their validity; base64
certificates and data: URLs are decoded, cleaned and encoded again. Binary files are left out (listed). The output is a normal bundle: it
ingests, diagnoses and compares like the original, and its manifest records what was replaced
(kinds and counts, never a value).

The map (what each value became) stays on the site, mode 600, beside the workspace by default
(share-map.json). Share several bundles with one map and the same value gets the same pseudonym in
all of them. "nodescope unshare" turns pseudonyms in a reply back into real values.

Options:
  -o, --output FILE       the shared bundle to write (.tar.gz)
  --map FILE              the map to use and update (default: share-map.json beside the workspace)
  --review                print what would be replaced (kinds, counts, samples) and write nothing
  --k8s-names             also replace namespace and pod names (not kube-system, default, …)
  --word WORD             also replace this word (repeatable, or comma-separated)
  --words-file FILE       also replace the words of this file, one a line
  --pattern REGEX         also replace what this regular expression matches (repeatable)
  --keep VALUE            let this value leave as it is (repeatable, or comma-separated)
  --json                  print the summary as JSON

Examples:
  nodescope share bad-node.tar.gz --review
  nodescope share bad-node.tar.gz -o to-vendor.tar.gz --word acme --keep 10.96.0.10
  nodescope unshare vendor-reply.txt`,
  valueOptions: ['output', 'map', 'words-file'],
  repeatableOptions: ['word', 'keep', 'pattern'],
  flagOptions: ['review', 'k8s-names'],
  async run(ctx) {
    const [bundleArg, extra] = ctx.args.positionals;
    if (!bundleArg || extra !== undefined) throw new UsageError('share: give exactly one bundle (path or id)');
    const output = ctx.args.options.output;
    const review = ctx.args.flags.has('review');
    if (!output && !review) throw new UsageError('share: give the output file with -o OUT.tar.gz (or --review to only look)');
    if (output && !/\.(tar\.gz|tgz)$/i.test(output)) throw new UsageError('share: -o must name a .tar.gz file');
    const mapFile = mapFileOf(ctx);
    if (output && path.resolve(output) === mapFile) throw new UsageError('share: the map and the shared bundle must be two different files');
    try {
      loadShareMap(mapFile);
    } catch (e) {
      if (e instanceof ShareMapError) throw new UnreadableError(e.message);
      throw e;
    }
    const bundle = await resolveBundle(ctx, bundleArg);
    const settings: ShareSettings = {
      mapFile,
      k8sNames: ctx.args.flags.has('k8s-names'),
      words: words(ctx),
      patterns: patterns(ctx),
      keep: listOption(ctx, 'keep'),
      onProgress: ctx.io.stderrIsTty ? (done, total, p) => ctx.io.stderr(`\r\x1b[K${done}/${total} ${p.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 60)}`) : undefined,
    };
    if (review || !output) {
      const s = reviewShare(ctx.db(), bundle, settings);
      if (ctx.io.stderrIsTty) ctx.io.stderr('\r\x1b[K');
      if (ctx.json) ctx.io.stdout(`${JSON.stringify({ ...s, mapFile })}\n`);
      else printSummary(ctx, s, `would replace in ${s.files} files of bundle ${bundle} (map: ${mapFile}):`);
      return 0;
    }
    fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
    const result = await shareBundle(ctx.db(), bundle, path.resolve(output), settings);
    if (ctx.io.stderrIsTty) ctx.io.stderr('\r\x1b[K');
    if (ctx.json) ctx.io.stdout(`${JSON.stringify({ ...result, found: result.found.map(({ samples: _s, ...f }) => f) })}\n`);
    else printSummary(ctx, result, `wrote ${output}: ${result.files} files, ${result.bytes} bytes; map ${mapFile} (keep it on the site)`);
    return 0;
  },
};

export const unshareCommand: Command = {
  name: 'unshare',
  help: `Usage: nodescope unshare FILE [--map MAP.json] [-o OUT] [--db FILE]

Prints FILE with every pseudonym of the map (addresses, names, domains, users made by
"nodescope share") replaced by the real value. FILE "-" reads standard input. The map is the one
"nodescope share" wrote: share-map.json beside the workspace unless --map names another.

Options:
  --map FILE              the map (default: share-map.json beside the workspace)
  -o, --output FILE       write the result to FILE instead of standard output`,
  valueOptions: ['map', 'output'],
  async run(ctx) {
    const [file, extra] = ctx.args.positionals;
    if (!file || extra !== undefined) throw new UsageError('unshare: give exactly one file (or - for standard input)');
    const mapFile = mapFileOf(ctx);
    if (!fs.existsSync(mapFile)) throw new UnreadableError(`${mapFile}: no such map (share a bundle first, or give --map)`);
    let map;
    try {
      map = loadShareMap(mapFile);
    } catch (e) {
      if (e instanceof ShareMapError) throw new UnreadableError(e.message);
      throw e;
    }
    const text = file === '-' ? fs.readFileSync(0, 'utf8') : readText(file);
    const out = new Unsharer(map).text(text);
    const output = ctx.args.options.output;
    if (output) fs.writeFileSync(output, out);
    else ctx.io.stdout(out);
    return 0;
  },
};
