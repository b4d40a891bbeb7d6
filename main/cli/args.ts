import { UsageError, type Command, type ParsedArgs } from './command';

/** Options every command accepts, before or after its arguments. */
export const GLOBAL_VALUE_OPTIONS = ['db'];
export const GLOBAL_FLAGS = ['json', 'help'];

/** Splits argv into the command name and the rest, skipping global options that come first. */
export function commandName(argv: string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return { name: argv[i + 1], rest: [...argv.slice(0, i), ...argv.slice(i + 2)] };
    if (a.startsWith('--')) {
      const bare = a.slice(2).split('=')[0];
      if (GLOBAL_VALUE_OPTIONS.includes(bare) && !a.includes('=')) i++;
      continue;
    }
    return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: undefined, rest: argv };
}

export function parseArgs(argv: string[], command: Pick<Command, 'name' | 'valueOptions' | 'repeatableOptions' | 'flagOptions'>): ParsedArgs {
  const values = new Set([...GLOBAL_VALUE_OPTIONS, ...(command.valueOptions ?? []), ...(command.repeatableOptions ?? [])]);
  const repeatable = new Set(command.repeatableOptions ?? []);
  const flags = new Set([...GLOBAL_FLAGS, ...(command.flagOptions ?? [])]);
  const out: ParsedArgs = { positionals: [], options: {}, lists: {}, flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      if (a.startsWith('-') && a.length > 1 && a !== '-') {
        if (a === '-h') {
          out.flags.add('help');
          continue;
        }
        if (a === '-o' && values.has('output')) {
          i = takeValue(argv, i, 'output', undefined, out, repeatable);
          continue;
        }
        throw new UsageError(`${command.name}: unknown option ${a} (an argument that starts with "-", such as a search's word to leave out, goes after "--")`);
      }
      out.positionals.push(a);
      continue;
    }
    const [name, inline] = splitOption(a.slice(2));
    if (flags.has(name)) {
      if (inline !== undefined) throw new UsageError(`${command.name}: --${name} takes no value`);
      out.flags.add(name);
    } else if (values.has(name)) {
      i = takeValue(argv, i, name, inline, out, repeatable);
    } else {
      throw new UsageError(`${command.name}: unknown option --${name}`);
    }
  }
  return out;
}

function splitOption(s: string): [string, string | undefined] {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
}

function takeValue(argv: string[], i: number, name: string, inline: string | undefined, out: ParsedArgs, repeatable: Set<string>): number {
  let value = inline;
  let next = i;
  if (value === undefined) {
    next = i + 1;
    value = argv[next];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
  }
  if (repeatable.has(name)) (out.lists[name] ??= []).push(value);
  else out.options[name] = value;
  return next;
}

/** A whole number option, with a usage error naming it when it is not one. */
export function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, found "${v}"`);
  return n;
}
