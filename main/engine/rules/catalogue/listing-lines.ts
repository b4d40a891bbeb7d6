/**
 * The lines of the kubectl listings a finding quotes: an event's message next to its object's name, a
 * pod's name next to its namespace. Every object a finding quotes is looked up in one pass over the
 * listings: looked up one by one, a cluster's 500 per-namespace pod listings (67 MB) were read and
 * split again for each of a rule's five pods.
 */
import type { Evidence } from '../../../../shared/api/findings';
import type { K8sEvent, K8sPod } from '../../../../shared/api/k8s';
import type { ArtifactRow } from '../../store/artifacts';
import type { BundleView } from '../view';

/** Lines either side of a message line an event's involvedObject name may sit on (JSON or YAML, either order). */
const EVENT_WINDOW = 25;
/** Lines either side of a pod's name its namespace may sit on, in a pretty-printed listing. */
const POD_WINDOW = 12;

/**
 * Something to find in the listings: the first line that holds one of its needles and is accepted, in an
 * artifact it prefers if any has one. Lines are found in the listing's text by its needles, never split
 * into an array: the first 16 MiB of a large events listing are 660,000 lines, 41 MB as strings.
 */
interface Sought {
  /** An artifact read before the others (its matches win over theirs). */
  prefers(a: ArtifactRow): boolean;
  needles: string[];
  /** The line at [start, end) of the text holds a needle: is it the one? */
  accepts(text: string, start: number, end: number): boolean;
}

interface Found {
  artifact: string;
  line: number;
  text: string;
}

/**
 * For each sought thing, the first line that matches it: in the artifacts it prefers, in their order,
 * else in the others, in theirs (of a listing past 16 MiB, read object by object, within its first
 * 16 MiB). Each artifact is read once for all of them, and the pass stops once each has its line in an
 * artifact it prefers (or every artifact was read).
 */
function firstLines(view: BundleView, artifacts: ArtifactRow[], sought: Sought[]): (Found | null)[] {
  const preferred: (Found | null)[] = sought.map(() => null);
  const other: (Found | null)[] = sought.map(() => null);
  for (const a of artifacts) {
    if (preferred.every((f) => f !== null)) break;
    let text: string | null = null;
    for (let k = 0; k < sought.length; k++) {
      const prefers = (sought[k] as Sought).prefers(a);
      if (preferred[k] !== null || (!prefers && other[k] !== null)) continue;
      text ??= view.quotableText(a);
      const line = firstMatch(text, sought[k] as Sought);
      if (line) (prefers ? preferred : other)[k] = { artifact: a.path, line: lineNumberAt(text, line.start), text: text.slice(line.start, line.end).replace(/\r$/, '') };
    }
  }
  return sought.map((_, k) => preferred[k] ?? other[k] ?? null);
}

/** The first line (its [start, end) in the text) that holds a needle and is accepted. */
function firstMatch(text: string, s: Sought): { start: number; end: number } | null {
  for (let from = 0; ; ) {
    let hit = -1;
    for (const n of s.needles) {
      const h = text.indexOf(n, from);
      if (h >= 0 && (hit < 0 || h < hit)) hit = h;
    }
    if (hit < 0) return null;
    const start = text.lastIndexOf('\n', hit) + 1;
    const nl = text.indexOf('\n', hit);
    const end = nl < 0 ? text.length : nl;
    if (s.accepts(text, start, end)) return { start, end };
    from = end + 1;
  }
}

function lineNumberAt(text: string, start: number): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < start; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** The text of the lines from `before` lines above [start, end) to `after` lines below it. */
function around(text: string, start: number, end: number, before: number, after: number): string {
  let from = start;
  for (let k = 0; k < before && from > 0; k++) from = text.lastIndexOf('\n', from - 2) + 1;
  let to = end;
  for (let k = 0; k < after && to < text.length; k++) {
    const nl = text.indexOf('\n', to + 1);
    to = nl < 0 ? text.length : nl;
  }
  return text.slice(from, to);
}

/** The events of one object a finding quotes: how many, first and last time, and the most recent. */
export interface QuotedEvents {
  object: string;
  count: number;
  first: string | null;
  last: string | null;
  sample: K8sEvent;
}

/**
 * The line of an events artifact holding each object's event message, as evidence: JSON ("message": "…")
 * or YAML (message: …), next to the name of the object the event is about (many events share a message's
 * first words: "MountVolume.SetUp failed for volume"). Artifacts named after the object's namespace (a
 * must-gather's namespaces/<ns>/core/events.yaml) are read first. `now` says how each object is at collection.
 */
export function eventLines(view: BundleView, quoted: { o: QuotedEvents; now?: string }[]): Evidence[] {
  const all = view.artifacts('k8s-events');
  const sought = quoted.map(({ o }): Sought => {
    const message = o.sample.message ?? '';
    const needles = [...new Set([JSON.stringify(message).slice(1, 61), message.slice(0, 60)])].filter(Boolean);
    const name = o.sample.objectName;
    const ns = o.sample.namespace;
    return {
      prefers: (a) => ns !== null && ns !== '' && a.path.includes(`/${ns}/`),
      needles,
      accepts: (text, start, end) => {
        const l = text.slice(start, end);
        if (!(l.includes('"message"') || /^\s*message\s*:/.test(l))) return false;
        return !name || around(text, start, end, EVENT_WINDOW, EVENT_WINDOW - 1).includes(name);
      },
    };
  });
  const found = firstLines(view, all, sought);
  return quoted.map(({ o, now }, k) => {
    const note = `${o.object}: ${o.count} event${o.count === 1 ? '' : 's'}${o.first ? `, first ${o.first}` : ''}${o.last ? `, last ${o.last}` : ''}${now ? `; now: ${now}` : ''}`;
    const f = found[k];
    if (f) return { artifact: f.artifact, line: f.line, lineEnd: f.line, text: f.text, note };
    const ns = o.sample.namespace;
    const a = (ns ? all.find((x) => x.path.includes(`/${ns}/`)) : undefined) ?? all[0];
    return { artifact: a?.path ?? 'events', line: null, lineEnd: null, text: `${o.sample.reason}: ${o.sample.message ?? ''}`, note };
  });
}

/** The line of a pods artifact naming each pod (next to its namespace), as evidence with the note given. */
export function podLines(view: BundleView, quoted: { pod: K8sPod; note: string }[]): Evidence[] {
  const all = view.artifacts('k8s-pods');
  const sought = quoted.map(({ pod }): Sought => {
    const nameLine = `"name": ${JSON.stringify(pod.name)}`;
    const namespaceLine = `"namespace": ${JSON.stringify(pod.namespace)}`;
    return {
      prefers: () => true,
      needles: [nameLine],
      accepts: (text, start, end) => around(text, start, end, POD_WINDOW, POD_WINDOW - 1).includes(namespaceLine),
    };
  });
  const found = firstLines(view, all, sought);
  return quoted.map(({ pod, note }, k) => {
    const f = found[k];
    if (f) return { artifact: f.artifact, line: f.line, lineEnd: f.line, text: f.text, note };
    return { artifact: all[0]?.path ?? 'pods', line: null, lineEnd: null, text: `${pod.namespace}/${pod.name}`, note };
  });
}
