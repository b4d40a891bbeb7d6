import fs from 'node:fs';
import path from 'node:path';
import { UnreadableInputError } from './engine/ingest';
import { openEngine } from './engine';
import { watchHeapGrowth } from './engine/heap';
import { WorkspaceError, defaultWorkspacePath, openWorkspace, type Db } from './engine/store/workspace';
import { commandName, parseArgs } from './cli/args';
import { EXIT, EXIT_HELP, UnreadableError, UsageError, type CommandIo } from './cli/command';
import { describeWorkspaceFailure, workspaceFailure } from './cli/failures';
import { rediagnoseProgress } from './cli/progress';
import { escapeControls, terminalText } from './cli/terminal';
import { COMMANDS } from './cli/commands';
import { ManifestError } from './engine/manifest/validate';

export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: nodescope COMMAND [ARGS] [--db FILE] [--json]

nodescope reads Kubernetes node bundles (from collector/nodescope-collect.sh, or any tarball
or folder of logs and profiles), diagnoses them, and lets you search and compare them offline.

Commands:
${list}

Options for every command:
  --db FILE   workspace database (default: $NODESCOPE_DB, else ${defaultWorkspacePath()})
  --json      one JSON document on stdout, nothing else
  --help      help for a command (nodescope COMMAND --help)
  --version   print the version

${EXIT_HELP}
`;
}

const processIo: CommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/**
 * A reader that goes away (`nodescope findings 1 | head -1`) ends the command quietly, as with any
 * Unix filter: no stack trace, and the workspace is only ever read or staged at that point.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT.ok);
      throw e;
    });
  }
}

/** What commands write: control characters escaped unless the output is JSON (already escaped). */
function safeIo(io: CommandIo, json: boolean): CommandIo {
  return {
    stdout: json ? io.stdout : (t) => io.stdout(escapeControls(t)),
    stderr: (t) => io.stderr(escapeControls(t)),
    stderrIsTty: io.stderrIsTty,
    rawStderr: io.stderr,
  };
}

/** Runs the CLI and returns its exit code (the caller exits: stdout is flushed first). */
export async function main(argv: string[], rawIo: CommandIo = processIo): Promise<number> {
  watchHeapGrowth();
  if (rawIo === processIo) quietOnClosedPipe();
  const { name, rest } = commandName(argv);
  const io = safeIo(rawIo, rest.includes('--json'));
  if (name === undefined) {
    if (rest.includes('--version')) {
      io.stdout(`nodescope ${version()}\n`);
      return EXIT.ok;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(usage());
      return EXIT.ok;
    }
    io.stderr(usage());
    return EXIT.usage;
  }
  if (name === 'help') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout(target ? `${target.load().help}\n` : usage());
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`nodescope: unknown command "${terminalText(name)}" (see nodescope --help)\n`);
    return EXIT.usage;
  }
  const command = entry.load();
  let db: Db | undefined;
  let dbPath = defaultWorkspacePath();
  try {
    const args = parseArgs(rest, command);
    if (args.flags.has('help')) {
      io.stdout(`${command.help}\n`);
      return EXIT.ok;
    }
    dbPath = args.options.db ?? dbPath;
    return await command.run({
      args,
      io,
      json: args.flags.has('json'),
      db: () => (db ??= openEngineShowing(dbPath, io)),
      workspace: () => (db ??= openWorkspace(dbPath)),
    });
  } catch (e) {
    return reportError(e, command.name, io, dbPath);
  } finally {
    try {
      db?.close();
    } catch {
      // A workspace that cannot be written may fail to checkpoint on close: its error was reported.
    }
  }
}

/** openEngine, with the re-diagnosis of stale bundles (after an upgrade) counted on a terminal. */
function openEngineShowing(dbPath: string, io: CommandIo): Db {
  const progress = rediagnoseProgress(io);
  try {
    return openEngine(dbPath, { onRediagnose: progress.update });
  } finally {
    progress.done();
  }
}

function reportError(e: unknown, command: string, io: CommandIo, dbPath: string): number {
  const failure = workspaceFailure(e);
  if (failure) {
    const { code, message } = describeWorkspaceFailure(failure, dbPath, e);
    io.stderr(`nodescope: ${terminalText(message)}\n`);
    return code;
  }
  if (e instanceof UsageError) {
    io.stderr(`nodescope ${command}: ${e.message.replace(new RegExp(`^${command}: `), '')} (see nodescope ${command} --help)\n`);
    return EXIT.usage;
  }
  if (e instanceof UnreadableInputError || e instanceof UnreadableError || e instanceof ManifestError) {
    io.stderr(`nodescope: ${terminalText(e.message)}\n`);
    return EXIT.unreadable;
  }
  if (e instanceof WorkspaceError) {
    io.stderr(`nodescope: ${e.message}\n`);
    return EXIT.failure;
  }
  io.stderr(`nodescope ${command}: ${terminalText((e as Error).message ?? String(e))}\n`);
  if (process.env.NODESCOPE_DEBUG) io.stderr(`${(e as Error).stack}\n`);
  return EXIT.failure;
}
