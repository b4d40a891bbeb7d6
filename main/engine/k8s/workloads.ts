import type { K8sDeployment } from '../../../shared/api/k8s';
import { metadata, numOrNull, obj, owner, type Obj } from './objects';

export interface ReplicaSetInfo {
  namespace: string;
  name: string;
  replicas: number | null;
  owner: { kind: string; name: string; uid: string | null } | null;
}

export function toReplicaSet(o: Obj): ReplicaSetInfo {
  const meta = metadata(o);
  return { namespace: meta.namespace ?? 'default', name: meta.name, replicas: numOrNull(obj(o.spec).replicas), owner: owner(o) };
}

/** Deployments with the number of their ReplicaSets in the bundle (field case 4: thousands of old ones). */
export function deploymentsWithReplicaSets(deployments: Obj[], replicaSets: ReplicaSetInfo[]): K8sDeployment[] {
  const counts = new Map<string, { all: number; old: number }>();
  for (const rs of replicaSets) {
    if (rs.owner?.kind !== 'Deployment') continue;
    const key = `${rs.namespace}/${rs.owner.name}`;
    const c = counts.get(key) ?? { all: 0, old: 0 };
    c.all += 1;
    if (rs.replicas === 0) c.old += 1;
    counts.set(key, c);
  }
  return deployments.map((d) => {
    const meta = metadata(d);
    const namespace = meta.namespace ?? 'default';
    const spec = obj(d.spec);
    const c = counts.get(`${namespace}/${meta.name}`) ?? { all: 0, old: 0 };
    return {
      namespace,
      name: meta.name,
      replicas: numOrNull(spec.replicas),
      revisionHistoryLimit: numOrNull(spec.revisionHistoryLimit),
      replicaSets: c.all,
      oldReplicaSets: c.old,
    };
  });
}
