import type { K8sNode, NodeCondition } from '../../../shared/api/k8s';
import { arr, metadata, obj, str, strMap, type Obj } from './objects';

/** Conditions that are bad when True (the pressure ones, NetworkUnavailable, and npd's problem conditions). */
function badWhenTrue(type: string): boolean {
  return type !== 'Ready';
}

export function nodeCondition(c: Obj): NodeCondition {
  const type = str(c.type) ?? '?';
  const status = str(c.status) ?? 'Unknown';
  return {
    type,
    status,
    reason: str(c.reason),
    message: str(c.message),
    lastTransitionTime: str(c.lastTransitionTime),
    bad: type === 'Ready' ? status !== 'True' : badWhenTrue(type) && status === 'True',
  };
}

export function toNode(o: Obj): K8sNode {
  const status = obj(o.status);
  const info = obj(status.nodeInfo);
  const spec = obj(o.spec);
  const conditions = arr(status.conditions).map(nodeCondition);
  const ready = conditions.find((c) => c.type === 'Ready');
  const labels = strMap(obj(o.metadata).labels);
  return {
    name: metadata(o).name,
    ready: ready?.status === 'True' ? true : ready?.status === 'False' ? false : null,
    unschedulable: spec.unschedulable === true,
    conditions,
    kubeletVersion: str(info.kubeletVersion),
    containerRuntimeVersion: str(info.containerRuntimeVersion),
    kernelVersion: str(info.kernelVersion),
    osImage: str(info.osImage),
    capacity: strMap(status.capacity),
    allocatable: strMap(status.allocatable),
    taints: arr(spec.taints).map((t) => `${str(t.key) ?? ''}${t.value ? `=${str(t.value) ?? ''}` : ''}:${str(t.effect) ?? ''}`),
    addresses: arr(status.addresses).map((a) => `${str(a.type) ?? '?'}: ${str(a.address) ?? ''}`),
    roles: Object.keys(labels)
      .filter((k) => k.startsWith('node-role.kubernetes.io/'))
      .map((k) => k.slice('node-role.kubernetes.io/'.length)),
    createdAt: metadata(o).createdAt,
  };
}
