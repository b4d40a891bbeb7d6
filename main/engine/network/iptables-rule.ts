import type { Counters, IptablesRule, RuleMatch } from '../../../shared/api/network';
import { splitRuleWords } from './tokens';

/** Core options of iptables(8) that take one value; they never start a match module's options. */
const CORE_OPTIONS: Record<string, 'source' | 'destination' | 'protocol' | 'inInterface' | 'outInterface'> = {
  '-s': 'source',
  '--source': 'source',
  '--src': 'source',
  '-d': 'destination',
  '--destination': 'destination',
  '--dst': 'destination',
  '-p': 'protocol',
  '--protocol': 'protocol',
  '-i': 'inInterface',
  '--in-interface': 'inInterface',
  '-o': 'outInterface',
  '--out-interface': 'outInterface',
};

const TARGET_OPTIONS = new Set(['-j', '--jump', '-g', '--goto']);
const MATCH_OPTIONS = new Set(['-m', '--match']);

/** `[123:4567]` → counters, or null when the text is not a counter pair. */
export function parseCounters(s: string): Counters | null {
  const m = /^\[(\d+):(\d+)\]$/.exec(s);
  return m ? { packets: Number(m[1]), bytes: Number(m[2]) } : null;
}

/** Quotes a word back the way iptables-save writes it, so rule texts stay comparable. */
export function quoteWord(w: string): string {
  if (w === '') return '""';
  if (!/[\s"\\']/.test(w)) return w;
  return `"${w.replace(/(["\\])/g, '\\$1')}"`;
}

export interface RuleLine {
  chain: string;
  counters: Counters | null;
  /** The words after `-A CHAIN`. */
  words: string[];
}

/**
 * Reads `[p:b] -A CHAIN args...` (iptables-save -c), `-A CHAIN args...` (no -c, restore input) or
 * `-A CHAIN args... -c p b`. Returns null when the line is not an append.
 */
export function splitRuleLine(line: string): RuleLine | null {
  const words = splitRuleWords(line);
  let counters: Counters | null = null;
  if (words.length > 0 && words[0].startsWith('[')) {
    counters = parseCounters(words[0]);
    words.shift();
  }
  if (words.length < 2 || (words[0] !== '-A' && words[0] !== '--append')) return null;
  const rest = words.slice(2);
  const c = rest.indexOf('-c');
  if (c >= 0 && /^\d+$/.test(rest[c + 1] ?? '') && /^\d+$/.test(rest[c + 2] ?? '')) {
    counters = { packets: Number(rest[c + 1]), bytes: Number(rest[c + 2]) };
    rest.splice(c, 3);
  }
  return { chain: words[1], counters, words: rest };
}

type RuleFields = Omit<IptablesRule, 'index' | 'line' | 'raw' | 'text' | 'counters'>;

function emptyFields(): RuleFields {
  return {
    source: null,
    sourceNegated: false,
    destination: null,
    destinationNegated: false,
    protocol: null,
    inInterface: null,
    outInterface: null,
    matches: [],
    target: null,
    goto: false,
    targetArgs: '',
    comment: null,
  };
}

function optionValues(words: string[], from: number): string[] {
  const values: string[] = [];
  for (let i = from; i < words.length; i++) {
    const w = words[i];
    if (w === '!' || (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w))) break;
    values.push(w);
  }
  return values;
}

/** Parses the words of a rule (after `-A CHAIN`) into addresses, matches, target and comment. */
export function parseRuleWords(words: string[]): RuleFields {
  const f = emptyFields();
  let current: RuleMatch | null = null;
  let negate = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '!') {
      negate = true;
      continue;
    }
    if (MATCH_OPTIONS.has(w)) {
      current = { module: words[++i] ?? '', options: [] };
      f.matches.push(current);
    } else if (TARGET_OPTIONS.has(w)) {
      f.target = words[i + 1] ?? null;
      f.goto = w === '-g' || w === '--goto';
      f.targetArgs = words.slice(i + 2).map(quoteWord).join(' ');
      break;
    } else if (Object.hasOwn(CORE_OPTIONS, w)) {
      setCore(f, CORE_OPTIONS[w], words[++i] ?? '', negate);
    } else if (w.startsWith('-')) {
      const values = optionValues(words, i + 1);
      const option = { name: w.replace(/^--?/, ''), value: values.join(' '), negated: negate };
      if (!current) {
        current = { module: '', options: [] };
        f.matches.push(current);
      }
      current.options.push(option);
      if (current.module === 'comment' && option.name === 'comment') f.comment = option.value;
      i += values.length;
    }
    negate = false;
  }
  return f;
}

type CoreField = (typeof CORE_OPTIONS)[string];
const FIELD_NEGATION = { source: 'sourceNegated', destination: 'destinationNegated' } as const;

function setCore(f: RuleFields, field: CoreField, value: string, negated: boolean): void {
  if (field === 'source' || field === 'destination') {
    f[field] = value;
    f[FIELD_NEGATION[field]] = negated;
  } else {
    f[field] = negated ? `!${value}` : value;
  }
}

/** The rule text used to match rules across dumps: `-A CHAIN` and the words, requoted, without counters. */
export function ruleText(chain: string, words: string[]): string {
  return ['-A', quoteWord(chain), ...words.map(quoteWord)].join(' ');
}

/** Every option value of the rule with one of these names, in any match module. */
export function optionValuesNamed(rule: Pick<IptablesRule, 'matches'>, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of rule.matches) for (const o of m.options) if (names.includes(o.name)) out.push(o.value);
  return out;
}
