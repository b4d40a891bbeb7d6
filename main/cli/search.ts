import { LOG_FILES, LOG_LEVELS, type LogFiles, type LogLevel } from '../../shared/api';
import { searchLogs } from '../engine/search/api';
import { intOption } from './args';
import { UsageError, type Command } from './command';
import { resolveBundle } from './resolve';
import { terminalText } from './terminal';

export const searchCommand: Command = {
  name: 'search',
  help: `Usage: nodescope search BUNDLE|ID QUERY [--limit N] [--source S]... [--level L]...
                        [--from TIME] [--to TIME] [--files F] [--json] [--db FILE]

Searches every log line of the bundle (journal, pod and container logs, dmesg, syslog...), the
whole line (stamps aside: host, unit, pid, klog header, message) and its source. Lines of the logs
come first, every log merged by time; then lines of text files (command outputs, YAML, /proc),
file after file. QUERY:
  word          a word starting so, any case (Crash finds CrashLoopBackOff); all words must appear
  "a phrase"    exactly that text, any case (also a word with punctuation: kubelet.go:1829)
  -word         lines without it (also -"a phrase", -/regex/)
  /regex/       RE2 syntax (linear time), case-sensitive; /regex/i ignores case
  a OR b        either
BUNDLE is a path (ingested first if new) or a bundle id.

Options:
  --limit N     at most N lines (default 100, up to 10000)
  --source S    only lines from source S (a unit, program or namespace/pod/container); repeatable
  --level L     only lines of level L (fatal, error, warning, info, debug); repeatable
  --from TIME   only lines at or after TIME (ISO 8601, UTC unless it says otherwise)
  --to TIME     only lines at or before TIME
  --files F     logs (lines with times, merged by time), text (files without times) or all (default)
  --json        print [{"artifact","line","time","source","text"}], text as the node wrote it

Examples:
  nodescope search bundle.tar.gz 'PLEG is not healthy'
  nodescope search 3 error --source kubelet --json
  nodescope search 3 'Crash -coredns /statuscode: 5\\d\\d/'`,
  valueOptions: ['limit', 'from', 'to', 'files'],
  repeatableOptions: ['source', 'level'],
  async run(ctx) {
    const [bundleArg, ...words] = ctx.args.positionals;
    if (!bundleArg || words.length === 0) throw new UsageError('search: give a bundle (path or id) and a query');
    const levels = (ctx.args.lists.level ?? []).map((l) => {
      if (!(LOG_LEVELS as readonly string[]).includes(l)) throw new UsageError(`--level must be one of ${LOG_LEVELS.join(', ')}, found "${l}"`);
      return l as LogLevel;
    });
    for (const t of ['from', 'to']) {
      const v = ctx.args.options[t];
      if (v !== undefined && Number.isNaN(Date.parse(v))) throw new UsageError(`--${t} must be an ISO 8601 time, found "${v}"`);
    }
    const files = ctx.args.options.files;
    if (files !== undefined && !(LOG_FILES as readonly string[]).includes(files)) throw new UsageError(`--files must be one of ${LOG_FILES.join(', ')}, found "${files}"`);
    const bundle = await resolveBundle(ctx, bundleArg);
    const page = searchLogs(ctx.db(), {
      bundle,
      text: words.join(' '),
      sources: ctx.args.lists.source,
      levels,
      from: ctx.args.options.from,
      to: ctx.args.options.to,
      limit: intOption(ctx.args, 'limit', 1, 10_000) ?? 100,
      files: files as LogFiles | undefined,
    });
    if (ctx.json) {
      const rows = page.lines.map((l) => ({ artifact: l.artifact, line: l.line, time: l.time, source: l.source, level: l.level, text: l.text }));
      ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    for (const l of page.lines) ctx.io.stdout(`${terminalText(l.artifact)}:${l.line}: ${terminalText(l.text)}\n`);
    if (page.lines.length === 0) ctx.io.stderr('no matching lines\n');
    else if (page.next !== null) ctx.io.stderr(`(more lines match: raise --limit to see them)\n`);
    return 0;
  },
};
