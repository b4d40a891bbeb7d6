import net from 'node:net';
import { IpMapper } from './ip';
import { keyedHash, type ShareMapFile, type ValueKind } from './map';
import { standsAsHost, standsAsUser } from './standing';

/** The values a bundle names that identify the site, gathered before any text is rewritten. */
export interface KnownValues {
  /** Lower-cased names (host names, node names, users, namespaces, pods, words) and what each is. */
  names: Map<string, ValueKind>;
  /** Lower-cased DNS domains of the site: any name under one of them is a site name. */
  domains: Set<string>;
  /** The user's own patterns (regular expression sources): whatever they match is a word to replace. */
  patterns?: readonly string[];
  /**
   * Lower-cased names replaced only where they stand as what they are (standing.ts): host names shorter
   * than 3 characters (`vm`, whose word starts every `vm.swappiness`), users named by a common word.
   */
  inContext?: { hosts: ReadonlySet<string>; users: ReadonlySet<string> };
}

/** One occurrence of a value with the text before and after it (the review shows the value marked). */
export interface ValueSample {
  before: string;
  value: string;
  after: string;
}

/** Distinct values are counted exactly up to this many per kind, then only "at least": memory stays flat. */
export const MAX_DISTINCT_COUNTED = 20_000;

export interface FoundValue {
  /** The distinct values seen, up to MAX_DISTINCT_COUNTED. */
  distinct: Set<string>;
  /** True once more distinct values were seen than are kept. */
  distinctCapped: boolean;
  occurrences: number;
  /** A few occurrences with a little text around them, for the review. */
  samples: ValueSample[];
}

const SAMPLES_PER_KIND = 5;
const SAMPLE_CONTEXT = 40;

/** Kind → the word its pseudonyms start with. */
const PREFIX: Record<Exclude<ValueKind, 'ipv4' | 'ipv6' | 'mac' | 'email'>, string> = {
  hostname: 'node',
  domain: 'd',
  user: 'user',
  namespace: 'ns',
  pod: 'pod',
  word: 'word',
};

/** Pseudonym names end in this reserved domain (RFC 2606) so nobody mistakes them for real ones. */
export const PSEUDO_DOMAIN = 'example.invalid';

/**
 * A value starts where the character before it is not part of a word, or right after an escape: of a
 * JSON or Go-quoted string (`\n10.0.0.1`, `\u003e192.168.79.2` in an operator's log), of a regular
 * expression (awk's `/\s192.168.79.2\//`), of a URL (`%22192.168.79.2%22` in a MachineConfig's data
 * URL). The `n` of `\n` is not a letter of the value.
 */
export const ESCAPE = String.raw`\\[ntrbfsv]|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}`;
function startsAfter(notBefore: string): string {
  return String.raw`(?:(?<!${notBefore})(?!(?<=\\)[ntrbfsv])|(?<=${ESCAPE}))`;
}

const EMAIL = String.raw`${startsAfter(String.raw`[A-Za-z0-9._%+-]`)}([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24})(?![A-Za-z0-9-])`;
// `_` may stand before a MAC (dmidecode's "…C553CE0F_5c:f3:fc:c1:28:7c").
const COLON_HEX = String.raw`${startsAfter(String.raw`[A-Za-z0-9:.]`)}((?=[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39})(?![\w:.])`;
const REVERSE_POINTER = String.raw`${startsAfter(String.raw`[\w.]`)}(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\.in-addr\.arpa(?![\w-])`;
const DOTTED = String.raw`${startsAfter(String.raw`[\w.]`)}(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\w|\.\d)`;
const DASHED = String.raw`${startsAfter(String.raw`[A-Za-z0-9]|\d-`)}(\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3})(?![A-Za-z0-9]|-\d)`;

/**
 * A package's lower-case name and its dash: what follows is a version (`vdsm-cli-4.14.7.2-1.el6`,
 * `erts-13.2.2.5`), while etcd's `NAME-PENDING-147.75.195.53` holds an address.
 */
const PACKAGE_NAME_BEFORE = /(?:^|[^A-Za-z0-9])[a-z][a-z0-9]{0,40}-$/;

/**
 * An address of a private range: followed by `.suffix` it is still an address (apiserver-watcher's
 * downfile `10.0.0.8.down`), where another four numbers so followed are a version (`6.6.0.2.el6`).
 */
function isPrivate([a, b]: number[]): boolean {
  return a === 10 || (a === 172 && b! >= 16 && b! < 32) || (a === 192 && b === 168) || (a === 100 && b! >= 64 && b! < 128);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * One scan per string, left to right, linear: e-mail addresses, colon-hex runs (IPv6 or MAC), reversed
 * pointers, dotted IPv4 (a /prefix after it stays as it is), dashed IPv4 (`ip-10-0-187-218`), names
 * under a site domain, then the site's known names wherever they stand between separators
 * (`etcd-worker-3`). Only what may identify the site reaches a callback; every quantifier is bounded.
 */
function scanner(known: KnownValues): RegExp {
  const parts = [EMAIL, COLON_HEX, REVERSE_POINTER, DOTTED, DASHED];
  const byLength = (a: string, b: string): number => b.length - a.length;
  const domains = [...known.domains].sort(byLength).map(escapeRegExp);
  // A name under a site domain may follow a label no name has (`*.apps.…`, `_etcd-server-ssl._tcp.…`),
  // and be followed by a dash that is not part of a longer label (`insights-vm218.lab.acme.com-20150917`).
  parts.push(domains.length ? String.raw`${startsAfter(String.raw`[A-Za-z0-9-]`)}((?:[A-Za-z0-9-]{1,63}\.){0,8}?)(${domains.join('|')})(?![A-Za-z0-9]|-[A-Za-z0-9-]{0,62}\.[A-Za-z])` : '(?!)()()');
  const names = [...known.names.keys()].sort(byLength).map(escapeRegExp);
  parts.push(names.length ? String.raw`${startsAfter(String.raw`[A-Za-z0-9]`)}(${names.join('|')})(?![A-Za-z0-9])` : '(?!)()');
  // `vm_area_struct` is no host: an underscore binds these short or common names to a longer word.
  const inContext = [...new Set([...(known.inContext?.hosts ?? []), ...(known.inContext?.users ?? [])])].sort(byLength).map(escapeRegExp);
  parts.push(inContext.length ? String.raw`${startsAfter(String.raw`[A-Za-z0-9_]`)}(${inContext.join('|')})(?![A-Za-z0-9_])` : '(?!)()');
  // Last, so that groups inside the user's patterns cannot shift the ones above.
  if (known.patterns?.length) parts.push(`(?<userPattern>${known.patterns.map((p) => `(?:${p})`).join('|')})`);
  return new RegExp(parts.join('|'), 'gi');
}

const MAC = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;

/**
 * Rewrites text so every identifying value becomes its consistent pseudonym, recording in the map
 * what each became and counting what it found (never keeping more than a few samples).
 */
export class Pseudonymiser {
  readonly found = new Map<ValueKind, FoundValue>();
  private readonly ips: IpMapper;
  private readonly scan: RegExp;
  private readonly taken = new Set<string>();

  constructor(
    private readonly map: ShareMapFile,
    private readonly known: KnownValues,
    private readonly keep: ReadonlySet<string> = new Set(),
  ) {
    this.ips = new IpMapper(map);
    this.scan = scanner(known);
    for (const table of Object.values(map.values)) for (const p of Object.values(table ?? {})) this.taken.add(p);
  }

  /** The text with every identifying value replaced. */
  text(input: string): string {
    this.scan.lastIndex = 0;
    return input.replace(this.scan, (whole: string, ...g: unknown[]) => {
      const named = typeof g[g.length - 1] === 'object' ? (g[g.length - 1] as Record<string, string | undefined>) : null;
      const offset = g[g.length - (named ? 3 : 2)] as number;
      if (named?.userPattern !== undefined) return this.userWord(whole, input, offset);
      const [local, domain, hex, pointer, a, b, c, d, dashed, hostLabels, siteDomain, name, nameInContext] = g as (string | undefined)[];
      if (local !== undefined) return this.email(whole, local, domain!, input, offset);
      if (hex !== undefined) return this.colonHex(hex, input, offset);
      if (pointer !== undefined) return this.reversePointer(whole, input, offset);
      if (a !== undefined) return this.dottedIpv4([a, b!, c!, d!], whole, input, offset);
      if (dashed !== undefined) return this.dashedIpv4(dashed, input, offset) ?? whole;
      if (siteDomain !== undefined) return this.siteName(`${hostLabels ?? ''}${siteDomain}`, siteDomain.toLowerCase(), input, offset);
      if (name !== undefined) return this.knownName(name, input, offset);
      if (nameInContext !== undefined) return this.nameInContext(nameInContext, input, offset);
      return whole;
    });
  }

  /** A short host name or a user named by a common word: replaced where the text says it is one. */
  private nameInContext(name: string, input: string, offset: number): string {
    const lower = name.toLowerCase();
    if (this.kept(lower)) return name;
    const kind = this.known.inContext?.hosts.has(lower) && standsAsHost(input, offset, name.length) ? 'hostname'
      : this.known.inContext?.users.has(lower) && standsAsUser(input, offset, name.length) ? 'user'
      : null;
    if (!kind) return name;
    this.note(kind, lower, input, offset);
    return this.pseudonym(kind, lower);
  }

  private userWord(word: string, input: string, offset: number): string {
    if (!word || this.kept(word)) return word;
    this.note('word', word.toLowerCase(), input, offset);
    return this.pseudonym('word', word);
  }

  private knownName(name: string, input: string, offset: number): string {
    const lower = name.toLowerCase();
    const kind = this.known.names.get(lower);
    if (!kind || this.kept(lower)) return name;
    this.note(kind, lower, input, offset);
    return this.pseudonym(kind as keyof typeof PREFIX, lower);
  }

  /** length: of the value as written at offset, when that differs from value (a dashed address). */
  private note(kind: ValueKind, value: string, input: string, offset: number, length = value.length): void {
    let f = this.found.get(kind);
    if (!f) this.found.set(kind, (f = { distinct: new Set(), distinctCapped: false, occurrences: 0, samples: [] }));
    f.occurrences++;
    if (f.distinct.size < MAX_DISTINCT_COUNTED) f.distinct.add(value);
    else if (!f.distinct.has(value)) f.distinctCapped = true;
    if (f.samples.length < SAMPLES_PER_KIND && f.distinct.size > f.samples.length) {
      const flat = (t: string): string => t.replace(/\s+/g, ' ');
      const end = offset + length;
      f.samples.push({
        before: flat(input.slice(Math.max(0, offset - SAMPLE_CONTEXT), offset)),
        value: flat(input.slice(offset, end)),
        after: flat(input.slice(end, end + SAMPLE_CONTEXT)),
      });
    }
  }

  private kept(value: string): boolean {
    return this.keep.has(value.toLowerCase());
  }

  /** The pseudonym of a whole value of a name-like kind, made once and remembered in the map. */
  pseudonym(kind: keyof typeof PREFIX, value: string): string {
    const table = (this.map.values[kind] ??= {});
    const key = value.toLowerCase();
    const known = table[key];
    if (known) return known;
    const h = keyedHash(this.map.key, kind, key);
    let made = '';
    for (let i = 0; !made || this.taken.has(made); i++) {
      const hex = h.toString('hex').slice(i, i + 6);
      made = kind === 'domain' ? `${PREFIX[kind]}-${hex}.${PSEUDO_DOMAIN}` : `${PREFIX[kind]}-${hex}`;
      if (i > 50) made = `${PREFIX[kind]}-${h.toString('hex').slice(0, 6)}${this.taken.size}`;
    }
    table[key] = made;
    this.taken.add(made);
    return made;
  }

  private remember(kind: 'ipv6' | 'mac' | 'email', real: string, fake: string): string {
    (this.map.values[kind] ??= {})[real.toLowerCase()] = fake;
    return fake;
  }

  private email(whole: string, local: string, domain: string, input: string, offset: number): string {
    if (this.kept(whole)) return whole;
    this.note('email', whole, input, offset);
    const fake = `${this.pseudonym('user', local)}@${this.pseudonym('domain', domain)}`;
    return this.remember('email', whole, fake);
  }

  private colonHex(hex: string, input: string, offset: number): string {
    if (MAC.test(hex)) {
      const lower = hex.toLowerCase();
      if (lower === '00:00:00:00:00:00' || lower === 'ff:ff:ff:ff:ff:ff' || this.kept(hex)) return hex;
      this.note('mac', lower, input, offset);
      const known = this.map.values.mac?.[lower];
      if (known) return known;
      const h = keyedHash(this.map.key, 'mac', lower);
      const fake = ['02', '00', ...[0, 1, 2, 3].map((i) => h.readUInt8(i).toString(16).padStart(2, '0'))].join(':');
      return this.remember('mac', lower, fake);
    }
    if (net.isIPv6(hex) && (hex.includes('::') || hex.split(':').length === 8) && !this.kept(hex)) {
      const fake = this.ips.ipv6(hex);
      if (fake === null) return hex;
      this.note('ipv6', hex.toLowerCase(), input, offset);
      return this.remember('ipv6', hex, fake);
    }
    return hex;
  }

  private dottedIpv4(parts: string[], whole: string, input: string, offset: number): string {
    const octets = parts.map(Number);
    if (octets.some((o) => o > 255) || this.kept(whole) || PACKAGE_NAME_BEFORE.test(input.slice(Math.max(0, offset - 42), offset))) return whole;
    if (/^\.[\w-]/.test(input.slice(offset + whole.length, offset + whole.length + 2)) && !isPrivate(octets)) return whole;
    const fake = this.ips.ipv4(octets);
    if (fake === null) return whole;
    this.note('ipv4', whole, input, offset);
    return fake;
  }

  /** A name under a site domain: each of its host labels and the domain become pseudonyms. */
  private siteName(token: string, domain: string, input: string, offset: number): string {
    const host = token.slice(0, token.length - domain.length).replace(/\.$/, '');
    this.note('domain', domain, input, offset + token.length - domain.length);
    const fakeDomain = this.pseudonym('domain', domain);
    if (!host) return fakeDomain;
    let at = offset;
    const labels = host.split('.').map((label) => {
      const start = at;
      at += label.length + 1;
      const dashed = this.dashedIpv4(label, input, start);
      if (dashed !== null) return dashed;
      this.note('hostname', label.toLowerCase(), input, start);
      return this.pseudonym('hostname', label);
    });
    return `${labels.join('.')}.${fakeDomain}`;
  }

  /** `ip-10-0-187-218` and `10-0-187-218`: a dashed IPv4 address inside a name. */
  private dashedIpv4(label: string, input: string, offset: number): string | null {
    const m = /^(.{0,40}?)(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(label);
    if (!m) return null;
    const octets = m.slice(2, 6).map(Number);
    if (octets.some((o) => o > 255)) return null;
    const fake = this.ips.ipv4(octets);
    if (fake === null) return label;
    this.note('ipv4', octets.join('.'), input, offset + m[1].length, label.length - m[1].length);
    return `${m[1]}${fake.replace(/\./g, '-')}`;
  }

  /** `218.187.0.10.in-addr.arpa`: the reversed address is mapped and reversed back. */
  private reversePointer(token: string, input: string, offset: number): string {
    const head = token.slice(0, token.length - '.in-addr.arpa'.length);
    const octets = head.split('.');
    if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return token;
    const fake = this.ips.ipv4(octets.map(Number).reverse());
    if (fake === null) return token;
    this.note('ipv4', [...octets].reverse().join('.'), input, offset);
    return `${fake.split('.').reverse().join('.')}${token.slice(head.length)}`;
  }


}
