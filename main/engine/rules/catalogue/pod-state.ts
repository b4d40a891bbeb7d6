/**
 * Whether a problem the events tell of lasts: the state the bundle carries of each pod an event names
 * (its status in the pod listing) and, when the bundle states its collection time, how long before it
 * the events stopped. An install's or a rollout's events (FailedScheduling before the nodes were Ready,
 * FailedMount before a Secret existed, a few back-offs of operators waiting for each other) outlive the
 * problem by an hour: the pods they name are Running and Ready at collection, or were replaced.
 */
import type { K8sPod } from '../../../../shared/api/k8s';
import { humanDuration } from '../versions';
import type { BundleView } from '../view';
import { listedPods } from './k8s-listings';

/** Events this close to a collection time the bundle states are still going at collection. */
export const RECENT_MS = 10 * 60_000;

/**
 * unwell: in the listing and not Running-and-Ready (Pending, waiting, not ready, Failed);
 * well: Running with every container ready, or Succeeded; gone: not in a listing that holds its
 * namespace (deleted or replaced); unknown: no listing of its namespace, or not a pod.
 */
export type PodNow = 'unwell' | 'well' | 'gone' | 'unknown';

export interface ObjectNow {
  now: PodNow;
  pod: K8sPod | null;
  /** What the pod status says, in a few words ("Running, 2/2 ready", "ContainerCreating"). */
  said: string;
}

interface PodIndex {
  byName: Map<string, K8sPod>;
  namespaces: Set<string>;
}

function index(view: BundleView): PodIndex {
  return view.memo('k8s:all-pods', () => {
    const pods = listedPods(view).items;
    return { byName: new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p])), namespaces: new Set(pods.map((p) => p.namespace)) };
  });
}

/** "Running, 2/2 ready", "Pending (cart: ImagePullBackOff)", "Failed (Evicted)", "Running, 1/2 ready (app: CrashLoopBackOff)". */
function describe(p: K8sPod): string {
  const waiting = p.containers.filter((c) => c.state === 'waiting' && c.reason).map((c) => `${c.name}: ${c.reason}`);
  return `${p.phase ?? 'Unknown'}${p.reason ? ` (${p.reason})` : ''}${p.phase === 'Running' ? `, ${p.ready} ready` : ''}${waiting.length ? ` (${waiting.slice(0, 2).join(', ')})` : ''}`;
}

export function podIsWell(p: K8sPod): boolean {
  if (p.phase === 'Succeeded') return true;
  if (p.phase !== 'Running' || p.reason) return false;
  const main = p.containers.filter((c) => !c.init);
  return main.length > 0 && main.every((c) => c.ready && c.state === 'running');
}

/** The state now of the object an event names ("Pod/<namespace>/<name>"). */
export function objectNow(view: BundleView, object: string): ObjectNow {
  const m = /^Pod\/([^/]+)\/(.+)$/.exec(object);
  if (!m) return { now: 'unknown', pod: null, said: 'not a pod' };
  const idx = index(view);
  const pod = idx.byName.get(`${m[1]}/${m[2]}`);
  if (!pod) return idx.namespaces.has(m[1] as string) ? { now: 'gone', pod: null, said: 'no longer in the pod listing' } : { now: 'unknown', pod: null, said: 'no pod listing of its namespace' };
  return { now: podIsWell(pod) ? 'well' : 'unwell', pod, said: describe(pod) };
}

/** A pod named in a kubelet log line ("name_namespace(uid)"), as an event would name it. */
export function kubeletPodObject(podField: string): string {
  const m = /^(.+)_([a-z0-9-]{1,63})$/.exec(podField.trim());
  return m ? `Pod/${m[2]}/${m[1]}` : `Pod/?/${podField.trim()}`;
}

export interface Lasting<T> {
  /** Objects whose problem may go on: unwell now, or no state to tell, or events up to collection. */
  lasting: T[];
  /** Objects the bundle shows past it: Running and Ready, or replaced, with no event near collection. */
  passed: T[];
  /** Why the passed ones are past, for the finding ("every pod named is Running and Ready at collection"). */
  why: string | null;
  /** The lasting ones' reasons, for ruledOut/firedBecause. */
  because: string[];
}

/**
 * Splits a problem's objects by whether it lasts. `lastMs` is the time of an object's latest event or
 * log line, when known. A pod Running with every container ready has been scheduled, has mounted its
 * volumes and pulled its images: those problems are over for it. A crash loop is different (`recurs`):
 * the container is Running between its back-offs, so with a collection time the bundle states, events
 * less than RECENT_MS before it keep the pod lasting.
 */
export function splitLasting<T extends { object: string; lastMs: number | null }>(view: BundleView, objects: T[], recurs = false): Lasting<T> & { states: Map<T, ObjectNow> } {
  const collected = view.collectionEvidence();
  const states = new Map<T, ObjectNow>();
  const lasting: T[] = [];
  const passed: T[] = [];
  let recent = 0;
  for (const o of objects) {
    const s = objectNow(view, o.object);
    states.set(o, s);
    const nearCollection = recurs && collected !== null && o.lastMs !== null && collected.ms - o.lastMs < RECENT_MS;
    if (s.now === 'unwell' || s.now === 'unknown' || nearCollection) {
      if ((s.now === 'well' || s.now === 'gone') && nearCollection) recent++;
      lasting.push(o);
    } else passed.push(o);
  }
  const well = passed.filter((o) => states.get(o)?.now === 'well').length;
  const gone = passed.length - well;
  const lastPassed = Math.max(...passed.map((o) => o.lastMs ?? -Infinity));
  const before = collected && Number.isFinite(lastPassed) ? `; the last of their events ${humanDuration(collected.ms - lastPassed)} before collection (${collected.from})` : '';
  const all = passed.length === objects.length;
  const many = !all && passed.length > 1;
  const [is, was] = many ? ['are', 'were'] : ['is', 'was'];
  const state = well && gone
    ? `${is} Running and Ready at collection (${well}) or ${was} since replaced (${gone}, no longer in the pod listing)`
    : well ? `${is} Running and Ready at collection` : `${was} since replaced (no longer in the pod listing)`;
  const why = passed.length ? `${all ? `every pod named (${passed.length})` : `${passed.length} of the ${objects.length} pods named`} ${state}${before}` : null;
  const unwell = lasting.filter((o) => states.get(o)?.now === 'unwell');
  const unknown = lasting.filter((o) => states.get(o)?.now === 'unknown');
  const because = [
    unwell.length ? `${unwell.length} of the pods named ${unwell.length === 1 ? 'is' : 'are'} not Running and Ready now (${unwell.slice(0, 3).map((o) => `${o.object.replace(/^Pod\//, '')}: ${states.get(o)?.said}`).join('; ')})` : '',
    unknown.length ? `${unknown.length} object${unknown.length === 1 ? '' : 's'} with no status in the bundle to tell whether it passed` : '',
    recent ? `${recent} pod${recent === 1 ? '' : 's'} Running now but with events less than ${humanDuration(RECENT_MS)} before collection (${collected?.from})` : '',
  ].filter(Boolean);
  return { lasting, passed, why, because, states };
}
