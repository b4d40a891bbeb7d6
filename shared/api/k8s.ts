import type { BundleId } from './bundles';
import { arity, int, type ArgValidators } from './args';

/**
 * Kubernetes objects the collector got from the API server (`kubectl get -o json` Lists), as models.
 * Every string is text from the bundle.
 */

export interface NodeCondition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: string | null;
  /** True when the condition says something is wrong: Ready not True, or a pressure/unavailable condition True. */
  bad: boolean;
}

export interface K8sNode {
  name: string;
  /** Ready condition status: true, false, or null when Unknown or absent. */
  ready: boolean | null;
  unschedulable: boolean;
  conditions: NodeCondition[];
  kubeletVersion: string | null;
  containerRuntimeVersion: string | null;
  kernelVersion: string | null;
  osImage: string | null;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  taints: string[];
  addresses: string[];
  roles: string[];
  createdAt: string | null;
}

export interface ContainerStateInfo {
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  reason: string | null;
  message: string | null;
  exitCode: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface K8sContainer extends ContainerStateInfo {
  name: string;
  init: boolean;
  image: string | null;
  ready: boolean;
  restartCount: number;
  containerId: string | null;
  lastState: ContainerStateInfo | null;
  /** spec resources.limits.memory as written ("256Mi"); absent without a limit. */
  memoryLimit?: string;
}

export interface K8sPod {
  namespace: string;
  name: string;
  uid: string | null;
  /** metadata.resourceVersion: of two copies of one pod in listings taken at different moments, the larger is the later. */
  resourceVersion?: string | null;
  node: string | null;
  phase: string | null;
  /** Pod-level reason ("Evicted", "NodeLost") when there is one. */
  reason: string | null;
  /** Pod-level message with that reason ("The node was low on resource: memory. ..."). */
  message?: string | null;
  qosClass: string | null;
  startTime: string | null;
  /** Sum of the containers' restart counts. */
  restarts: number;
  /** "1/2": ready containers of all (non-init) containers. */
  ready: string;
  /** What kubectl get pods shows in STATUS: a waiting/terminated reason, else the phase. */
  status: string;
  owner: { kind: string; name: string } | null;
  containers: K8sContainer[];
}

export interface K8sEvent {
  namespace: string | null;
  type: string | null;
  reason: string | null;
  /** "Pod/kube-system/coredns-b96499967-tncf4". */
  object: string;
  objectKind: string | null;
  objectName: string | null;
  count: number;
  message: string | null;
  firstTime: string | null;
  lastTime: string | null;
  source: string | null;
}

export interface K8sDeployment {
  namespace: string;
  name: string;
  replicas: number | null;
  /** Null when the Deployment does not set it (the API server then defaults it to 10 in apps/v1). */
  revisionHistoryLimit: number | null;
  /** ReplicaSets in the bundle owned by this Deployment, and how many of them are scaled to zero. */
  replicaSets: number;
  oldReplicaSets: number;
}

export interface K8sList<T> {
  items: T[];
  /** Artifacts that were absent ("k8s/pods.json") or unreadable, said plainly. */
  missing: string[];
  problems: string[];
}

export interface K8sPods extends K8sList<K8sPod> {
  /** The bundle's node (hostname fact), or null when unknown: then `items` holds every pod. */
  node: string | null;
  /** Pods in the listing that run on other nodes (left out of items). */
  elsewhere: number;
}

export interface K8sApi {
  k8sNodes(bundle: BundleId): Promise<K8sList<K8sNode>>;
  /** Pods on the bundle's node, with their state and restarts. */
  k8sPods(bundle: BundleId): Promise<K8sPods>;
  /** Events, newest first. */
  k8sEvents(bundle: BundleId): Promise<K8sList<K8sEvent>>;
  k8sDeployments(bundle: BundleId): Promise<K8sList<K8sDeployment>>;
}

export const k8sArgs: ArgValidators<K8sApi> = {
  k8sNodes: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  k8sPods: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  k8sEvents: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
  k8sDeployments: (a) => (arity(a, 1, 1), [int(a[0], 'bundle id', 1)]),
};
