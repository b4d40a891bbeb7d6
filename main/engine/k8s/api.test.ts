import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addBundle, fixtureDir, memoryWorkspace, type TestArtifact } from '../system/testing/bundle';
import { hasSharedFixtures, k3dBundleText } from '../../../test/support/shared-fixtures';
import { createK8sApi, k8sAllPodsOf, k8sEventsOf, k8sPodsOf } from './api';

const file = (path: string, kind: string, fixture: string): TestArtifact => ({
  path,
  kind,
  bytes: fs.readFileSync(fixtureDir('k8s', fixture)),
});
const demo = (path: string, kind: string, name: string): TestArtifact => ({
  path,
  kind,
  bytes: fs.readFileSync(`${__dirname}/../../../test/demo/nodescope-demo-worker-1/k8s/${name}`),
});
const k3d = (path: string, kind: string, member: string): TestArtifact => ({ path, kind, bytes: Buffer.from(k3dBundleText(`cluster-resources/${member}`)) });

// The demo node (test/demo/node-shapes.mjs) laid out as the collector writes it, plus a pod of another
// node in a second listing (make-k8s-twins.mjs).
describe('the Kubernetes view of a bundle (the demo node)', () => {
  const db = memoryWorkspace();
  const api = createK8sApi(db);
  const id = addBundle(db, [
    demo('k8s/nodes.json', 'k8s-nodes', 'nodes.json'),
    demo('k8s/pods.json', 'k8s-pods', 'pods.json'),
    file('k8s/pods-other.json', 'k8s-pods', 'pod-crashloop-backoff.json'),
    demo('k8s/events.json', 'k8s-events', 'events.json'),
    demo('k8s/deployments.json', 'k8s-deployments', 'deployments.json'),
    demo('k8s/replicasets.json', 'k8s-replicasets', 'replicasets.json'),
  ], { hostname: 'demo-worker-1' });

  it('nodes with their conditions', async () => {
    const nodes = await api.k8sNodes(id);
    expect(nodes.items.map((n) => [n.name, n.ready])).toEqual([['demo-worker-1', false], ['demo-worker-2', true], ['demo-control-1', true]]);
    expect(nodes.missing).toEqual([]);
  });

  it('only the pods on this node, saying how many run elsewhere', async () => {
    const pods = await api.k8sPods(id);
    expect(pods.node).toBe('demo-worker-1');
    expect(pods.items).toHaveLength(5);
    expect(pods.items.every((p) => p.node === 'demo-worker-1')).toBe(true);
    expect(pods.elsewhere).toBe(1);
  });

  it('events newest first, and deployments with their ReplicaSet counts', async () => {
    const events = await api.k8sEvents(id);
    expect(events.items).toHaveLength(8);
    expect(events.items.map((e) => e.lastTime ?? '')).toEqual(events.items.map((e) => e.lastTime ?? '').sort().reverse());
    const deployments = await api.k8sDeployments(id);
    expect(deployments.items.map((d) => [d.name, d.replicaSets])).toEqual([
      ['order-api', 2],
      ['report-worker', 1],
      ['coredns', 1],
    ]);
  });
});

// One real k3d cluster (troubleshoot's support bundle of ../shared) laid out as the collector writes it.
describe.skipIf(!hasSharedFixtures)('the Kubernetes view of a bundle (a real k3d cluster, ../shared)', () => {
  const db = memoryWorkspace();
  const api = createK8sApi(db);
  const id = hasSharedFixtures
    ? addBundle(db, [
      k3d('k8s/nodes.json', 'k8s-nodes', 'nodes.json'),
      k3d('k8s/pods.json', 'k8s-pods', 'pods/kube-system.json'),
      k3d('k8s/pods-default.json', 'k8s-pods', 'pods/default.json'),
      file('k8s/pods-other.json', 'k8s-pods', 'pod-crashloop-backoff.json'),
      k3d('k8s/events.json', 'k8s-events', 'events/default.json'),
      k3d('k8s/deployments.json', 'k8s-deployments', 'deployments/kube-system.json'),
      k3d('k8s/replicasets.json', 'k8s-replicasets', 'replicasets/kube-system.json'),
    ], { hostname: 'k3d-mycluster-server-0' })
    : 0;

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
    const id = addBundle(db, [demo('k8s/pods.json', 'k8s-pods', 'pods.json')], { hostname: 'ip-10-0-0-1' });
    const pods = await createK8sApi(db).k8sPods(id);
    expect(pods).toMatchObject({ node: null, elsewhere: 0 });
    expect(pods.items).toHaveLength(5);
  });
});

describe('a listing asked for again (the Kubernetes view, then the timeline, then a rule)', () => {
  it('is read and parsed once per content, not once per request', () => {
    const db = memoryWorkspace();
    // Contents no other test of this process has (the cache is the process's).
    const own = (a: TestArtifact): TestArtifact => ({ ...a, bytes: Buffer.concat([a.bytes, Buffer.from(`\n${'\t'.repeat(7)}\n`)]) });
    const id = addBundle(db, [own(demo('k8s/events.json', 'k8s-events', 'events.json')), own(demo('k8s/pods.json', 'k8s-pods', 'pods.json'))]);
    let reads = 0;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      if (/FROM artifact_chunks/.test(sql)) reads++;
      return prepare(sql);
    }) as typeof db.prepare;
    const events = k8sEventsOf(db, id).items.length;
    expect(events).toBeGreaterThan(0);
    expect(k8sAllPodsOf(db, id).items.length).toBeGreaterThan(0);
    expect(reads).toBe(2);
    // Again, and the node's pods too: from the parsed listings, nothing read again.
    expect(k8sEventsOf(db, id).items).toHaveLength(events);
    expect(k8sPodsOf(db, id).items.length).toBeGreaterThan(0);
    expect(reads).toBe(2);
  });
});
