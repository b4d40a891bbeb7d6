import type { ShareMapFile } from './map';
import { ESCAPE } from './pseudonymise';

/**
 * Turns pseudonyms back into the real values: for a vendor's reply, a report of a shared bundle, or
 * the shared bundle's own text. Only the site, which holds the map, can do it.
 */
export class Unsharer {
  private readonly names = new Map<string, string>();
  private readonly net24 = new Map<string, string>();

  constructor(map: ShareMapFile) {
    for (const table of Object.values(map.values)) {
      for (const [real, fake] of Object.entries(table ?? {})) this.names.set(fake.toLowerCase(), real);
    }
    for (const [real, fake] of Object.entries(map.ipv4Net24)) this.net24.set(fake, real);
  }

  /** How many distinct pseudonyms the map can turn back. */
  get size(): number {
    return this.names.size + this.net24.size;
  }

  text(input: string): string {
    return input.replace(UNSHARE_SCAN, (whole, email, ip, dashPrefix, dashed, ptr, hex, name) => {
      if (email !== undefined) return this.names.get(whole.toLowerCase()) ?? this.emailParts(whole);
      if (ip !== undefined) return this.ipv4(ip as string) ?? whole;
      if (dashed !== undefined) {
        const real = this.ipv4((dashed as string).replace(/-/g, '.'));
        return real ? `${dashPrefix as string}${real.replace(/\./g, '-')}` : whole;
      }
      if (ptr !== undefined) {
        const real = this.ipv4((ptr as string).split('.').reverse().join('.'));
        return real ? `${real.split('.').reverse().join('.')}.in-addr.arpa` : whole;
      }
      if (hex !== undefined) return this.names.get((hex as string).toLowerCase()) ?? whole;
      return this.names.get((name as string).toLowerCase()) ?? whole;
    });
  }

  private emailParts(whole: string): string {
    const at = whole.indexOf('@');
    const user = whole.slice(0, at);
    const domain = whole.slice(at + 1);
    return `${this.names.get(user.toLowerCase()) ?? user}@${this.names.get(domain.toLowerCase()) ?? domain}`;
  }

  private ipv4(ip: string): string | null {
    const cut = ip.lastIndexOf('.');
    const real24 = this.net24.get(ip.slice(0, cut));
    return real24 ? `${real24}${ip.slice(cut)}` : null;
  }
}

/**
 * The shapes pseudonyms take: e-mail, IPv4 in 240.0.0.0/4 (dotted, dashed, reversed), IPv6 (link-local
 * too)/MAC, `kind-hex` names, also inside a longer name (`ci-ln-v2kk6-node-57319c` for `…-master-0`) and
 * right after an escape (`\\t240.1.2.3`), as share finds them.
 */
const AFTER = String.raw`(?<=${ESCAPE})`;
const UNSHARE_SCAN = new RegExp(
  [
    String.raw`(?:(?<![A-Za-z0-9._%+-])(?!(?<=\\)[ntrbfsv])|${AFTER})([a-z]{1,6}-[0-9a-f]{6}@d-[0-9a-f]{6}\.example\.invalid)`,
    String.raw`(?:(?<![\w.])|${AFTER})(2(?:4\d|5[0-5])\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)`,
    String.raw`(?:(?<![\w])|${AFTER})((?:[A-Za-z0-9]{1,40}-)?)(2(?:4\d|5[0-5])-\d{1,3}-\d{1,3}-\d{1,3})(?![\w-])`,
    String.raw`(?:(?<![\w.])|${AFTER})(\d{1,3}\.\d{1,3}\.\d{1,3}\.2(?:4\d|5[0-5]))\.in-addr\.arpa\b`,
    String.raw`(?:(?<![\w:])|${AFTER})((?:2001:db8|02:00|fe80:)[0-9a-f:]{0,34})(?![\w:])`,
    String.raw`(?:(?<![A-Za-z0-9])|${AFTER})((?:node|d|user|ns|pod|word)-[0-9a-f]{6}(?:\.example\.invalid)?)(?![A-Za-z0-9])`,
  ].join('|'),
  'gi',
);
