import type { Evidence } from '../../../../shared/api/findings';
import { loadGoroutineDump } from '../../goroutines/load';
import { componentOf } from '../../profiles/api';
import { decodeStoredProfile } from '../../profiles/stored';
import type { Profile } from '../../profiles/model';
import { topTable, type TopTable } from '../../profiles/top';
import { readArtifactBytes, type ArtifactRow } from '../../store/artifacts';
import type { Detection, Rule } from '../types';
import type { BundleView } from '../view';

/** Frames every Go server has at the root of its stacks: a subtree under them says nothing. */
const GENERIC =
  /^(runtime[./]|internal\/|syscall\.|sync\.|reflect\.|main\.main$|net\/http\.|google\.golang\.org\/grpc\.|github\.com\/grpc-ecosystem\/|.*\.ServeHTTP$|.*\/wait\.|.*\.func\d+(?:\.\d{1,9})*$|.*\bwsproxy\.|golang\.org\/x\/net\/http2\.)/;
const OWN_CODE = /^[\w-]+(?:\.[\w-]{1,255})+\//;
/** Flat time here is waiting, not work. */
const IDLE = /^(runtime\/internal\/syscall\.Syscall6|syscall\.R?a?w?Syscall6?|runtime\.(epollwait|futex|usleep|osyield|nanotime1?|madvise|pthread_cond_\w+))$/;

const FLAT_DOMINANT = 0.3;
const CUM_DOMINANT = 0.5;
/** Below this much CPU (ns) or heap (bytes) a profile is too thin to call anything dominant. */
const MIN_CPU_NS = 5e8;
const MIN_HEAP_BYTES = 16 << 20;

interface Measured {
  artifact: ArtifactRow;
  component: string;
  top: TopTable;
  kind: 'CPU' | 'heap';
  /** CPU profiles: CPUs used on average over the profile's duration (null when it has none). */
  cores: number | null;
}

/** Frames of an unsymbolised profile: an address or pprof's placeholder says nothing about the code. */
const UNSYMBOLISED = /^(?:<unknown>|\?\?|0x[0-9a-f]+|\[unknown\]|)$/;
/** Below this much CPU (cores over the profile) or heap, a dominant function is the component's normal work. */
const BUSY_CORES = 0.5;
const BIG_HEAP_BYTES = 512 * 2 ** 20;

function measure(view: BundleView, a: ArtifactRow): Measured | null {
  return view.memo(`profile-top:${a.id}`, () => {
    let p: Profile;
    try {
      p = decodeStoredProfile(view.db, a);
    } catch {
      return null;
    }
    const types = p.sampleTypes.map((t) => t.type);
    const kind = types.includes('cpu') ? 'CPU' : types.includes('inuse_space') ? 'heap' : null;
    if (!kind) return null;
    const top = topTable(p, { sample: kind === 'CPU' ? 'cpu' : 'inuse_space' });
    if (top.total < (kind === 'CPU' ? MIN_CPU_NS : MIN_HEAP_BYTES)) return null;
    const cores = kind === 'CPU' && p.durationNanos > 0 ? top.total / p.durationNanos : null;
    return { artifact: a, component: componentOf(a.path) ?? a.path, top, kind, cores };
  });
}

/**
 * Share of a component's in-use heap held under functions matching `pattern` (the largest cum among
 * them), with the artifact; null when the bundle has no readable heap profile of that component.
 */
export function heapShareOf(view: BundleView, component: string, pattern: RegExp): { share: number; name: string | null; artifact: string } | null {
  for (const a of view.artifacts('pprof').filter((x) => componentOf(x.path) === component)) {
    let p: Profile;
    try {
      p = view.memo(`profile:${a.id}`, () => decodeStoredProfile(view.db, a));
    } catch {
      continue;
    }
    if (!p.sampleTypes.some((t) => t.type === 'inuse_space')) continue;
    const top = topTable(p, { sample: 'inuse_space' });
    const best = top.rows.filter((r) => pattern.test(r.name)).sort((x, y) => y.cum - x.cum)[0];
    return { share: best && top.total > 0 ? best.cum / top.total : 0, name: best?.name ?? null, artifact: a.path };
  }
  return null;
}

const share = (v: number, total: number) => `${((100 * v) / total).toFixed(1)}%`;

function hotspot(m: Measured): Detection | null {
  const { top } = m;
  const named = top.rows.filter((r) => !UNSYMBOLISED.test(r.name.trim()));
  const flat = [...named].sort((a, b) => b.flat - a.flat)[0];
  const candidates = named.filter((r) => r.cum >= CUM_DOMINANT * top.total && !GENERIC.test(r.name));
  // The component's own code (a module path with a domain) says more than the standard library under it.
  const own = candidates.filter((r) => OWN_CODE.test(r.name));
  const subtree = (own.length ? own : candidates).sort((a, b) => a.cum - b.cum)[0];
  const flatHot = flat !== undefined && flat.flat >= FLAT_DOMINANT * top.total && !IDLE.test(flat.name);
  if (!flatHot && !subtree) return null;
  const what = m.kind === 'CPU' ? 'CPU time' : 'in-use heap';
  const said: string[] = [];
  const evidence: Evidence[] = [];
  const row = (name: string, flatV: number, cumV: number, note: string): Evidence => ({
    artifact: m.artifact.path, line: null, lineEnd: null,
    text: `${name}: flat ${share(flatV, top.total)}, cum ${share(cumV, top.total)} of ${top.sampleType}`,
    note,
  });
  if (flatHot && flat) {
    said.push(`${flat.name} itself holds ${share(flat.flat, top.total)} of ${m.component}'s ${what}`);
    evidence.push(row(flat.name, flat.flat, flat.cum, 'as go tool pprof -top computes it'));
  }
  if (subtree && subtree.name !== flat?.name) {
    said.push(`${subtree.name} and its callees hold ${share(subtree.cum, top.total)}`);
    evidence.push(row(subtree.name, subtree.flat, subtree.cum, 'the most specific function holding most of the profile'));
  }
  const replicaSets = m.kind === 'heap' && top.rows.some((r) => /ReplicaSet/.test(r.name) && r.cum >= 0.25 * top.total);
  // A function dominates every profile of a component doing one job; it is a problem only when the
  // component is busy: much CPU over the profile, or a big heap.
  const size = m.kind === 'CPU'
    ? (m.cores === null ? null : `${m.component} used ${m.cores.toFixed(2)} CPUs over the profile`)
    : `${m.component} holds ${(top.total / 2 ** 20).toFixed(0)} MiB in use`;
  const busy = m.kind === 'CPU' ? m.cores === null || m.cores >= BUSY_CORES : top.total >= BIG_HEAP_BYTES;
  const ruledOut = [
    ...(busy && size ? [`normal work of an idle component: ${size} (${m.kind === 'CPU' ? `${BUSY_CORES} or more` : `${BIG_HEAP_BYTES / 2 ** 20} MiB or more`})`] : []),
    ...(top.rows.some((r) => UNSYMBOLISED.test(r.name.trim())) ? ['unsymbolised frames (<unknown>, bare addresses): they name no code'] : []),
  ];
  return {
    summary: `${m.kind} profile of ${m.component}: ${said.join('; ')}.${replicaSets ? ' ReplicaSet objects dominate: see replicaset-history-bloat.' : ''}${busy ? '' : ` ${size}: its normal work, not a hot spot.`}`,
    evidence,
    severity: busy ? undefined : 'info',
    why: { firedBecause: said, ruledOut },
  };
}

export const profileHotspot: Rule = {
  id: 'profile-hotspot',
  title: 'One function dominates a component\'s CPU or heap profile',
  severity: 'warning',
  version: 2,
  sources: 'pprof CPU and heap profiles of every component',
  meaning:
    'In a CPU or heap profile collected from a component, one function holds a dominant share by itself (flat), or one specific call subtree holds most of it (cum). This is where the component spends its CPU or memory: the field cases were kube-proxy burning CPU in realIPGetter.NodeIPs (IPVS mode) and kube-apiserver heap full of ReplicaSets.',
  remedy:
    'Open the profile\'s flame graph and compare it with the same component on a healthy node (nodescope compare / profile diff). Check the component\'s version against known fixes for that function (e.g. kube-proxy ≥ 1.16 caches node IPs) and the objects it processes (ReplicaSet counts for the apiserver).',
  links: ['https://github.com/google/pprof/blob/main/doc/README.md', 'https://github.com/kubernetes/kubernetes/pull/79444', 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#clean-up-policy'],
  detect(view) {
    return view.artifacts('pprof')
      .map((a) => measure(view, a))
      .filter((m): m is Measured => m !== null)
      .map(hotspot)
      .filter((d): d is Detection => d !== null);
  },
};

/** Roots of the Go runtime's garbage-collection work (disjoint: none calls another). */
const GC_ROOTS = new Set(['runtime.gcBgMarkWorker', 'runtime.gcAssistAlloc', 'runtime.bgsweep', 'runtime.bgscavenge', 'runtime.markroot']);
const GC_DOMINANT = 0.3;

export const goGcDominated: Rule = {
  id: 'go-gc-dominated',
  title: 'A component spends much of its CPU on Go garbage collection',
  severity: 'warning',
  version: 1,
  sources: 'pprof CPU profiles',
  meaning:
    'A large share of the component\'s CPU goes to the Go garbage collector (background mark workers, mark assists, sweeping). It allocates heavily or its heap is near its limit (GOMEMLIMIT/GOGC), so the GC runs constantly: requests slow down and CPU usage grows with no useful work to show for it.',
  remedy: 'Look at the heap profile\'s alloc_space view for what allocates; reduce the objects the component handles (watch/list sizes, old ReplicaSets, events); give it more memory headroom (GOGC, GOMEMLIMIT, container limit).',
  links: ['https://tip.golang.org/doc/gc-guide', 'https://github.com/kubernetes/kubernetes/issues/5263'],
  detect(view) {
    return view.artifacts('pprof')
      .map((a) => measure(view, a))
      .filter((m): m is Measured => m !== null && m.kind === 'CPU')
      .flatMap((m) => {
        const gc = m.top.rows.filter((r) => GC_ROOTS.has(r.name)).sort((a, b) => b.cum - a.cum);
        const total = gc.reduce((n, r) => n + r.cum, 0);
        if (total < GC_DOMINANT * m.top.total) return [];
        return [{
          summary: `${share(total, m.top.total)} of ${m.component}'s CPU time is garbage collection (${gc.map((r) => `${r.name} ${share(r.cum, m.top.total)}`).join(', ')}).`,
          evidence: gc.map((r) => ({ artifact: m.artifact.path, line: null, lineEnd: null, text: `${r.name}: cum ${share(r.cum, m.top.total)} of ${m.top.sampleType}`, note: 'as go tool pprof -top computes it' })),
        }];
      });
  },
};

/** Goroutines beyond which a component is leaking them, per component (others: the default). */
const GOROUTINE_LIMITS: Record<string, number> = { 'kube-apiserver': 50_000, kubelet: 5_000, 'kube-proxy': 2_000, coredns: 5_000 };
const DEFAULT_GOROUTINE_LIMIT = 10_000;

export const goroutineExplosion: Rule = {
  id: 'goroutine-explosion',
  title: 'A component has an abnormal number of goroutines',
  severity: 'warning',
  version: 1,
  sources: 'goroutine dumps (debug=1, debug=2, protobuf)',
  meaning: 'The component runs far more goroutines than it normally does: a leak (watches, requests or timers never finished) or goroutines piling up behind one blocked lock or channel. Memory and scheduling cost grow until it is restarted.',
  remedy: 'Look at the biggest bucket of identical stacks in the goroutine view: its top frame names what they wait for. Restart the component to recover; upgrade if the stack matches a known leak.',
  links: ['https://pkg.go.dev/runtime/pprof#Profile', 'https://github.com/kubernetes/kubernetes/issues/33472'],
  detect(view) {
    const out: Detection[] = [];
    const seen = new Set<string>();
    for (const a of [...view.artifacts('goroutine-dump'), ...view.artifacts('pprof').filter((x) => /goroutine/.test(x.path))]) {
      const component = componentOf(a.path) ?? a.path;
      if (seen.has(component)) continue;
      let total: number;
      let biggest: { count: number; at: string } | null;
      let head = '';
      let atLeast = false;
      try {
        const d = loadGoroutineDump(view.db, a);
        if (a.kind === 'goroutine-dump') head = firstLine(readArtifactBytes(view.db, a.id, 0, FIRST_LINE_BYTES));
        total = d.headerTotal ?? d.total;
        atLeast = d.headerTotal === null && d.partial !== null;
        const b = d.buckets.reduce<(typeof d.buckets)[number] | undefined>((max, x) => (!max || x.count > max.count ? x : max), undefined);
        biggest = b ? { count: b.count, at: b.frames.find((f) => !/^runtime\./.test(f.func))?.func ?? b.frames[0]?.func ?? '?' } : null;
      } catch {
        continue;
      }
      seen.add(component);
      const limit = GOROUTINE_LIMITS[component] ?? DEFAULT_GOROUTINE_LIMIT;
      if (total < limit) continue;
      out.push({
        summary: `${component} has ${atLeast ? 'at least ' : ''}${total} goroutines (more than ${limit})${biggest ? `; the largest group, ${biggest.count}, waits in ${biggest.at}` : ''}.`,
        evidence: [{ artifact: a.path, line: a.kind === 'goroutine-dump' ? 1 : null, lineEnd: a.kind === 'goroutine-dump' ? 1 : null, text: a.kind === 'goroutine-dump' ? head : `${total} goroutines`, note: null }],
      });
    }
    return out;
  },
};

/** Bytes read for a text dump's first line (its header: "goroutine profile: total N", or a goroutine's). */
const FIRST_LINE_BYTES = 4096;

/** The first line of a text dump, without its line end (the whole dump is not split for it). */
function firstLine(bytes: Buffer): string {
  const end = bytes.indexOf(10);
  return bytes.toString('utf8', 0, end < 0 ? bytes.length : end).replace(/\r$/, '');
}

export const PROFILE_RULES: Rule[] = [profileHotspot, goGcDominated, goroutineExplosion];
