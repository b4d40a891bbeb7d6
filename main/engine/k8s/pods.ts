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

function toContainer(c: Obj, init: boolean, limits: Map<string, string>): K8sContainer {
  const name = str(c.name) ?? '?';
  return {
    ...(containerState(c.state) ?? UNKNOWN),
    name,
    init,
    ...(limits.has(name) ? { memoryLimit: limits.get(name) } : {}),
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

/** The memory limit the spec gives each container (init containers too), by name. */
function memoryLimits(spec: Obj): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of [...arr(spec.initContainers), ...arr(spec.containers)]) {
    const limit = obj(obj(c.resources).limits).memory;
    const name = str(c.name);
    if (name && (typeof limit === 'string' || typeof limit === 'number')) out.set(name, String(limit));
  }
  return out;
}

export function toPod(o: Obj): K8sPod {
  const status = obj(o.status);
  const spec = obj(o.spec);
  const meta = metadata(o);
  const limits = memoryLimits(spec);
  const containers = [
    ...arr(status.initContainerStatuses).map((c) => toContainer(c, true, limits)),
    ...arr(status.containerStatuses).map((c) => toContainer(c, false, limits)),
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
