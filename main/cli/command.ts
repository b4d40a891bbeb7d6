import type { Db } from '../engine/store/workspace';

/** Exit codes of the CLI contract (DESIGN.md). */
export const EXIT = { ok: 0, failure: 1, usage: 2, unreadable: 3, busy: 4, unwritable: 5 } as const;

/** The exit status lines of --help (the contract above, in words). */
export const EXIT_HELP = `Exit status: 0 success (a partial ingest too), 2 usage error, 3 input cannot be read at all,
4 the workspace is busy (another nodescope is writing to it), 5 the workspace cannot be written
(disk full, read-only, no permission); 4 and 5 name the workspace file. 1 is any other failure.`;

/** A usage error: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {}

/** The input cannot be read at all: exit 3 with one line on stderr naming the file. */
export class UnreadableError extends Error {}

export interface ParsedArgs {
  /** Positional arguments, in order. */
  positionals: string[];
  /** --name value / --name=value options (last one wins), and repeatable ones in `lists`. */
  options: Record<string, string>;
  lists: Record<string, string[]>;
  flags: Set<string>;
}

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal (progress lines are drawn only then). */
  stderrIsTty: boolean;
  /** stderr without escaping, for the progress line's own cursor codes (its text is escaped). */
  rawStderr?: (text: string) => void;
}

export interface CommandContext {
  args: ParsedArgs;
  io: CommandIo;
  /**
   * Opens the workspace (lazily: --help and --version never touch it) for use on this thread: bundles
   * diagnosed by an older rule set re-diagnosed, the full-text index caught up (engine/index.ts).
   */
  db: () => Db;
  /**
   * Opens the workspace migrated only, for a command that hands its maintenance to the engine pool's
   * worker (serve: 100 bundles re-diagnosed after an upgrade would otherwise hold the server's start)
   * or does it itself (rediagnose, which reports what it re-diagnosed).
   */
  workspace?: () => Db;
  json: boolean;
}

export interface Command {
  name: string;
  /** Full --help text: usage line, description, options, examples. */
  help: string;
  /** Options that take a value (without the leading --). */
  valueOptions?: string[];
  /** Options that may be given more than once. */
  repeatableOptions?: string[];
  /** Options that are plain switches. */
  flagOptions?: string[];
  run(ctx: CommandContext): Promise<number>;
}
