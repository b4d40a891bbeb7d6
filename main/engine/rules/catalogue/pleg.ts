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
  version: 1,
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
    const said = [`The kubelet reported PLEG unhealthy ${hits.length} time${hits.length === 1 ? '' : 's'}${lastSeen(hits)}.`];
    const evidence: Evidence[] = quoteHits(hits, 3);
    const unchecked: string[] = [];
    const relist = plegRelistGoroutine(view);
    if (relist) {
      said.push(relist.summary);
      evidence.push(...relist.evidence);
    } else {
      unchecked.push(view.missing('kubelet goroutine dump', 'goroutine-dump') ?? 'no kubelet goroutine dump in the bundle');
    }
    const version = versionVerdict(view);
    if (version) said.push(`${version.text}.`);
    else unchecked.push('kubelet version unknown');
    return [{ summary: said.join(' '), evidence, unchecked }];
  },
};

function lastSeen(hits: LogHit[]): string {
  const last = hits.at(-1) as LogHit;
  const ago = last.match[1];
  if (!ago) return ' (relist has never succeeded)';
  if (ago === NEVER) return ' (relist has never completed since the kubelet started)';
  const ms = goDurationMs(ago);
  return ms === null ? '' : `; last relist ${humanDuration(ms)} before the last report (threshold ${last.match[2]})`;
}

export const PLEG_RULES: Rule[] = [plegUnhealthy];
