import { COMPONENT_LOG_KINDS, countPhrase, logRule, quietBeforeEnd } from '../log-rule';
import type { Rule } from '../types';
import type { LogHit } from '../view';
import { goDurationMs, humanDuration } from '../versions';

const C = COMPONENT_LOG_KINDS;
const DAY = 86_400_000;

export const corednsLoop = logRule({
  id: 'coredns-loop',
  title: 'CoreDNS detected a forwarding loop and exits',
  severity: 'critical',
  version: 1,
  sources: 'CoreDNS pod logs',
  meaning:
    'The loop plugin sent a probe query that came back to CoreDNS itself: CoreDNS forwards to an upstream that forwards back, usually because the node\'s resolv.conf (which the pod inherits for "forward . /etc/resolv.conf") points at a local stub such as 127.0.0.53 (systemd-resolved). CoreDNS stops on purpose and crash-loops; cluster DNS is down.',
  remedy:
    'Point CoreDNS at a real upstream: set the kubelet resolvConf to /run/systemd/resolve/resolv.conf, or replace "forward . /etc/resolv.conf" with the upstream servers\' addresses; then restart the CoreDNS pods.',
  links: ['https://coredns.io/plugins/loop/#troubleshooting-loops-in-kubernetes-clusters', 'https://github.com/coredns/coredns/issues/2087'],
  signatures: [
    { phrase: 'plugin loop', pattern: /plugin\/loop: Loop \(([^ ]+) -> ([^)]+)\) detected for zone "([^"]+)"/, kinds: C },
    { phrase: 'more than twice loop detected', pattern: /plugin\/loop: Seen "HINFO IN ([^"]+)" more than twice, loop detected/, kinds: C },
    { phrase: 'Forwarding loop detected in', pattern: /plugin\/loop: Forwarding loop detected in "([^"]+)" zone/, kinds: C },
  ],
  describe: (hits) => {
    const loop = hits.find((h) => h.match[2]);
    return { summary: `CoreDNS found a forwarding loop${loop ? ` (${loop.match[1]} -> ${loop.match[2]}, zone "${loop.match[3]}")` : ''}: ${countPhrase(hits)}.` };
  },
});

export const corednsUpstreamTimeout = logRule({
  id: 'coredns-upstream-timeout',
  title: 'CoreDNS upstream servers time out',
  severity: 'warning',
  version: 2,
  sources: 'CoreDNS pod logs',
  meaning:
    'CoreDNS forwarded queries to an upstream resolver and got no answer in time. Pods see slow or failed resolution of external names (and of anything in a hosts block without fallthrough that falls to forward). Causes: upstream down or unreachable from the pod network, firewall, conntrack table full, UDP packet loss.',
  remedy:
    'Test the upstream from the node and from a pod (dig @<upstream>); check routes and firewall to it, conntrack usage, and the forward plugin\'s upstream list in the Corefile.',
  links: ['https://coredns.io/plugins/forward/', 'https://github.com/coredns/coredns/issues/4211'],
  signatures: [{ phrase: 'i o timeout', pattern: /\[(?:ERROR|WARNING)\] (?:plugin\/errors: )?\d+ (\S+) ([A-Z0-9]+): (?:unreachable backend: )?read (udp|tcp) \S+->(\S+): i\/o timeout/, kinds: C }],
  groupBy: (h) => h.match[4] as string,
  describe: (hits) => {
    const once = hits.length < UPSTREAM_TIMEOUTS_REPEATED;
    return {
      summary: `Queries to upstream ${hits[0]?.match[4]} time out: ${countPhrase(hits)} (e.g. ${hits[0]?.match[1]} ${hits[0]?.match[2]}).${once ? ' A lost UDP answer now and then is normal; this is not a pattern.' : ''}`,
      severity: once ? 'info' : undefined,
      why: { firedBecause: [`${hits.length} query timeout${hits.length === 1 ? '' : 's'} to ${hits[0]?.match[4]}`], ruledOut: once ? [] : [`an occasional lost packet: ${hits.length} timeouts (${UPSTREAM_TIMEOUTS_REPEATED} or more)`] },
    };
  },
});

/** Upstream timeouts from this many on are a pattern; fewer are the UDP losses every resolver sees. */
const UPSTREAM_TIMEOUTS_REPEATED = 3;

/** Go's time.Time text "2020-02-04 06:57:15 +0000 UTC" (or RFC 3339) in ms. */
export function goTimeMs(text: string): number | null {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(?: ?([+-]\d\d):?(\d\d)| ?Z)?/.exec(text);
  if (!m) return null;
  const zone = m[3] ? `${m[3]}:${m[4]}` : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isFinite(ms) ? ms : null;
}

export const certExpiring = logRule({
  id: 'cert-expiring',
  title: 'Certificates expired or about to expire',
  severity: 'warning',
  version: 2,
  sources: 'kubelet journal, component logs',
  meaning:
    'A certificate used by the kubelet or a control-plane component has expired or expires within 30 days. An expired kubelet client certificate makes the node unable to talk to the API server (NotReady); an expired serving certificate breaks logs, exec and metrics.',
  remedy:
    'Renew: kubeadm certs renew (control plane), enable kubelet client certificate rotation (rotateCertificates: true) and approve pending CSRs; if the client cert already expired, bootstrap the kubelet again. Check the node clock first (see clock-skew).',
  links: ['https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-certs/', 'https://kubernetes.io/docs/tasks/tls/certificate-rotation/'],
  signatures: [
    { phrase: 'Certificate expiration is', pattern: /Certificate expiration is (\d{4}-\d\d-\d\d[ T][^,]{1,60}?), rotation deadline is (\d{4}-\d\d-\d\d[ T][^,"\\]{1,60})/, kinds: C },
    { phrase: 'certificate has expired or is not yet valid', pattern: /x509: certificate has expired or is not yet valid: current time (\S+) is after (\S+?)(?=["\\\s]|$)/, kinds: C },
    { phrase: 'client certificate has expired', pattern: /()The currently active client certificate has expired/, kinds: C },
  ],
  accept: (h) => !/is before/.test(h.text),
  describe(hits, view) {
    const now = view.collectedAtMs();
    const expired = hits.filter((h) => !h.text.includes('Certificate expiration is'));
    if (expired.length > 0) {
      return { summary: `A certificate has expired: ${countPhrase(expired)}.`, severity: 'critical', evidence: quoteOf(expired) };
    }
    const last = hits.at(-1) as LogHit;
    const notAfter = goTimeMs(last.match[1] as string);
    if (now === null || notAfter === null) {
      return { summary: `The kubelet reports a certificate expiring at ${last.match[1]}.`, severity: 'info', unchecked: ['collection time unknown: cannot tell how close expiry is'] };
    }
    const left = notAfter - now;
    if (left > 30 * DAY) return null;
    // The kubelet renews at the rotation deadline: a log that ends before it cannot show the renewal.
    const deadline = last.match[2] ? goTimeMs(last.match[2].trim()) : null;
    const quiet = last.ts !== null ? quietBeforeEnd(view, [last]) : null;
    const logEnd = last.ts !== null && quiet !== null ? last.ts + quiet : null;
    if (deadline !== null && logEnd !== null && logEnd < deadline) {
      return {
        summary: `The kubelet certificate expires ${left < 0 ? `${humanDuration(-left)} before` : `${humanDuration(left)} after`} the bundle was collected (${last.match[1]}), but its log ends ${humanDuration(deadline - logEnd)} before the rotation deadline (${last.match[2]?.trim()}): the renewal, if it happened, is not in the log.`,
        severity: 'info',
        evidence: quoteOf([last]),
        why: { firedBecause: [`the last certificate the kubelet logged expires ${last.match[1]}`], ruledOut: [] },
        unchecked: ['whether the kubelet rotated the certificate after its log ends'],
      };
    }
    return { why: { firedBecause: [`the last certificate the kubelet logged expires ${last.match[1]}`], ruledOut: deadline !== null && logEnd !== null ? [`a rotation not yet due: the log goes on ${humanDuration(logEnd - deadline)} past the rotation deadline with no newer certificate`] : [] }, summary: `The kubelet certificate expires ${left < 0 ? `${humanDuration(-left)} before` : `${humanDuration(left)} after`} the bundle was collected (${last.match[1]}).`, severity: left < 0 ? 'critical' : 'warning', evidence: quoteOf([last]) };
  },
});

function quoteOf(hits: LogHit[]) {
  return hits.slice(0, 4).map((h) => ({ artifact: h.path, line: h.line, lineEnd: h.line, text: h.text, note: null }));
}

const clockSkewLogs = logRule({
  id: 'clock-skew',
  title: 'Clock skew between nodes or against certificates',
  severity: 'warning',
  version: 1,
  sources: 'etcd logs, component logs, node facts',
  meaning:
    'Clocks disagree: etcd members see a peer\'s clock off by more than a second, or a certificate is "not yet valid" because this node\'s clock is behind. Leases, leader election, certificate checks and log correlation all assume synchronised clocks.',
  remedy: 'Run and check time synchronisation on every node (chronyc tracking, timedatectl); fix NTP reachability; do not step the clock of a running etcd member by large amounts.',
  links: ['https://etcd.io/docs/v3.5/op-guide/hardware/', 'https://github.com/etcd-io/etcd/issues/9768'],
  signatures: [
    { phrase: 'the clock difference against peer', pattern: /the clock difference against peer (\S+) is too high \[(\S+) > (\S+)\]/, kinds: C },
    { phrase: 'prober found high clock drift', pattern: /()prober found high clock drift/, kinds: C },
    { phrase: 'certificate has expired or is not yet valid', pattern: /x509: certificate has expired or is not yet valid: current time (\S+) is before (\S+?)(?=["\\\s]|$)/, kinds: C },
  ],
  describe: (hits) => ({ summary: `${countPhrase(hits)} report clocks out of step${hits.find((h) => h.match[2] && h.text.includes('clock difference')) ? ` (peer ${hits.find((h) => h.text.includes('clock difference'))?.match[1]} off by ${hits.find((h) => h.text.includes('clock difference'))?.match[2]})` : ''}.` }),
});

/** The log signatures, and the node's own word (timedatectl's "System clock synchronized: no") when no log shows skew. */
export const clockSkew: Rule = {
  ...clockSkewLogs,
  detect(view) {
    const found = clockSkewLogs.detect(view);
    if (found.length > 0 || view.fact('clockSynced') !== 'false') return found;
    const tz = view.artifacts('timezone')[0];
    const line = tz ? view.lines(tz).findIndex((l) => /synchronized: no|NTP synchronized: no/i.test(l)) : -1;
    return [{
      summary: 'The node says its clock is not synchronised (timedatectl); no skew shows in the logs yet.',
      severity: 'info',
      evidence: tz && line >= 0 ? [{ artifact: tz.path, line: line + 1, lineEnd: line + 1, text: view.lines(tz)[line] as string, note: null }] : [],
    }];
  },
};

export const apiserverTlsHandshake = logRule({
  id: 'apiserver-tls-handshake-errors',
  title: 'TLS handshake errors from clients',
  severity: 'info',
  version: 2,
  sources: 'kube-apiserver, kubelet logs',
  meaning: 'Clients fail the TLS handshake: a client that does not trust the server CA ("bad certificate", "unknown certificate authority"), an expired client certificate, or load-balancer health checks that close the connection (EOF: usually harmless).',
  remedy: 'Group by peer address: a cluster component with "bad certificate" needs the right CA bundle or a renewed certificate; EOF-only peers that are load balancers can be ignored or switched to a TCP/HTTPS health check on /readyz.',
  links: ['https://github.com/kubernetes/kubernetes/issues/78158'],
  signatures: [{ phrase: 'TLS handshake error from', pattern: /http: TLS handshake error from (\S+?):\d+: (.+?)(?:"|$)/, kinds: C }],
  accept: (h) => h.match[2] !== 'EOF',
  describe: (hits) => ({
    summary: `${countPhrase(hits)} of TLS handshake errors (e.g. from ${hits[0]?.match[1]}: ${hits[0]?.match[2]}).`,
    severity: hits.length >= 50 ? 'warning' : 'info',
    why: {
      firedBecause: [`${hits.length} failed TLS handshake${hits.length === 1 ? '' : 's'}`],
      ruledOut: ['load-balancer health checks that close the connection: handshakes ending in EOF are not counted', ...(hits.length >= 50 ? [`a client retrying once or twice: ${hits.length} failures (50 or more)`] : [])],
    },
  }),
});

function slowest(hits: LogHit[], group: number): string | null {
  const ms = hits.map((h) => goDurationMs(h.match[group] ?? '')).filter((v): v is number => v !== null);
  return ms.length ? `${(Math.max(...ms) / 1000).toFixed(1)} s` : null;
}

/** Slow requests that stopped this long before etcd's log ends were a burst, not a slow etcd. */
const ETCD_BURST_OVER_MS = 30 * 60_000;

export const etcdSlowApply = logRule({
  id: 'etcd-slow-apply',
  title: 'etcd requests take too long',
  severity: 'warning',
  version: 3,
  sources: 'etcd logs',
  meaning: 'etcd applied or served requests far slower than expected (100 ms), or the leader missed heartbeats. The API server becomes slow, leases expire, controllers fall behind. Usually slow disk (see etcd-slow-disk), CPU starvation (steal), or very large objects/ranges.',
  remedy: 'Put etcd on a dedicated low-latency disk (SSD/NVMe), check CPU steal and load on the node, defragment and compact, and look for clients listing huge ranges.',
  links: ['https://etcd.io/docs/v3.5/faq/#what-does-the-etcd-warning-apply-entries-took-too-long-mean', 'https://github.com/etcd-io/etcd/issues/12094'],
  // A burst during an install or a restore (every object written at once) that stopped half an hour
  // before etcd's log ends is over: info, with when it stopped.
  resolvedAfterMs: ETCD_BURST_OVER_MS,
  signatures: [
    { phrase: 'apply request took too long', pattern: /"msg":"apply request took too long","took":"([^"]+)"/, kinds: C },
    // etcd 3.4's capnslog: "request %q … took too long (%v)", "read-only range " before it for a read
    { phrase: 'took too long', pattern: /etcdserver: (?:apply entries took too long \[([\d.]+m?s)|(?:read-only range )?request .* took too long \(([\d.hmµn]+s)\) to execute)/, kinds: C },
    { phrase: 'failed to send out heartbeat on time', pattern: /()leader failed to send out heartbeat on time/, kinds: C },
  ],
  describe: (hits) => {
    const max = slowest(hits, 1) ?? slowest(hits, 2);
    return { summary: `${countPhrase(hits)} report slow etcd requests${max ? `, the slowest ${max}` : ''}.`, severity: hits.length >= 20 ? 'warning' : 'info' };
  },
});

export const etcdSlowDisk = logRule({
  id: 'etcd-slow-disk',
  title: 'etcd disk sync (fdatasync) is slow',
  severity: 'critical',
  version: 2,
  sources: 'etcd logs',
  meaning: 'etcd waits for every write to reach the disk (fdatasync of its WAL). Syncs over a second stall the whole cluster: leader elections, request timeouts, API server errors.',
  remedy: 'Move the etcd data directory to a dedicated SSD/NVMe volume, keep other I/O (logs, images) off it, and check diskstats await and util for it in this bundle.',
  links: ['https://etcd.io/docs/v3.5/op-guide/hardware/#disks', 'https://github.com/etcd-io/etcd/issues/10215'],
  signatures: [
    { phrase: 'slow fdatasync', pattern: /"msg":"slow fdatasync","took":"([^"]+)"/, kinds: C },
    { phrase: 'sync duration of', pattern: /sync duration of ([0-9hmsµn.]+), expected less than 1s/, kinds: C },
  ],
  describe: (hits) => {
    const spike = hits.length < SLOW_SYNC_REPEATED;
    return {
      summary: `${countPhrase(hits)} report WAL syncs over 1 s${slowest(hits, 1) ? `, the slowest ${slowest(hits, 1)}` : ''}.${spike ? ' A single spike, not a slow disk.' : ''}`,
      severity: spike ? 'info' : undefined,
      why: { firedBecause: [`${hits.length} WAL sync${hits.length === 1 ? '' : 's'} over 1 s`], ruledOut: spike ? [] : [`a one-off spike: ${hits.length} slow syncs (${SLOW_SYNC_REPEATED} or more)`] },
    };
  },
});

/** Slow WAL syncs from this many on say the disk is slow, not that one sync hit a burst. */
const SLOW_SYNC_REPEATED = 3;

export const CONTROL_PLANE_RULES: Rule[] = [
  corednsLoop, corednsUpstreamTimeout, certExpiring, clockSkew, apiserverTlsHandshake, etcdSlowApply, etcdSlowDisk,
];

