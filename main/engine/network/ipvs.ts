import type { IpvsRealServer, IpvsService, IpvsStats, IpvsTable } from '../../../shared/api/network';
import { splitHostPort } from './ip';

const SUFFIX: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** ipvsadm prints numbers of 8+ digits as "45293K" unless --exact; those are approximate. */
function largeNumber(s: string): { value: number; approximate: boolean } | null {
  const m = /^(\d+)([KMGT]?)$/.exec(s);
  if (!m) return null;
  return { value: Number(m[1]) * (m[2] ? SUFFIX[m[2]] : 1), approximate: m[2] !== '' };
}

function stats(words: string[]): IpvsStats | null {
  if (words.length !== 5) return null;
  const n = words.map(largeNumber);
  if (n.some((x) => x === null)) return null;
  const v = n as { value: number; approximate: boolean }[];
  return {
    conns: v[0].value,
    inPkts: v[1].value,
    outPkts: v[2].value,
    inBytes: v[3].value,
    outBytes: v[4].value,
    approximate: v.some((x) => x.approximate),
  };
}

function endpoint(s: string, protocol: string): { address: string; port: number | null } {
  if (protocol === 'FWM') return { address: s, port: null };
  const { host, port } = splitHostPort(s);
  return { address: host, port: port !== null && /^\d+$/.test(port) ? Number(port) : null };
}

function service(protocol: string, addr: string, rest: string[], statsForm: boolean, line: number): IpvsService {
  const svc: IpvsService = {
    protocol,
    ...endpoint(addr, protocol),
    scheduler: null,
    persistentSeconds: null,
    flags: [],
    line,
    stats: null,
    realServers: [],
  };
  if (statsForm) {
    svc.stats = stats(rest);
    return svc;
  }
  svc.scheduler = rest[0] ?? null;
  for (let i = 1; i < rest.length; i++) {
    if (rest[i] === 'persistent' && /^\d+$/.test(rest[i + 1] ?? '')) svc.persistentSeconds = Number(rest[++i]);
    else svc.flags.push(rest[i]);
  }
  return svc;
}

function realServer(addr: string, rest: string[], statsForm: boolean, protocol: string): IpvsRealServer {
  const { address, port } = endpoint(addr, protocol === 'FWM' ? 'TCP' : protocol);
  const num = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);
  if (statsForm) return { address, port, forward: null, weight: null, activeConn: null, inactConn: null, stats: stats(rest) };
  return { address, port, forward: rest[0] ?? null, weight: num(rest[1]), activeConn: num(rest[2]), inactConn: num(rest[3]), stats: null };
}

/** Parses `ipvsadm -Ln` and `ipvsadm -Ln --stats` [--exact] output. Unknown lines are skipped. */
export function parseIpvsadm(text: string, artifact: string): IpvsTable {
  const table: IpvsTable = { artifact, version: null, services: [] };
  let statsForm = false;
  let current: IpvsService | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    const version = /^IP Virtual Server version (.+)$/.exec(line.trim());
    if (version) table.version = version[1];
    else if (/^Prot\s+LocalAddress/.test(line)) statsForm = /\bConns\b/.test(line);
    else if (/^\s*->\s+RemoteAddress/.test(line)) continue;
    else if (/^\s*->\s+/.test(line) && current) {
      const [addr, ...rest] = line.trim().slice(2).trim().split(/\s+/);
      current.realServers.push(realServer(addr, rest, statsForm, current.protocol));
    } else {
      const m = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s*(.*)$/.exec(line);
      if (!m) continue;
      current = service(m[1], m[2], m[3].trim() ? m[3].trim().split(/\s+/) : [], statsForm, i + 1);
      table.services.push(current);
    }
  }
  return table;
}

/** "TCP 10.0.0.1:443", "UDP [fd00::a]:53", "FWM 7": how a service is named in lists and diffs. */
export function serviceKey(s: Pick<IpvsService, 'protocol' | 'address' | 'port'>): string {
  if (s.port === null) return `${s.protocol} ${s.address}`;
  const host = s.address.includes(':') ? `[${s.address}]` : s.address;
  return `${s.protocol} ${host}:${s.port}`;
}
