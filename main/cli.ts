import fs from 'node:fs';
import path from 'node:path';
import { UnreadableInputError } from './engine/ingest';
import { openEngine } from './engine';
import { WorkspaceError, defaultWorkspacePath, type Db } from './engine/store/workspace';
import { commandName, parseArgs } from './cli/args';
import { EXIT, UnreadableError, UsageError, type CommandIo } from './cli/command';
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

Exit status: 0 success (a partial ingest too), 2 usage error, 3 input cannot be read at all.
`;
}

const processIo: CommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Runs the CLI and returns its exit code (the caller exits: stdout is flushed first). */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const { name, rest } = commandName(argv);
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
    io.stdout(target ? `${target.help}\n` : usage());
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`nodescope: unknown command "${name}" (see nodescope --help)\n`);
    return EXIT.usage;
  }
  let db: Db | undefined;
  try {
    const args = parseArgs(rest, command);
    if (args.flags.has('help')) {
      io.stdout(`${command.help}\n`);
      return EXIT.ok;
    }
    const dbPath = args.options.db ?? defaultWorkspacePath();
    return await command.run({
      args,
      io,
      json: args.flags.has('json'),
      db: () => (db ??= openEngine(dbPath)),
    });
  } catch (e) {
    return reportError(e, command.name, io);
  } finally {
    db?.close();
  }
}

function reportError(e: unknown, command: string, io: CommandIo): number {
  if (e instanceof UsageError) {
    io.stderr(`nodescope ${command}: ${e.message.replace(new RegExp(`^${command}: `), '')} (see nodescope ${command} --help)\n`);
    return EXIT.usage;
  }
  if (e instanceof UnreadableInputError || e instanceof UnreadableError || e instanceof ManifestError) {
    io.stderr(`nodescope: ${e.message}\n`);
    return EXIT.unreadable;
  }
  if (e instanceof WorkspaceError) {
    io.stderr(`nodescope: ${e.message}\n`);
    return EXIT.failure;
  }
  io.stderr(`nodescope ${command}: ${(e as Error).message ?? String(e)}\n`);
  if (process.env.NODESCOPE_DEBUG) io.stderr(`${(e as Error).stack}\n`);
  return EXIT.failure;
}
