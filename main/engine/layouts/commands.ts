import type { ArtifactKind } from '../../../shared/bundle-format';
import type { BundleFiles, Dated } from './types';

/**
 * Files named after the command that produced them, as sos ("uname_-a"), insights ("ps_auxwww"),
 * Rancher's logs collector and operators' own folders ("journalctl-kubelet.txt") name them.
 * Matched on the file's name only; the word separators may be "_", "-", " " or nothing.
 */
const COMMAND_KINDS: { kind: ArtifactKind; test: RegExp }[] = [
  { kind: 'uname', test: /^uname(?:[-_ ]+-?a)?(?:\.txt|\.out)?$/ },
  { kind: 'sysctl', test: /^sysctl(?:[-_ ]+-?a)?(?:\.txt|\.out)?$/ },
  { kind: 'dmesg', test: /^dmesg(?:[-_ ]{1,3}-[a-zA-Z]{1,12}){0,4}(?:\.txt|\.out|\.log)?$/ },
  { kind: 'df-inodes', test: /^df[-_ ]+-[a-zA-Z]*i[a-zA-Z]*(?:[-_ ].*)?$/ },
  { kind: 'df', test: /^df(?:[-_ ]+-[a-zA-Z]+(?:[-_ ]+-x[-_ ]+\w+)?)?(?:\.txt|\.out)?$/ },
  { kind: 'ip-route', test: /^ip[-_ ]+(?:-[46][-_ ]+)?route(?:[-_ ]+show)?(?:[-_ ]+table[-_ ]+all)?(?:\.txt|\.out)?$/ },
  { kind: 'ip-addr', test: /^ip[-_ ]+(?:-d[-_ ]+)?addr(?:ess)?(?:[-_ ]+show)?(?:\.txt|\.out)?$/ },
  { kind: 'ip-rule', test: /^ip[-_ ]+(?:-[46][-_ ]+)?rule(?:[-_ ]+show)?(?:\.txt|\.out)?$/ },
  { kind: 'iptables-save', test: /^iptables(?:[-_ ]+-t[-_ ]+\w+)?[-_ ]+-(?:nvL|vnxL|nvxL|L[-_ ]+-nv)(?:\.txt|\.out)?$/ },
  { kind: 'ip6tables-save', test: /^ip6tables(?:[-_ ]+-t[-_ ]+\w+)?[-_ ]+-(?:nvL|vnxL|nvxL)(?:\.txt|\.out)?$/ },
  { kind: 'ss', test: /^ss[-_ ]+-[a-zA-Z]+(?:\.txt|\.out)?$/ },
  { kind: 'ps', test: /^ps(?:[-_ ]+(?:-?aux[a-z]*|-ef[a-zA-Z]*|-?alx[a-z]*))?(?:\.txt|\.out)?$/ },
  { kind: 'journal', test: /^journalctl(?:[-_ ].*)?(?:\.txt|\.out|\.log)?$/ },
  { kind: 'crictl-ps', test: /^crictl[-_ ]+ps(?:[-_ ]+-a)?(?:\.txt|\.out)?$/ },
  { kind: 'crictl-pods', test: /^crictl[-_ ]+pods(?:\.txt|\.out)?$/ },
  { kind: 'docker-ps', test: /^docker[-_ ]+ps(?:[-_ ]+-a)?(?:\.txt|\.out)?$/ },
  { kind: 'mounts', test: /^(?:mount(?:[-_ ]+-l)?|findmnt)$/ },
  { kind: 'os-release', test: /^os[-_]?release$/ },
];

/** kubectl output: "kubectl_..._get_-o_json_..._events" (sos) or "kubectl-get-events.json". */
const KUBECTL = /^(?:k8s_)?kubectl[-_ ]/;
const KUBECTL_WHAT = /[-_ ](events|pods|nodes|deployments|replicasets)(?:[-_ ]{1,3}-A|[-_ ]{1,3}--all-namespaces)?(?:\.json|\.yaml)?$/;
const KUBECTL_KIND: Record<string, ArtifactKind> = {
  events: 'k8s-events',
  pods: 'k8s-pods',
  nodes: 'k8s-nodes',
  deployments: 'k8s-deployments',
  replicasets: 'k8s-replicasets',
};

export function kindOfCommandFile(path: string): ArtifactKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name.length > 400) return undefined;
  // "kubectl_…_get_-o_json_…_events": the command's words, the object kind last.
  const k = KUBECTL.test(name) && name.includes('get') ? KUBECTL_WHAT.exec(name) : null;
  if (k && /json|yaml|-o[-_ ]/.test(name)) return KUBECTL_KIND[k[1]];
  return COMMAND_KINDS.find((c) => c.test.test(name))?.kind;
}

/** The first path whose end (after the top folders) matches. */
export function findPath(paths: readonly string[], end: RegExp): string | null {
  return paths.find((p) => end.test(p)) ?? null;
}

export function firstText(files: BundleFiles, ...ends: RegExp[]): { path: string; text: string } | null {
  for (const end of ends) {
    for (const p of files.paths) {
      if (!end.test(p)) continue;
      const text = files.text(p);
      if (text !== null && text.trim() !== '') return { path: p, text };
    }
  }
  return null;
}

/** hostname and kernel of `uname -a`: "Linux host 5.4.0-99-generic #112-Ubuntu SMP …". */
export function fromUname(text: string): { hostname?: string; kernel?: string } {
  const f = text.trim().slice(0, 1000).split(/\s+/);
  if (f[0] !== 'Linux' || !f[1]) return {};
  return { hostname: f[1], kernel: f[2] };
}

/** PRETTY_NAME (or NAME VERSION) of an os-release file. */
export function fromOsRelease(text: string): string | undefined {
  const vars = new Map<string, string>();
  for (const line of text.slice(0, 64 * 1024).split('\n')) {
    const m = /^([A-Z_]{1,40})=(.{0,300})$/.exec(line.trim());
    if (m) vars.set(m[1], m[2].replace(/^["']|["']$/g, ''));
  }
  return vars.get('PRETTY_NAME') ?? ([vars.get('NAME'), vars.get('VERSION')].filter(Boolean).join(' ') || undefined);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `date` output in the C locale: "Wed Dec  2 05:08:20 UTC 2026". Only UTC (or an explicit numeric
 * offset, "+0800") gives an instant; another zone abbreviation gives the year alone (`yearOnly`).
 */
export function parseDateOutput(text: string): { ms: number; exact: boolean } | null {
  const m = /^\w{3} (\w{3}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?: ([A-Z]{1,6}|[+-]\d{4}))? (\d{4})$/.exec(text.trim().slice(0, 100));
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]);
  if (month < 0) return null;
  const base = Date.UTC(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  const zone = m[6] ?? '';
  if (zone === 'UTC' || zone === 'GMT' || zone === 'Z') return { ms: base, exact: true };
  const off = /^([+-])(\d\d)(\d\d)$/.exec(zone);
  if (off) return { ms: base - (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) * 60_000, exact: true };
  return { ms: base, exact: false };
}

/** An IANA zone from where /etc/localtime points ("../usr/share/zoneinfo/Europe/Paris"). */
export function zoneFromLocaltime(target: string | null): string | undefined {
  const m = target ? /zoneinfo\/(?:posix\/|right\/)?([A-Za-z_+-]+(?:\/[A-Za-z0-9_+-]+){0,2})$/.exec(target) : null;
  return m ? m[1] : undefined;
}

/** "2021-08-03 10:12:00.016988581 +0000 UTC …" (Go's time.String()), "2022-02-11T10:00:00Z", … */
export function parseLooseTimestamp(text: string, from: string): Dated | null {
  const m = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?: ?(Z|[+-]\d\d:?\d\d))?/.exec(text.slice(0, 300));
  if (!m) return null;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const z = m[7];
  if (z && z !== 'Z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(ms) ? { ms, from } : null;
}
