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

/** Something to find in the listings: the first line it matches, in an artifact it prefers if any does. */
interface Sought {
  /** An artifact read before the others (its matches win over theirs). */
  prefers(a: ArtifactRow): boolean;
  matches(lines: string[], i: number): boolean;
}

interface Found {
  artifact: string;
  line: number;
  text: string;
}

/**
 * For each sought thing, the first line that matches it: in the artifacts it prefers, in their order,
 * else in the others, in theirs. Each artifact's lines are read once for all of them, and the pass stops
 * once each has its line in an artifact it prefers (or every artifact was read).
 */
function firstLines(view: BundleView, artifacts: ArtifactRow[], sought: Sought[]): (Found | null)[] {
  const preferred: (Found | null)[] = sought.map(() => null);
  const other: (Found | null)[] = sought.map(() => null);
  for (const a of artifacts) {
    if (preferred.every((f) => f !== null)) break;
    let lines: string[] | null = null;
    for (let k = 0; k < sought.length; k++) {
      const prefers = (sought[k] as Sought).prefers(a);
      if (preferred[k] !== null || (!prefers && other[k] !== null)) continue;
      lines ??= view.lines(a);
      const i = firstMatch(lines, sought[k] as Sought);
      if (i >= 0) (prefers ? preferred : other)[k] = { artifact: a.path, line: i + 1, text: lines[i] as string };
    }
  }
  return sought.map((_, k) => preferred[k] ?? other[k] ?? null);
}

function firstMatch(lines: string[], s: Sought): number {
  for (let i = 0; i < lines.length; i++) if (s.matches(lines, i)) return i;
  return -1;
}

const window = (lines: string[], i: number, around: number): string[] => lines.slice(Math.max(0, i - around), i + around);

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
      matches: (lines, i) => {
        const l = lines[i] as string;
        if (!(l.includes('"message"') || /^\s*message\s*:/.test(l)) || !needles.some((n) => l.includes(n))) return false;
        return !name || window(lines, i, EVENT_WINDOW).some((x) => x.includes(name));
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
      matches: (lines, i) => (lines[i] as string).includes(nameLine) && window(lines, i, POD_WINDOW).join('\n').includes(namespaceLine),
    };
  });
  const found = firstLines(view, all, sought);
  return quoted.map(({ pod, note }, k) => {
    const f = found[k];
    if (f) return { artifact: f.artifact, line: f.line, lineEnd: f.line, text: f.text, note };
    return { artifact: all[0]?.path ?? 'pods', line: null, lineEnd: null, text: `${pod.namespace}/${pod.name}`, note };
  });
}
