import type { K8sEvent, K8sPod } from '../../../../shared/api/k8s';

/**
 * What an event rule's summary says of the events' messages, beyond the counts: the most frequent
 * message, the end of the latest one, each message weighted by its event's count.
 */

/** The most frequent message of the events, shortened. */
export function commonMessage(list: K8sEvent[]): string | null {
  const counts = new Map<string, number>();
  for (const e of list) if (e.message) counts.set(e.message, (counts.get(e.message) ?? 0) + e.count);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return top ? `Most frequent message: "${top[0].slice(0, 200)}".` : null;
}

/** The events' messages, each counted as often as its event was. */
export function messagesOf(list: K8sEvent[]): { message: string; count: number }[] {
  return list.map((e) => ({ message: e.message ?? '', count: e.count }));
}

/** Characters of a message's end latestMessageEnd quotes. */
const MESSAGE_END_CHARS = 240;

/**
 * The end of the latest event's message: a sandbox's message starts with the same wrapping and its
 * sandbox id every time (no two alike), and ends with what the CNI plugin said.
 */
export function latestMessageEnd(list: K8sEvent[]): string | null {
  const latest = byLastTime(list.filter((e) => e.message)).at(-1)?.message;
  if (!latest) return null;
  const end = latest.length > MESSAGE_END_CHARS ? `…${latest.slice(-MESSAGE_END_CHARS).trimStart()}` : latest;
  return `The latest message ends: "${end}".`;
}

/** One eviction message per pod: its status's when the pod is still listed, else its latest event's. */
export function evictionMessages(list: K8sEvent[], now: { pod: K8sPod }[]): { message: string; count: number }[] {
  const byPod = new Map<string, string>();
  for (const e of byLastTime(list)) if (e.message) byPod.set(e.object, e.message);
  for (const x of now) if (x.pod.message) byPod.set(`Pod/${x.pod.namespace}/${x.pod.name}`, x.pod.message);
  return [...byPod.values()].map((message) => ({ message, count: 1 }));
}

/** The events, oldest last time first (a copy). */
function byLastTime(list: K8sEvent[]): K8sEvent[] {
  return [...list].sort((a, b) => (a.lastTime ?? '').localeCompare(b.lastTime ?? ''));
}

/** Details of a finding, each a sentence, those present joined. */
export function joinedDetail(...parts: (string | null)[]): string | null {
  const present = parts.filter((p): p is string => p !== null);
  return present.length ? present.join(' ') : null;
}

/** One reason of the scheduler's list: "3 node(s) had taint {k: v}, that the pod didn't tolerate", "1 Insufficient cpu". */
const SCHEDULER_REASON = /(\d+) (node\(s\) had (?:untolerated )?taint \{[^}]*\}(?:, that the pod didn't tolerate)?|[^,.]+)/g;
/** Reasons a summary names, the most counted first. */
const SCHEDULER_REASONS_NAMED = 4;

/** A reason as the summary says it: a taint by its key, others as the scheduler wrote them. */
function schedulerReason(text: string): string {
  const taint = /^node\(s\) had (?:untolerated )?taint \{([^:}]+)/.exec(text);
  return taint ? `untolerated taint ${taint[1]}` : text.replace(/^node\(s\) /, '').trim();
}

/**
 * "The scheduler's reasons: untolerated taint node-role.kubernetes.io/master (241 events), Insufficient
 * cpu (12 events)." from FailedScheduling messages ("0/3 nodes are available: 3 node(s) had taint
 * {node-role.kubernetes.io/master: }, that the pod didn't tolerate."), each reason counted by the events
 * that gave it. Null when no message lists any.
 */
export function schedulerReasons(list: K8sEvent[]): string | null {
  const counts = new Map<string, number>();
  for (const e of list) {
    const listed = /nodes are available: (.*?)(?:\. preemption:|\.?$)/.exec(e.message ?? '');
    if (!listed) continue;
    const reasons = new Set([...(listed[1] ?? '').matchAll(SCHEDULER_REASON)].map((m) => schedulerReason(m[2] ?? '')));
    for (const r of reasons) if (r) counts.set(r, (counts.get(r) ?? 0) + e.count);
  }
  if (counts.size === 0) return null;
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const named = ranked.slice(0, SCHEDULER_REASONS_NAMED).map(([r, n]) => `${r} (${n} event${n === 1 ? '' : 's'})`);
  const more = ranked.length > SCHEDULER_REASONS_NAMED ? ` and ${ranked.length - SCHEDULER_REASONS_NAMED} more` : '';
  return `The scheduler's reasons: ${named.join(', ')}${more}.`;
}
