import net from 'node:net';
import { keyedHash, type ShareMapFile } from './map';

/**
 * IP addresses become addresses of reserved ranges that keep subnet membership: an IPv4 /16 maps to a
 * /16 of 240.0.0.0/4 and its /24 to a /24 inside that, the host byte kept, so two addresses of one /24
 * stay in one /24 and iptables rules, CIDRs and CoreDNS upstreams still line up. IPv6 /64 prefixes map
 * into 2001:db8::/32 (documentation), the interface id through the same keyed hash.
 */

/** Addresses that identify nothing and keep their meaning: loopback, unspecified, masks, multicast, link-local. */
export function keepIpv4(octets: number[]): boolean {
  const [a, b] = octets as [number, number];
  return a === 0 || a === 127 || a >= 224 || (a === 169 && b === 254);
}

function probe(taken: Set<string>, start: number, size: number, render: (slot: number) => string): string {
  for (let i = 0; i < size; i++) {
    const candidate = render((start + i) % size);
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error('the pseudonym range is full');
}

export class IpMapper {
  private readonly taken16: Set<string>;
  private readonly taken24 = new Map<string, Set<string>>();
  private readonly taken64: Set<string>;

  constructor(private readonly map: ShareMapFile) {
    this.taken16 = new Set(Object.values(map.ipv4Net16));
    for (const p of Object.values(map.ipv4Net24)) this.takenIn(p.slice(0, p.lastIndexOf('.'))).add(p);
    this.taken64 = new Set(Object.values(map.ipv6Net64));
  }

  private takenIn(net16: string): Set<string> {
    let s = this.taken24.get(net16);
    if (!s) this.taken24.set(net16, (s = new Set()));
    return s;
  }

  /** The pseudonym of a dotted IPv4 address (octets already checked to be 0–255), or null to keep it. */
  ipv4(octets: number[]): string | null {
    if (keepIpv4(octets)) return null;
    const [a, b, c, d] = octets as [number, number, number, number];
    const real16 = `${a}.${b}`;
    let fake16 = this.map.ipv4Net16[real16];
    if (!fake16) {
      const h = keyedHash(this.map.key, 'ipv4/16', real16).readUInt16BE(0) & 0xfff;
      fake16 = probe(this.taken16, h, 4096, (s) => `${240 + (s >> 8)}.${s & 0xff}`);
      this.map.ipv4Net16[real16] = fake16;
      this.taken16.add(fake16);
    }
    const real24 = `${real16}.${c}`;
    let fake24 = this.map.ipv4Net24[real24];
    if (!fake24) {
      const taken = this.takenIn(fake16);
      const h = keyedHash(this.map.key, 'ipv4/24', real24).readUInt8(0);
      fake24 = probe(taken, h, 256, (s) => `${fake16}.${s}`);
      this.map.ipv4Net24[real24] = fake24;
      taken.add(fake24);
    }
    return `${fake24}.${d}`;
  }

  /** The pseudonym of an IPv6 address, or null to keep it (loopback, unspecified, link-local, multicast). */
  ipv6(text: string): string | null {
    const groups = expandIpv6(text);
    if (!groups) return null;
    const first = parseInt(groups[0]!, 16);
    const all0 = groups.slice(0, 7).every((g) => g === '0000');
    if ((first & 0xffc0) === 0xfe80) return isEui64(groups) ? this.linkLocal(groups) : null;
    if (all0 || (first & 0xff00) === 0xff00) return null;
    if (groups[0] === '2001' && groups[1] === '0db8') return null;
    const real64 = groups.slice(0, 4).join(':');
    let fake64 = this.map.ipv6Net64[real64];
    if (!fake64) {
      const h = keyedHash(this.map.key, 'ipv6/64', real64);
      fake64 = probe(this.taken64, h.readUInt32BE(0), 0x100000000, (s) => `2001:db8:${(s >>> 16).toString(16)}:${(s & 0xffff).toString(16)}`);
      this.map.ipv6Net64[real64] = fake64;
      this.taken64.add(fake64);
    }
    return compressIpv6(`${fake64}:${this.interfaceId(groups)}`);
  }

  /**
   * A link-local address keeps its fe80::/64 (it identifies no network), but an interface id made from
   * a MAC is hashed like any other: fe80::5054:ff:fe12:3456 would give 52:54:00:12:34:56 back.
   */
  private linkLocal(groups: string[]): string {
    return `fe80::${this.interfaceId(groups)}`;
  }

  private interfaceId(groups: string[]): string {
    const iid = keyedHash(this.map.key, 'ipv6/iid', groups.join(':'));
    return [0, 2, 4, 6].map((i) => iid.readUInt16BE(i).toString(16)).join(':');
  }
}

/** An interface id made from a MAC (EUI-64: ff:fe in its middle): the MAC can be read back from it. */
function isEui64(groups: string[]): boolean {
  return groups[5]!.endsWith('ff') && groups[6]!.startsWith('fe');
}

/** The 8 groups of an IPv6 address, each 4 hex digits, or null when it is not one. */
export function expandIpv6(text: string): string[] | null {
  if (!net.isIPv6(text) || text.includes('.')) return null;
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail === null ? [] : tail ? tail.split(':') : [];
  const fill = tail === null ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...fill, ...right];
  if (groups.length !== 8) return null;
  return groups.map((g) => g.toLowerCase().padStart(4, '0'));
}

function compressIpv6(text: string): string {
  return text
    .split(':')
    .map((g) => g.replace(/^0{1,3}/, ''))
    .join(':');
}
