import type { Evidence } from '../../../../shared/api/findings';
import type { Corefile, DnsView, ResolvConf } from '../../../../shared/api/dns';
import { dnsView } from '../../dns/load';
import { COMPONENT_LOG_KINDS, quoteHits } from '../log-rule';
import type { Detection, Rule } from '../types';
import type { BundleView } from '../view';

function dns(view: BundleView): DnsView {
  return view.memo('dns', () => dnsView(view.db, view.bundleId));
}

/** A Corefile line as evidence: the artifact's own line when the Corefile has one (file, YAML), else its text. */
function corefileLine(view: BundleView, artifact: string, line: number, note?: string): Evidence {
  const c = dns(view).corefiles.find((x) => x.artifact === artifact) as Corefile | undefined;
  // Split once per Corefile: a rule quotes one line for each of its server blocks.
  const own = (c ? view.memo(`corefileLines:${artifact}`, () => c.text.split('\n')) : [])[line - 1] ?? '';
  const at = c && (c.startLine !== null ? c.startLine + line - 1 : c.origin === 'file' ? line : null);
  const a = view.artifact(artifact);
  const text = a && at !== null && at !== undefined ? (view.lines(a)[at - 1] ?? own) : own;
  return { artifact, line: at ?? null, lineEnd: at ?? null, text, note: note ?? (at ? null : `line ${line} of the Corefile in this ConfigMap`) };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/;

/** The resolv.conf CoreDNS pods inherit: the kubelet's resolvConf when collected, else the node's. */
function podResolvConf(view: BundleView): ResolvConf | null {
  const all = dns(view).resolvConfs;
  return all.find((r) => r.artifact.endsWith('kubelet-resolv.conf')) ?? all.find((r) => r.artifact.endsWith('etc/resolv.conf')) ?? all[0] ?? null;
}

function nameserverLine(view: BundleView, r: ResolvConf, ns: string): Evidence | null {
  const a = view.artifact(r.artifact);
  if (!a) return null;
  const lines = view.lines(a);
  const i = lines.findIndex((l) => new RegExp(`^\\s*nameserver\\s+${ns.replace(/\./g, '\\.')}\\b`).test(l));
  return i < 0 ? null : { artifact: a.path, line: i + 1, lineEnd: i + 1, text: lines[i] as string, note: null };
}

export const corednsForwardToLocalStub: Rule = {
  id: 'coredns-forward-to-local-stub',
  title: 'CoreDNS forwards to a loopback resolver (forwarding loop)',
  severity: 'critical',
  version: 1,
  sources: 'Corefile (ConfigMap or file), resolv.conf of the node / kubelet, CoreDNS logs',
  meaning:
    'CoreDNS forwards to the nameservers of /etc/resolv.conf (or to a loopback address directly). Inside the CoreDNS pod a loopback address is CoreDNS itself: when the node\'s resolv.conf names a local stub such as 127.0.0.53 (systemd-resolved) and the kubelet hands it to pods, queries loop until the loop plugin stops CoreDNS (CrashLoopBackOff) or, without it, CoreDNS exhausts its memory.',
  remedy:
    'Set the kubelet\'s resolvConf to /run/systemd/resolve/resolv.conf (the real upstreams), or forward to explicit upstream addresses in the Corefile ("forward . 10.0.0.2 10.0.0.3"); restart CoreDNS.',
  links: ['https://coredns.io/plugins/loop/#troubleshooting-loops-in-kubernetes-clusters', 'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/#known-issues'],
  detect(view): Detection[] {
    const d = dns(view);
    if (d.upstreams.length === 0) return [];
    const resolv = podResolvConf(view);
    const out: Detection[] = [];
    for (const u of d.upstreams) {
      const direct = u.to.filter((t) => LOOPBACK.test(t.replace(/^dns:\/\//, '').replace(/:\d+$/, '')));
      const viaStub = u.viaResolvConf && resolv ? resolv.nameservers.filter((n) => LOOPBACK.test(n)) : [];
      if (direct.length === 0 && viaStub.length === 0) continue;
      const loops = view.searchLogs({ phrase: 'loop', pattern: /plugin\/loop: .*(?:[Ll]oop|loop detected)/, kinds: COMPONENT_LOG_KINDS });
      const evidence = [
        corefileLine(view, u.artifact, u.line),
        ...viaStub.map((n) => nameserverLine(view, resolv as ResolvConf, n)).filter((e): e is Evidence => e !== null),
        ...quoteHits(loops, 2),
      ];
      const target = direct.length ? direct.join(', ') : `${resolv?.artifact} → ${viaStub.join(', ')}`;
      out.push({
        summary: `Server block "${u.server}" forwards "${u.from}" to ${target}, a loopback address inside the CoreDNS pod.${loops.length ? ' CoreDNS logged the loop.' : ''}`,
        evidence,
        unchecked: resolv || direct.length ? [] : ['resolv.conf not collected: cannot tell where "forward . /etc/resolv.conf" goes'],
      });
    }
    return out;
  },
};

export const corednsHostsNoFallthrough: Rule = {
  id: 'coredns-hosts-no-fallthrough',
  title: 'CoreDNS hosts block without fallthrough',
  severity: 'warning',
  version: 1,
  sources: 'Corefile',
  meaning:
    'A hosts plugin answers for its zones (by default the whole server block, "." included). Without "fallthrough", a name it does not list gets NXDOMAIN instead of going on to kubernetes or forward: adding one entry this way breaks resolution of every other external name.',
  remedy: 'Add "fallthrough" inside the hosts block (hosts { 10.0.0.5 harbor.example.cn; fallthrough }), or limit the hosts block to a zone.',
  links: ['https://coredns.io/plugins/hosts/'],
  detect(view) {
    return dns(view).corefileHosts
      .filter((h) => !h.fallthrough)
      .map((h) => ({
        summary: `The hosts block of server "${h.server}"${h.entries.length ? ` (${h.entries.map((e) => e.names.join(' ')).slice(0, 3).join(', ')})` : ''} has no fallthrough: other names in its zones get NXDOMAIN.`,
        evidence: [corefileLine(view, h.artifact, h.line)],
      }));
  },
};

export const hostsOnlyOnNode: Rule = {
  id: 'hosts-entry-not-in-coredns',
  title: 'Names the node resolves through /etc/hosts but pods cannot',
  severity: 'info',
  version: 1,
  sources: '/etc/hosts, Corefile hosts data',
  meaning:
    'The node\'s /etc/hosts maps names that CoreDNS does not know. Commands on the node (docker pull, curl) resolve them; pods, which ask CoreDNS, do not. This is how a downstream cluster fails to reach a Rancher or Harbor server that only the hosts file names.',
  remedy: 'Add the names to CoreDNS (hosts { <ip> <name>; fallthrough } in the Corefile, or the NodeHosts key on k3s) or to the real DNS, then restart CoreDNS.',
  links: ['https://coredns.io/plugins/hosts/', 'https://ranchermanager.docs.rancher.com/troubleshooting/other-troubleshooting-tips/dns'],
  detect(view) {
    const only = dns(view).nodeOnlyHosts;
    if (only.length === 0) return [];
    return [{
      summary: `${only.length} name${only.length === 1 ? '' : 's'} of the node's hosts file ${only.length === 1 ? 'is' : 'are'} unknown to CoreDNS: ${only.slice(0, 5).map((h) => h.name).join(', ')}${only.length > 5 ? ', …' : ''}.`,
      evidence: only.slice(0, 5).map((h) => {
        const a = view.artifact(h.artifact);
        return { artifact: h.artifact, line: h.line, lineEnd: h.line, text: a ? (view.lines(a)[h.line - 1] ?? '') : `${h.ip} ${h.name}`, note: null };
      }),
    }];
  },
};

export const DNS_RULES: Rule[] = [corednsForwardToLocalStub, corednsHostsNoFallthrough, hostsOnlyOnNode];
