import type { Evidence } from '../../../../shared/api/findings';
import { COMPONENT_LOG_KINDS, quoteHits } from '../log-rule';
import type { Detection, Rule } from '../types';
import type { BundleView, LogHit } from '../view';
import { goDurationMs, humanDuration, olderThan, parseVersion } from '../versions';
import { plegRelistGoroutine } from './pleg-goroutines';

/** Go's zero time seen from now: the relist never completed since the kubelet started. */
const NEVER = '2562047h47m16.854775807s';

function kubeletVersion(view: BundleView): string | null {
  return view.fact('kubeletVersion');
}

function versionVerdict(view: BundleView): { text: string; old: boolean } | null {
  const raw = kubeletVersion(view);
  const v = parseVersion(raw);
  if (!v) return null;
  const old = olderThan(v, [1, 14, 0]);
  const shown = raw && raw.length > 64 ? `${raw.slice(0, 61)}…` : raw;
  return {
    old,
    text: old
      ? `kubelet ${shown} predates kubernetes/kubernetes#72709 (1.14): its relist blocks when the PLEG event channel is full, a deadlock that keeps the node NotReady until the kubelet restarts`
      : `kubelet ${shown} has the non-blocking PLEG event send of kubernetes/kubernetes#72709`,
  };
}

export const plegUnhealthy: Rule = {
  id: 'pleg-unhealthy',
  title: 'Kubelet PLEG is not healthy (node goes NotReady)',
  severity: 'critical',
  version: 2,
  sources: 'kubelet journal, kubelet goroutine dump, kubelet version',
  meaning:
    'The kubelet\'s Pod Lifecycle Event Generator relists containers from the runtime every second. When a relist has not finished for 3 minutes the kubelet stops syncing pods and reports the node NotReady. The relist waits on the container runtime (hung dockerd/containerd, thousands of dead containers, D-state processes) or, in kubelets before 1.14, on itself: relist blocks sending to a full event channel that nobody drains while PLEG is unhealthy.',
  remedy:
    'Restart the kubelet to recover (and the runtime if it is hung). In the kubelet goroutine dump, see where (*GenericPLEG).relist waits: in a channel send (upgrade the kubelet to ≥ 1.14), or in a runtime call (debug the runtime: its goroutine dump, shims in D state). Prune exited containers; keep maxPods reasonable.',
  links: [
    'https://github.com/kubernetes/kubernetes/pull/72709',
    'https://github.com/kubernetes/kubernetes/issues/72482',
    'https://github.com/kubernetes/kubernetes/issues/45419',
    'https://developers.redhat.com/blog/2019/11/13/pod-lifecycle-event-generator-understanding-the-pleg-is-not-healthy-issue-in-kubernetes',
  ],
  detect(view): Detection[] {
    const hits = view.searchLogs({
      phrase: 'PLEG is not healthy',
      pattern: /PLEG is not healthy: (?:pleg was last seen active (\S+) ago; threshold is ([\dhms.]+)|pleg has yet to be successful)/,
      kinds: COMPONENT_LOG_KINDS,
    });
    if (hits.length === 0) return [];
    // "yet to be successful" (and, in old kubelets, the zero-time "last seen active 2562047h…") is printed
    // at every kubelet start before the first relist: unhealthy only when it goes on past the threshold.
    const startup = hits.filter(isStartupLine);
    const active = hits.filter((h) => !isStartupLine(h));
    const persistent = longestRun(startup);
    const relist = plegRelistGoroutine(view);
    const evidence: Evidence[] = quoteHits(active.length ? active : startup, 3);
    const unchecked: string[] = [];
    const ruledOut: string[] = [];
    const fired: string[] = [];
    if (active.length) {
      fired.push(`the kubelet reported a relist older than the threshold ${active.length} time${active.length === 1 ? '' : 's'}${lastSeen(active)}`);
      ruledOut.push('not a start-up line: the relist had completed before and then stopped');
    } else if (persistent.ms >= PLEG_THRESHOLD_MS || (persistent.ms < 0 && startup.length >= UNTIMED_STARTUP_LINES)) {
      fired.push(persistent.ms >= 0
        ? `the relist never succeeded for ${humanDuration(persistent.ms)} after a kubelet start (${persistent.count} reports, past the 3 min threshold)`
        : `the relist never succeeded: ${startup.length} reports without times (a start prints one or two)`);
      ruledOut.push('not only the start-up line: it went on past the PLEG threshold');
    }
    const relistBlocked = relist?.blocked === true;
    if (relistBlocked) fired.push('the relist goroutine is blocked in a channel send');
    const real = fired.length > 0;
    const said = real
      ? [`The kubelet reported PLEG unhealthy ${hits.length} time${hits.length === 1 ? '' : 's'}${active.length ? lastSeen(active) : persistent.ms >= 0 ? `; the relist did not succeed for ${humanDuration(persistent.ms)} after a start` : ' (relist has never succeeded)'}.`]
      : [`The kubelet printed "PLEG is not healthy: pleg has yet to be successful" ${startup.length} time${startup.length === 1 ? '' : 's'}, each at a kubelet start before its first relist${persistent.ms >= 0 ? ` (the longest run lasted ${humanDuration(persistent.ms)}, under the 3 min threshold)` : ''}: normal start-up, not a PLEG failure.`];
    if (!real) ruledOut.push(`a PLEG failure: the start-up line did not last past the 3 min threshold and no relist goroutine is blocked`);
    if (relist) {
      said.push(relist.summary);
      evidence.push(...relist.evidence);
    } else {
      unchecked.push(view.missing('kubelet goroutine dump', 'goroutine-dump') ?? 'no kubelet goroutine dump in the bundle');
    }
    const version = versionVerdict(view);
    if (version) said.push(`${version.text}.`);
    else unchecked.push('kubelet version unknown');
    return [{
      summary: said.join(' '),
      evidence,
      unchecked,
      severity: real ? undefined : 'info',
      why: { firedBecause: real ? fired : [`${startup.length} start-up line${startup.length === 1 ? '' : 's'} "pleg has yet to be successful"`], ruledOut },
    }];
  },
};

/** The PLEG threshold of every kubelet: relist older than this is unhealthy. */
const PLEG_THRESHOLD_MS = 3 * 60_000;
/** Without times, this many start-up reports mean the relist kept failing (a start prints one or two). */
const UNTIMED_STARTUP_LINES = 20;
/** Reports further apart than this belong to different kubelet starts. */
const SAME_RUN_GAP_MS = 2 * 60_000;

function isStartupLine(h: LogHit): boolean {
  return !h.match[1] || h.match[1] === NEVER;
}

/** The longest stretch (ms) of start-up reports close enough to be one start, or -1 without times. */
function longestRun(hits: LogHit[]): { ms: number; count: number } {
  const timed = hits.filter((h) => h.ts !== null).sort((a, b) => a.artifactId - b.artifactId || (a.ts as number) - (b.ts as number));
  if (timed.length === 0) return { ms: -1, count: hits.length };
  let best = { ms: 0, count: 1 };
  let first = timed[0] as LogHit;
  let prev = first;
  let count = 1;
  for (const h of timed.slice(1)) {
    if (h.artifactId !== prev.artifactId || (h.ts as number) - (prev.ts as number) > SAME_RUN_GAP_MS) {
      first = h;
      count = 0;
    }
    count++;
    prev = h;
    const ms = (h.ts as number) - (first.ts as number);
    if (ms > best.ms) best = { ms, count };
  }
  return best;
}

function lastSeen(hits: LogHit[]): string {
  const last = hits.at(-1) as LogHit;
  const ago = last.match[1];
  if (!ago) return ' (relist has never succeeded)';
  if (ago === NEVER) return ' (relist has never completed since the kubelet started)';
  const ms = goDurationMs(ago);
  return ms === null ? '' : `; last relist ${humanDuration(ms)} before the last report (threshold ${last.match[2]})`;
}

export const PLEG_RULES: Rule[] = [plegUnhealthy];
