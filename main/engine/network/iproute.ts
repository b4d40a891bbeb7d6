import { execCapped } from '../text/bounded';
import type { InterfaceAddress, IpRoute, IpRule, NetInterface } from '../../../shared/api/network';

function numberAfter(words: string[], key: string): number | null {
  const i = words.indexOf(key);
  return i >= 0 && /^\d+$/.test(words[i + 1] ?? '') ? Number(words[i + 1]) : null;
}

function wordAfter(words: string[], key: string): string | null {
  const i = words.indexOf(key);
  return i >= 0 && words[i + 1] !== undefined ? words[i + 1] : null;
}

function address(words: string[]): InterfaceAddress | null {
  const [kind, cidr] = words;
  const m = /^(.+)\/(\d+)$/.exec(cidr ?? '');
  if (!m) return null;
  const scopeAt = words.indexOf('scope');
  const rest = scopeAt >= 0 ? words.slice(scopeAt + 2) : [];
  return { family: kind === 'inet6' ? 'ipv6' : 'ipv4', address: m[1], prefix: Number(m[2]), scope: scopeAt >= 0 ? words[scopeAt + 1] : null, flags: rest };
}

/** Parses `ip addr` (`ip address show`): interfaces with flags, mtu, state, master, MAC and addresses. */
export function parseIpAddr(text: string): NetInterface[] {
  const out: NetInterface[] = [];
  let current: NetInterface | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const head = /^(\d+):\s+([^:@\s]+)(?:@([^:\s]+))?:\s+<([^>]*)>\s*(.*)$/.exec(line);
    if (head) {
      const words = head[5].split(/\s+/);
      current = {
        index: Number(head[1]),
        name: head[2],
        link: head[3] ?? null,
        flags: head[4] ? head[4].split(',') : [],
        mtu: numberAfter(words, 'mtu'),
        state: wordAfter(words, 'state'),
        master: wordAfter(words, 'master'),
        mac: null,
        addresses: [],
        line: i + 1,
      };
      out.push(current);
      return;
    }
    if (!current) return;
    const words = line.trim().split(/\s+/);
    const c = current as NetInterface;
    if (words[0]?.startsWith('link/')) c.mac = words[1] ?? null;
    else if (words[0] === 'inet' || words[0] === 'inet6') {
      const a = address(words);
      if (a) c.addresses.push(a);
    }
  });
  return out;
}

const ROUTE_TYPES = new Set(['local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'multicast', 'throw', 'nat', 'anycast', 'unicast']);

/** Parses `ip route [show table all]` and `ip -6 route`: one route per line. */
export function parseIpRoute(text: string): IpRoute[] {
  const out: IpRoute[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const words = line.trim().split(/\s+/);
    if (words[0] === '' || line.startsWith(' ') || line.startsWith('\t')) return;
    const type = ROUTE_TYPES.has(words[0]) ? words.shift() ?? null : null;
    const destination = words[0];
    if (!destination) return;
    out.push({
      table: wordAfter(words, 'table') ?? 'main',
      type: type === 'unicast' ? null : type,
      destination,
      gateway: wordAfter(words, 'via'),
      device: wordAfter(words, 'dev'),
      protocol: wordAfter(words, 'proto'),
      scope: wordAfter(words, 'scope'),
      source: wordAfter(words, 'src'),
      metric: numberAfter(words, 'metric'),
      line: i + 1,
      raw: line,
    });
  });
  return out;
}

/** Parses `ip rule`: `PRIORITY:\tSELECTOR lookup TABLE`. */
export function parseIpRule(text: string): IpRule[] {
  const out: IpRule[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const m = execCapped(/^(\d{1,10}):\s+(.*?)\s*$/, line);
    if (!m) return;
    const lookup = /^(.*?)\s+(?:lookup|table)\s+(\S+)/.exec(m[2]);
    out.push({ priority: Number(m[1]), selector: lookup ? lookup[1] : m[2], table: lookup ? lookup[2] : null, line: i + 1, raw: line });
  });
  return out;
}
