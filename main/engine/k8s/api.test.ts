import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addBundle, fixtureDir, memoryWorkspace, type TestArtifact } from '../system/testing/bundle';
import { createK8sApi } from './api';

const file = (path: string, kind: string, fixture: string): TestArtifact => ({
  path,
  kind,
  bytes: fs.readFileSync(fixtureDir('k8s', fixture)),
});

// One k3d cluster (troubleshoot's support bundle) laid out as the collector writes it, plus a pod of
// another cluster's node (minikube) in a second listing.
const k3d = [
  file('k8s/nodes.json', 'k8s-nodes', 'troubleshoot-k3d-single-node.json'),
  file('k8s/pods.json', 'k8s-pods', 'troubleshoot-k3d-pods-kube-system.json'),
  file('k8s/pods-default.json', 'k8s-pods', 'troubleshoot-k3d-pods-default.json'),
  file('k8s/pods-other.json', 'k8s-pods', 'troubleshoot-pod-crashloop-backoff.json'),
  file('k8s/events.json', 'k8s-events', 'troubleshoot-k3d-events-default.json'),
  file('k8s/deployments.json', 'k8s-deployments', 'troubleshoot-k3d-deployments-kube-system.json'),
  file('k8s/replicasets.json', 'k8s-replicasets', 'troubleshoot-k3d-replicasets-kube-system.json'),
];

describe('the Kubernetes view of a bundle', () => {
  const db = memoryWorkspace();
  const api = createK8sApi(db);
  const id = addBundle(db, k3d, { hostname: 'k3d-mycluster-server-0' });

  it('nodes with their conditions', async () => {
    const nodes = await api.k8sNodes(id);
    expect(nodes.items.map((n) => [n.name, n.ready])).toEqual([['k3d-mycluster-server-0', true]]);
    expect(nodes.missing).toEqual([]);
  });

  it('only the pods on this node, saying how many run elsewhere', async () => {
    const pods = await api.k8sPods(id);
    expect(pods.node).toBe('k3d-mycluster-server-0');
    expect(pods.items).toHaveLength(8);
    expect(pods.items.every((p) => p.node === 'k3d-mycluster-server-0')).toBe(true);
    expect(pods.elsewhere).toBe(1);
  });

  it('events newest first, and deployments with their ReplicaSet counts', async () => {
    const events = await api.k8sEvents(id);
    expect(events.items).toHaveLength(5);
    expect(events.items.filter((e) => e.type === 'Warning').map((e) => e.reason)).toEqual(['BackOff']);
    const deployments = await api.k8sDeployments(id);
    expect(deployments.items.map((d) => [d.name, d.replicaSets])).toEqual([
      ['traefik', 1],
      ['coredns', 1],
      ['local-path-provisioner', 1],
      ['metrics-server', 1],
    ]);
  });
});

describe('a bundle collected without API access (no kubeconfig on the node)', () => {
  it('says each listing is missing, and a broken one is a problem, not an exception', async () => {
    const db = memoryWorkspace();
    const id = addBundle(db, [{ path: 'k8s/events.json', kind: 'k8s-events', bytes: Buffer.from('error: You must be logged in') }]);
    const api = createK8sApi(db);
    expect((await api.k8sNodes(id)).missing).toEqual(['k8s/nodes.json (kubectl get nodes)']);
    const pods = await api.k8sPods(id);
    expect(pods).toMatchObject({ items: [], node: null, elsewhere: 0 });
    const events = await api.k8sEvents(id);
    expect(events.items).toEqual([]);
    expect(events.problems[0]).toMatch(/^k8s\/events\.json: not JSON/);
    expect((await api.k8sDeployments(id)).missing).toHaveLength(2);
  });

  it('shows every pod when none runs on a node named like the host', async () => {
    const db = memoryWorkspace();
    const id = addBundle(db, k3d.slice(1, 2), { hostname: 'ip-10-0-0-1' });
    const pods = await createK8sApi(db).k8sPods(id);
    expect(pods).toMatchObject({ node: null, elsewhere: 0 });
    expect(pods.items).toHaveLength(7);
  });
});
