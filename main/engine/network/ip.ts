/** IPv4/IPv6 addresses and networks as bigints, for containment and overlap tests. */

export interface IpNet {
  family: 4 | 6;
  /** The network address (host bits cleared). */
  base: bigint;
  prefix: number;
}

export function parseIpv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseGroups(s: string): bigint[] | null {
  if (s === '') return [];
  const out: bigint[] = [];
  const parts = s.split(':');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (v4 === null) return null;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(BigInt(parseInt(p, 16)));
    else return null;
  }
  return out;
}

export function parseIpv6(s: string): bigint | null {
  const addr = s.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail];
  return groups.reduce((v, g) => (v << 16n) | g, 0n);
}

function bits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function mask(family: 4 | 6, prefix: number): bigint {
  const n = BigInt(bits(family));
  const p = BigInt(prefix);
  return ((1n << n) - 1n) ^ ((1n << (n - p)) - 1n);
}

function prefixOfDottedMask(m: string): number | null {
  const v = parseIpv4(m);
  if (v === null) return null;
  const s = v.toString(2).padStart(32, '0');
  return /^1*0*$/.test(s) ? s.indexOf('0') === -1 ? 32 : s.indexOf('0') : null;
}

/** "10.0.0.0/24", "10.0.0.0/255.255.255.0", "fd00::/64", or a bare address (a /32 or /128). */
export function parseNet(s: string): IpNet | null {
  const [addr, len, ...rest] = s.trim().split('/');
  if (rest.length > 0 || !addr) return null;
  const v4 = parseIpv4(addr);
  const family: 4 | 6 = v4 !== null ? 4 : 6;
  const value = v4 ?? parseIpv6(addr);
  if (value === null) return null;
  let prefix = bits(family);
  if (len !== undefined) {
    const p = /^\d+$/.test(len) ? Number(len) : family === 4 ? prefixOfDottedMask(len) : null;
    if (p === null || p > bits(family)) return null;
    prefix = p;
  }
  return { family, base: value & mask(family, prefix), prefix };
}

/** True when `inner` lies inside `outer` (an address is a one-address network). */
export function netContains(outer: IpNet, inner: IpNet): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  return (inner.base & mask(outer.family, outer.prefix)) === outer.base;
}

export function netsOverlap(a: IpNet, b: IpNet): boolean {
  return netContains(a, b) || netContains(b, a);
}

/** "10.0.1.1:80" → address and port; "[fd00::1]:80" too; a bare address has no port. */
export function splitHostPort(s: string): { host: string; port: string | null } {
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(s);
  if (v6) return { host: v6[1], port: v6[2] ?? null };
  const i = s.lastIndexOf(':');
  if (i > 0 && s.indexOf(':') === i) return { host: s.slice(0, i), port: s.slice(i + 1) };
  return { host: s, port: null };
}
