import type { ContainerStateInfo, K8sContainer, K8sPod } from '../../../shared/api/k8s';
import { arr, metadata, numOrNull, obj, owner, str, type Obj } from './objects';

/** A container state object: exactly one of running, waiting, terminated. */
export function containerState(v: unknown): ContainerStateInfo | null {
  const s = obj(v);
  for (const state of ['running', 'waiting', 'terminated'] as const) {
    if (!(state in s)) continue;
    const d = obj(s[state]);
    return {
      state,
      reason: str(d.reason),
      message: str(d.message),
      exitCode: numOrNull(d.exitCode),
      startedAt: str(d.startedAt),
      finishedAt: str(d.finishedAt),
    };
  }
  return null;
}

const UNKNOWN: ContainerStateInfo = { state: 'unknown', reason: null, message: null, exitCode: null, startedAt: null, finishedAt: null };

function toContainer(c: Obj, init: boolean): K8sContainer {
  return {
    ...(containerState(c.state) ?? UNKNOWN),
    name: str(c.name) ?? '?',
    init,
    image: str(c.image),
    ready: c.ready === true,
    restartCount: numOrNull(c.restartCount) ?? 0,
    containerId: str(c.containerID),
    lastState: containerState(c.lastState),
  };
}

/** The STATUS column of kubectl get pods, roughly: the first waiting/terminated reason, else the phase. */
function podStatus(phase: string | null, reason: string | null, containers: K8sContainer[]): string {
  if (reason) return reason;
  const init = containers.find((c) => c.init && c.state !== 'running' && !(c.state === 'terminated' && c.exitCode === 0));
  if (init?.reason) return `Init:${init.reason}`;
  const main = containers.find((c) => !c.init && (c.state === 'waiting' || c.state === 'terminated') && c.reason);
  if (main?.reason && !(phase === 'Succeeded' && main.reason === 'Completed')) return main.reason;
  return phase ?? 'Unknown';
}

export function toPod(o: Obj): K8sPod {
  const status = obj(o.status);
  const spec = obj(o.spec);
  const meta = metadata(o);
  const containers = [
    ...arr(status.initContainerStatuses).map((c) => toContainer(c, true)),
    ...arr(status.containerStatuses).map((c) => toContainer(c, false)),
  ];
  const main = containers.filter((c) => !c.init);
  const phase = str(status.phase);
  const reason = str(status.reason);
  const own = owner(o);
  return {
    namespace: meta.namespace ?? 'default',
    name: meta.name,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    node: str(spec.nodeName),
    phase,
    reason,
    message: str(status.message),
    qosClass: str(status.qosClass),
    startTime: str(status.startTime),
    restarts: containers.reduce((n, c) => n + c.restartCount, 0),
    ready: `${main.filter((c) => c.ready).length}/${Math.max(main.length, arr(spec.containers).length)}`,
    status: podStatus(phase, reason, containers),
    owner: own && { kind: own.kind, name: own.name },
    containers,
  };
}
