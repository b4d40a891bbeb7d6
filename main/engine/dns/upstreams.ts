import type { Corefile, CorefileHosts, DnsUpstream, HostsEntry } from '../../../shared/api/dns';
import { serverName } from './corefile';
import { parseNet } from '../network/ip';

/** forward/proxy plugins of every server block: where CoreDNS sends what it does not answer itself. */
export function upstreamsOf(c: Corefile): DnsUpstream[] {
  const out: DnsUpstream[] = [];
  for (const s of c.servers) {
    for (const p of s.plugins) {
      if ((p.name !== 'forward' && p.name !== 'proxy') || p.args.length === 0) continue;
      const [from, ...to] = p.args;
      out.push({
        artifact: c.artifact,
        server: serverName(s),
        plugin: p.name,
        from,
        to,
        viaResolvConf: to.some((t) => t.includes('resolv.conf')),
        resolvConf: null,
        line: p.line,
      });
    }
  }
  return out;
}

const HOSTS_OPTIONS = new Set(['ttl', 'reload', 'no_reverse', 'fallthrough', 'fallthrough_unsupported']);

/** `hosts [FILE [ZONES...]] { inline entries; ttl; reload; fallthrough }` of every server block. */
export function corefileHostsOf(c: Corefile): CorefileHosts[] {
  const out: CorefileHosts[] = [];
  for (const s of c.servers) {
    for (const p of s.plugins) {
      if (p.name !== 'hosts') continue;
      const entries: HostsEntry[] = [];
      let fallthrough = false;
      for (const d of p.block ?? []) {
        if (d.name === 'fallthrough') fallthrough = true;
        else if (!HOSTS_OPTIONS.has(d.name) && parseNet(d.name) !== null && d.args.length > 0) {
          entries.push({ line: d.line, ip: d.name, names: d.args });
        }
      }
      out.push({ artifact: c.artifact, server: serverName(s), line: p.line, file: p.args[0] ?? null, entries, fallthrough });
    }
  }
  return out;
}
