import type { Evidence } from '../../../../shared/api/findings';
import type { K8sDeployment, K8sNode } from '../../../../shared/api/k8s';
import { k8sDeploymentsOf, k8sNodesOf } from '../../k8s/api';
import type { Detection, Rule } from '../types';
import { heapShareOf } from './profiles';
import type { BundleView } from '../view';

/** Line of a pretty-printed `kubectl get -o json` list where an object's metadata names it. */
function objectLine(view: BundleView, kind: string, name: string, namespace: string | null, note?: string): Evidence | null {
  const a = view.artifacts(kind)[0];
  if (!a) return null;
  const lines = view.quotableLines(a);
  const nameLine = new RegExp(`^\\s*"name": "${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}",?$`);
  for (let i = 0; i < lines.length; i++) {
    if (!nameLine.test(lines[i] as string)) continue;
    const near = lines.slice(Math.max(0, i - 12), i + 12).join('\n');
    if (namespace === null || near.includes(`"namespace": "${namespace}"`)) {
      return { artifact: a.path, line: i + 1, lineEnd: i + 1, text: lines[i] as string, note: note ?? null };
    }
  }
  return { artifact: a.path, line: null, lineEnd: null, text: `${namespace ? `${namespace}/` : ''}${name}`, note: note ?? null };
}

/** ReplicaSets a Deployment keeps beyond which its history is bloated. */
const BLOAT_FACTOR = 3;
const TOTAL_BLOAT = 1000;

function bloated(d: K8sDeployment): boolean {
  const limit = d.revisionHistoryLimit ?? 10;
  return d.oldReplicaSets > Math.max(limit * BLOAT_FACTOR, 30) || (d.revisionHistoryLimit === null && d.oldReplicaSets > 10);
}

export const replicasetHistoryBloat: Rule = {
  id: 'replicaset-history-bloat',
  title: 'Old ReplicaSets pile up (Deployments without revisionHistoryLimit)',
  severity: 'warning',
  version: 2,
  sources: 'k8s/deployments.json, k8s/replicasets.json, kube-apiserver heap profile',
  meaning:
    'Every rollout of a Deployment creates a ReplicaSet; the old ones are kept up to spec.revisionHistoryLimit. Deployments created through extensions/v1beta1 (or with a huge limit) keep all of them: with frequent deploys thousands accumulate, and the API server holds, lists and deserialises every one — its memory grows to many GB (field case: 13 GB, down to 4 GB after deleting them).',
  remedy:
    'Set spec.revisionHistoryLimit (2–10) on every Deployment, delete ReplicaSets scaled to 0 beyond it (kubectl get rs -A | awk \'$3==0\'), migrate manifests to apps/v1; confirm with the kube-apiserver heap profile (inuse_space).',
  links: ['https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#clean-up-policy', 'https://github.com/kubernetes/kubernetes/issues/23597'],
  detect(view): Detection[] {
    const list = view.memo('k8s:deployments', () => k8sDeploymentsOf(view.db, view.bundleId));
    if (list.items.length === 0) return [];
    const worst = list.items.filter(bloated).sort((a, b) => b.oldReplicaSets - a.oldReplicaSets);
    const total = list.items.reduce((n, d) => n + d.replicaSets, 0);
    if (worst.length === 0 && total < TOTAL_BLOAT) return [];
    const noLimit = list.items.filter((d) => d.revisionHistoryLimit === null).length;
    const evidence = worst.slice(0, 4).map((d) => objectLine(view, 'k8s-deployments', d.name, d.namespace,
      `${d.oldReplicaSets} old ReplicaSets, revisionHistoryLimit ${d.revisionHistoryLimit ?? 'not set'}`)).filter((e): e is Evidence => e !== null);
    const heap = heapShareOf(view, 'kube-apiserver', /ReplicaSet/);
    if (heap && heap.name) {
      evidence.push({ artifact: heap.artifact, line: null, lineEnd: null, text: `${heap.name}: cum ${(100 * heap.share).toFixed(1)}% of inuse_space`, note: 'kube-apiserver heap held under ReplicaSet code' });
    }
    const heapSaid = heap ? ` The kube-apiserver heap holds ${(100 * heap.share).toFixed(1)}% of its in-use memory under ReplicaSet code.` : '';
    return [{
      summary: `${total} ReplicaSets for ${list.items.length} Deployments${noLimit ? `; ${noLimit} Deployment${noLimit === 1 ? '' : 's'} without revisionHistoryLimit` : ''}${worst.length ? `. Most: ${worst.slice(0, 3).map((d) => `${d.namespace}/${d.name} (${d.oldReplicaSets} old)`).join(', ')}` : ''}.${heapSaid}`,
      severity: total >= TOTAL_BLOAT || (heap?.share ?? 0) >= 0.25 ? 'critical' : 'warning',
      evidence,
      why: {
        firedBecause: [worst.length ? `${worst.length} Deployment${worst.length === 1 ? '' : 's'} keep${worst.length === 1 ? 's' : ''} more old ReplicaSets than their history limit explains` : `${total} ReplicaSets in all (${TOTAL_BLOAT} or more)`],
        ruledOut: [
          ...(worst.length ? [`the history a Deployment keeps by design: more than ${BLOAT_FACTOR}× its revisionHistoryLimit (and over 30), or over 10 with no limit set`] : []),
          ...(heap ? [`ReplicaSets that cost nothing: the kube-apiserver heap holds ${(100 * heap.share).toFixed(1)}% of its in-use memory under ReplicaSet code`] : []),
        ],
      },
      unchecked: [...list.missing, ...(heap ? [] : [view.missing('kube-apiserver heap profile', 'pprof') ?? 'kube-apiserver heap profile not collected'])],
    }];
  },
};

function thisNode(view: BundleView, nodes: K8sNode[]): K8sNode | null {
  const host = view.fact('hostname');
  const short = host?.split('.')[0];
  return nodes.find((n) => n.name === host) ?? nodes.find((n) => n.name.split('.')[0] === short) ?? (nodes.length === 1 ? (nodes[0] as K8sNode) : null);
}

export const nodeNotReady: Rule = {
  id: 'node-not-ready',
  title: 'The node is NotReady or under a pressure condition',
  severity: 'critical',
  version: 1,
  sources: 'k8s/nodes.json (status.conditions)',
  meaning:
    'The API server sees this node as not Ready (the kubelet reports a problem, or stopped posting status: Unknown) or with MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable. Pods are not scheduled there; with Unknown they are evicted after the toleration timeout.',
  remedy: 'Read the condition\'s reason and message; for Unknown, the kubelet cannot reach the API server or is hung (see pleg-unhealthy, runtime-rpc-deadline-exceeded, cert-expiring); for pressure conditions see disk-pressure, memory-pressure, pid-exhaustion.',
  links: ['https://kubernetes.io/docs/reference/node/node-status/#condition', 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions'],
  detect(view) {
    const nodes = view.memo('k8s:nodes', () => k8sNodesOf(view.db, view.bundleId)).items;
    const node = thisNode(view, nodes);
    if (!node) return [];
    const bad = node.conditions.filter((c) => c.bad);
    if (bad.length === 0) return [];
    return [{
      summary: `Node ${node.name}: ${bad.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`).join('; ')}.`,
      severity: bad.some((c) => c.type === 'Ready') ? 'critical' : 'warning',
      evidence: bad.map((c) => conditionLine(view, c.type)).filter((e): e is Evidence => e !== null),
    }];
  },
};

function conditionLine(view: BundleView, type: string): Evidence | null {
  const a = view.artifacts('k8s-nodes')[0];
  if (!a) return null;
  const lines = view.quotableLines(a);
  const i = lines.findIndex((l) => l.includes(`"type": "${type}"`));
  return i < 0 ? null : { artifact: a.path, line: i + 1, lineEnd: i + 1, text: lines[i] as string, note: `${type} condition` };
}

export const K8S_RULES: Rule[] = [replicasetHistoryBloat, nodeNotReady];
