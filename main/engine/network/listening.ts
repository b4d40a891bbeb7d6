import type { ListeningProcess, ListeningSocket, ListeningView } from '../../../shared/api/network';

function num(s: string | undefined): number | null {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : null;
}

/** "0.0.0.0:22", "[::]:22", ":::22" (old ss and netstat), "*:22", "127.0.0.53%lo:53". */
export function splitLocal(s: string): { address: string; port: string } {
  const i = s.lastIndexOf(':');
  if (i < 0) return { address: s, port: '' };
  let address = s.slice(0, i);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (address === '::' || address === '') address = '::';
  return { address, port: s.slice(i + 1) };
}

/** ss: `users:(("sshd",pid=812,fd=3),("sshd",pid=9,fd=3))`. */
export function parseSsProcesses(s: string): ListeningProcess[] {
  const out: ListeningProcess[] = [];
  for (const m of s.matchAll(/\("((?:[^"\\]|\\.)*)"((?:,[a-z]{1,32}=\d{1,20})*)\)/g)) {
    const attrs = new Map([...m[2].matchAll(/([a-z]+)=(\d+)/g)].map((a) => [a[1], Number(a[2])]));
    out.push({ name: m[1], pid: attrs.get('pid') ?? null, fd: attrs.get('fd') ?? null });
  }
  return out;
}

function parseSsLine(words: string[], hasNetid: boolean, line: number): ListeningSocket | null {
  const w = hasNetid ? words : ['', ...words];
  if (w.length < 6) return null;
  const local = splitLocal(w[4]);
  return {
    protocol: w[0],
    state: w[1],
    recvQ: num(w[2]),
    sendQ: num(w[3]),
    localAddress: local.address,
    localPort: local.port,
    peer: w[5],
    processes: parseSsProcesses(w.slice(6).join(' ')),
    line,
  };
}

function parseNetstatLine(words: string[], line: number): ListeningSocket | null {
  if (words.length < 5 || !/^(tcp|udp|raw|udpl|sctp)/.test(words[0])) return null;
  const local = splitLocal(words[3]);
  let rest = words.slice(5);
  let state: string | null = null;
  if (rest.length > 0 && /^[A-Z_0-9]+$/.test(rest[0]) && !rest[0].includes('/')) {
    state = rest[0];
    rest = rest.slice(1);
  }
  const proc = rest.join(' ');
  const m = /^(\d+)\/(.+)$/.exec(proc);
  return {
    protocol: words[0],
    state,
    recvQ: num(words[1]),
    sendQ: num(words[2]),
    localAddress: local.address,
    localPort: local.port,
    peer: words[4],
    processes: m ? [{ name: m[2].trim(), pid: Number(m[1]), fd: null }] : [],
    line,
  };
}

/** Parses `ss -lntup` (with or without the Netid column) or `netstat -lntup`, told apart by the header. */
export function parseListening(text: string, artifact: string): ListeningView {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const netstat = lines.some((l) => /^Proto\s+Recv-Q/.test(l) || /^Active Internet connections/.test(l));
  const hasNetid = lines.some((l) => /^Netid\s/.test(l));
  const sockets: ListeningSocket[] = [];
  lines.forEach((l, i) => {
    const words = l.trim().split(/\s+/);
    if (words[0] === '' || /^(Netid|State|Proto|Active)$/.test(words[0])) return;
    const s = netstat ? parseNetstatLine(words, i + 1) : parseSsLine(words, hasNetid, i + 1);
    if (s) sockets.push(s);
  });
  return { artifact, format: netstat ? 'netstat' : 'ss', sockets };
}
