import type { IptablesChain, IptablesRule, IptablesRuleset, RuleOption } from '../../../shared/api/network';
import { countReferences } from './iptables-save';
import { RepeatCounter } from './repeated-rules';

const ANY = new Set(['0.0.0.0/0', '::/0']);

/** "dpt:80", "spt:53", "dpts:30000:32767", "dports 80,443" in the extra column → options search can read. */
function portOptions(extra: string): RuleOption[] {
  const out: RuleOption[] = [];
  for (const m of extra.matchAll(/(!?\s?)\b(dpts?|spts?):(\d+(?::\d+)?)/g)) {
    out.push({ name: m[2].startsWith('d') ? 'dport' : 'sport', value: m[3], negated: m[1].includes('!') });
  }
  for (const m of extra.matchAll(/\bmultiport (dports|sports) (\S+)/g)) out.push({ name: m[1], value: m[2], negated: false });
  return out;
}

function address(s: string): { value: string | null; negated: boolean } {
  const negated = s.startsWith('!');
  const v = negated ? s.slice(1) : s;
  return { value: ANY.has(v) ? null : v, negated };
}

/**
 * A counter as `iptables -L -v` prints it without -x: "535K", "38M", "1G" are rounded multiples of
 * 1000 (iptables' own units); NaN when it is not a counter.
 */
export function listCount(s: string): number {
  const m = /^(\d{1,20})([KMGTP]?)$/.exec(s);
  if (!m) return NaN;
  const unit = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 }[m[2] as '' | 'K'];
  return Number(m[1]) * unit;
}

const ADDRESS = /^!?(?:[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?:\/\d{1,3})?$/;

/**
 * Where the opt column is among a rule's fields (after the counters), or where it would be: ip6tables
 * before 1.8.9 prints nothing there (Ubuntu 20.04: "KUBE-FORWARD  all      *      *       ::/0"), so its
 * place is found from the source and destination that follow (and, with -v, the two interfaces).
 */
function optIndex(fields: string[], verbose: boolean): { at: number; blank: boolean } | null {
  const opt = fields.findIndex((w, i) => i <= 2 && /^(--|-f|!f)$/.test(w));
  if (opt >= 1) return { at: opt, blank: false };
  const src = fields.findIndex((w, i) => i >= 1 && ADDRESS.test(w) && ADDRESS.test(fields[i + 1] ?? ''));
  const at = src - (verbose ? 2 : 0);
  return at >= 1 && at <= 2 ? { at, blank: true } : null;
}

/** Splits one rule line of `iptables -L -n [-v] [-x]` into the rule model (options from the free text). */
function listRule(raw: string, verbose: boolean, index: number, lineNo: number): IptablesRule | null {
  const words = raw.trim().split(/\s+/);
  const counters = verbose ? { packets: listCount(words[0]), bytes: listCount(words[1]) } : null;
  const given = verbose ? words.slice(2) : words;
  const found = optIndex(given, verbose);
  if (!found) return null;
  // A blank opt column reads as an empty field, so that what follows it is where it always is.
  const fields = found.blank ? [...given.slice(0, found.at), '', ...given.slice(found.at)] : given;
  const opt = found.at;
  const target = opt === 2 ? fields[0] : null;
  const protocol = fields[opt - 1];
  const rest = fields.slice(opt + 1 + (verbose ? 2 : 0));
  if (rest.length < 2 || (verbose && counters && (Number.isNaN(counters.packets) || Number.isNaN(counters.bytes)))) return null;
  const [src, dst] = [address(rest[0]), address(rest[1])];
  const dstAt = raw.indexOf(rest[1], raw.indexOf(rest[0]) + rest[0].length);
  const extra = raw.slice(dstAt + rest[1].length).trim();
  const comment = /\/\* (.*?) \*\//.exec(extra)?.[1] ?? null;
  const to = /\bto:(\S+)/.exec(extra)?.[1];
  const text = given.join(' ');
  return {
    index,
    line: lineNo,
    raw,
    text,
    counters,
    source: src.value,
    sourceNegated: src.negated,
    destination: dst.value,
    destinationNegated: dst.negated,
    protocol: protocol === 'all' || protocol === '0' ? null : protocol,
    inInterface: verbose && fields[opt + 1] !== '*' ? fields[opt + 1] : null,
    outInterface: verbose && fields[opt + 2] !== '*' ? fields[opt + 2] : null,
    matches: [{ module: '', options: portOptions(extra) }],
    target,
    goto: false,
    targetArgs: to ? `--${target === 'SNAT' ? 'to-source' : 'to-destination'} ${to}` : '',
    comment,
  };
}

/**
 * Parses `iptables [-t TABLE] -L -n [-v] [-x]`. The output does not name its table: it is taken from
 * an echoed command line ("# iptables -t nat -nL") when there is one, else from `table`.
 */
export function parseIptablesList(text: string, artifact: string, table = 'filter', family?: 'ipv4' | 'ipv6'): IptablesRuleset {
  const chains: IptablesChain[] = [];
  const warnings: string[] = [];
  let chain: IptablesChain | null = null;
  let verbose = false;
  let tableName = table;
  const repeats = new RepeatCounter();
  text.split('\n').forEach((l, i) => {
    const line = l.replace(/\r$/, '');
    const echoed = /^#.*\s-t\s*(\w+)/.exec(line);
    const head = /^Chain (\S+) \((?:policy (\S+)(?: (\d+[KMGTP]?) packets, (\d+[KMGTP]?) bytes)?|(\d+) references)\)/.exec(line);
    if (echoed) tableName = echoed[1];
    else if (head) {
      const policy = head[2] ?? null;
      const counters = head[3] !== undefined ? { packets: listCount(head[3]), bytes: listCount(head[4]) } : null;
      chain = { name: head[1], builtin: policy !== null, policy, counters, references: 0, rules: [] };
      chains.push(chain);
    } else if (/^\s*(pkts\s+bytes\s+)?target\s+prot/.test(line)) verbose = /pkts/.test(line);
    else if (line.trim() !== '' && chain) {
      const rule = listRule(line, verbose, chain.rules.length + 1, i + 1);
      if (rule) {
        chain.rules.push(rule);
        repeats.add(chain, rule);
      } else if (warnings.length < 50) warnings.push(`line ${i + 1}: not understood: ${line.trim().slice(0, 200)}`);
    }
  });
  const tables = [{ name: tableName, chains }];
  countReferences(tables);
  const v6 = chains.some((c) => c.rules.some((r) => (r.source ?? r.destination ?? '').includes(':'))) || /::\/0/.test(text);
  return { artifact, family: family ?? (v6 ? 'ipv6' : 'ipv4'), backend: 'unknown', generator: null, format: 'list', tables, mostRepeated: repeats.mostRepeated(), warnings };
}
