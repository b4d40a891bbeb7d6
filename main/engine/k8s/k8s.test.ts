import { describe, expect, it } from 'vitest';
import { byTimeDesc, toEvent } from './events';
import { hasSharedFixtures, readSharedTarMember, readSharedText } from '../../../test/support/shared-fixtures';
import { demoK8sItems, k3dItems, k8sFixture, k8sItems, sharedK8sItems } from './fixture';
import { toNode } from './nodes';
import { parseObjectList } from './objects';
import { toPod } from './pods';
import { deploymentsWithReplicaSets, toReplicaSet } from './workloads';

describe.skipIf(!hasSharedFixtures)('nodes (kubectl get nodes -o json) of real clusters (../shared)', () => {
  it('reads a healthy k3s node: versions, capacity, conditions', () => {
    const [n] = sharedK8sItems('nodes-events/troubleshoot-k3d-single-node.json').map(toNode);
    expect(n).toMatchObject({
      name: 'k3d-mycluster-server-0',
      ready: true,
      kubeletVersion: 'v1.24.4+k3s1',
      containerRuntimeVersion: 'containerd://1.6.6-k3s1',
    });
    expect(n!.capacity).toMatchObject({ cpu: '2', pods: '110', memory: '6082212Ki' });
    expect(n!.conditions.map((c) => c.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
    expect(n!.conditions.some((c) => c.bad)).toBe(false);
  });

  it('reads the roles, kernel and OS of kubeadm nodes', () => {
    const nodes = sharedK8sItems('nodes-events/sbctl-kurl-3nodes.json').map(toNode);
    expect(nodes.map((n) => n.name)).toEqual(['troubleshoot-demo-001', 'troubleshoot-demo-002', 'troubleshoot-demo-003']);
    expect(nodes[0]).toMatchObject({ kernelVersion: '5.4.0-1069-gcp', osImage: 'Ubuntu 18.04.6 LTS', kubeletVersion: 'v1.23.5' });
    expect(nodes[0]!.roles).toEqual(expect.arrayContaining(['control-plane', 'master']));
  });

  it('reads a single Node object (not a List)', () => {
    const list = parseObjectList(readSharedText('nodes-events/openshift-worker-node.json'));
    expect(list.error).toBeNull();
    expect(list.items.map(toNode).map((n) => n.name)).toEqual(['worker-0.imeixner20210707.lab.upshift.rdu2.redhat.com']);
  });

  it('field case 8: a NotReady node with the PLEG message, and a pressure condition, are flagged bad', () => {
    const [raw] = sharedK8sItems('nodes-events/troubleshoot-k3d-single-node.json');
    const status = raw!.status as { conditions: Record<string, string>[] };
    const node = structuredClone(raw!);
    const conds = (node.status as typeof status).conditions;
    // kubelet's NodeReady condition text when PLEG is unhealthy (pkg/kubelet/nodestatus/setters.go).
    Object.assign(conds.find((c) => c.type === 'Ready')!, {
      status: 'False',
      reason: 'KubeletNotReady',
      message: 'PLEG is not healthy: pleg was last seen active 58h29m3.043779855s ago; threshold is 3m0s',
    });
    Object.assign(conds.find((c) => c.type === 'DiskPressure')!, { status: 'True', reason: 'KubeletHasDiskPressure' });
    const n = toNode(node);
    expect(n.ready).toBe(false);
    expect(n.conditions.filter((c) => c.bad).map((c) => c.type)).toEqual(['DiskPressure', 'Ready']);
    expect(n.conditions.find((c) => c.type === 'Ready')!.message).toMatch(/^PLEG is not healthy/);
  });
});

describe.skipIf(!hasSharedFixtures)('pods (kubectl get pods -o json) of a real k3d cluster (../shared)', () => {
  it('k3d kube-system: phases, restarts and owners', () => {
    const pods = k3dItems('pods/kube-system.json').map(toPod);
    expect(pods).toHaveLength(7);
    const coredns = pods.find((p) => p.name.startsWith('coredns-'))!;
    expect(coredns).toMatchObject({ phase: 'Running', status: 'Running', restarts: 96, ready: '1/1', node: 'k3d-mycluster-server-0' });
    expect(coredns.owner).toEqual({ kind: 'ReplicaSet', name: 'coredns-b96499967' });
    expect(coredns.containers[0]!.lastState!.state).toBe('terminated');
    const svclb = pods.find((p) => p.name.startsWith('svclb-'))!;
    expect(svclb.restarts).toBe(192);
    expect(svclb.ready).toBe('2/2');
    const helm = pods.find((p) => p.name.startsWith('helm-install-traefik-crd'))!;
    expect(helm).toMatchObject({ phase: 'Succeeded', status: 'Succeeded' });
  });

});

describe('pods (kubectl get pods -o json, make-k8s-twins.mjs)', () => {
  it('a CrashLoopBackOff pod shows the waiting reason and the last exit of the container', () => {
    const [p] = k8sItems('pod-crashloop-backoff.json').map(toPod);
    expect(p).toMatchObject({ name: 'config-loader', status: 'CrashLoopBackOff', restarts: 4 });
    const c = p!.containers.find((x) => x.name === 'loader')!;
    expect(c).toMatchObject({ state: 'waiting', reason: 'CrashLoopBackOff', ready: false, restartCount: 4 });
    expect(c.lastState).toMatchObject({ state: 'terminated', exitCode: 127, reason: 'ContainerCannotRun' });
    expect(c.lastState!.message).toContain('OCI runtime create failed');
  });

  it('an OOMKilled container: terminated with exit code 137', () => {
    const [p] = k8sItems('pod-oomkill.json').map(toPod);
    expect(p).toMatchObject({ phase: 'Failed', status: 'OOMKilled' });
    expect(p!.containers[0]).toMatchObject({ state: 'terminated', reason: 'OOMKilled', exitCode: 137 });
  });
});

describe.skipIf(!hasSharedFixtures)('events (kubectl get events -o json) of real clusters (../shared)', () => {
  it('reads type, reason, object, count, message and times; newest first', () => {
    const events = sharedK8sItems('nodes-events/troubleshoot-minikube-events-oci-runtime-create-failed.json').map(toEvent).sort(byTimeDesc);
    expect(events).toHaveLength(17);
    const backoff = events.find((e) => e.reason === 'BackOff' && e.count === 111)!;
    expect(backoff).toMatchObject({ type: 'Warning', objectKind: 'Pod', message: 'Back-off restarting failed container' });
    expect(events[0]!.lastTime! >= events.at(-1)!.lastTime!).toBe(true);
  });

  it('takes eventTime and reportingComponent when the old fields are empty (events.k8s.io writers)', () => {
    const scheduled = sharedK8sItems('nodes-events/troubleshoot-minikube-events-oci-runtime-create-failed.json')
      .map(toEvent)
      .find((e) => e.reason === 'Scheduled')!;
    expect(scheduled).toMatchObject({ lastTime: '2023-07-11T03:31:41.548190Z', source: 'default-scheduler', count: 1 });
    expect(scheduled.object).toBe('Pod/message-pod-init-crashloop-backoff/init-demo');
  });

  it('takes the last time of an event series from series.lastObservedTime, not its first eventTime (troubleshoot v0.10, a k3s scheduler)', () => {
    // 13,386 FailedScheduling over nine days up to 14 min before collection: the event's eventTime is the first.
    const text = readSharedTarMember('peer-bundles/troubleshoot-v0.10-k3s-kots-support-bundle-2021-03-24T00_39_51.tar.gz', 'support-bundle-2021-03-24T00_39_51/cluster-resources/events/test.json').toString('utf8');
    const failed = parseObjectList(text).items.map(toEvent).find((e) => e.reason === 'FailedScheduling')!;
    expect(failed).toMatchObject({ count: 13386, firstTime: '2021-03-14T23:10:53.469188Z', lastTime: '2021-03-24T00:25:08.340842Z', source: 'default-scheduler' });
  });

  it('counts the warnings of a busy minikube', () => {
    const events = sharedK8sItems('nodes-events/troubleshoot-minikube-events-failedscheduling-backoff.json').map(toEvent);
    expect(events).toHaveLength(76);
    expect(events.filter((e) => e.type === 'Warning' && e.reason === 'Failed')).toHaveLength(13);
  });
});

describe.skipIf(!hasSharedFixtures)('deployments and their ReplicaSets of a real k3d cluster (field case 4 counts, ../shared)', () => {
  it('counts the ReplicaSets each Deployment owns and the old ones scaled to zero', () => {
    const rs = [
      ...k3dItems('replicasets/default.json'),
      ...k3dItems('replicasets/kube-system.json'),
    ].map(toReplicaSet);
    const deployments = [
      ...k3dItems('deployments/default.json'),
      ...k3dItems('deployments/kube-system.json'),
    ];
    const d = deploymentsWithReplicaSets(deployments, rs);
    expect(d.find((x) => x.name === 'nginx-deployment')).toEqual({
      namespace: 'default',
      name: 'nginx-deployment',
      replicas: 1,
      revisionHistoryLimit: 10,
      replicaSets: 2,
      oldReplicaSets: 1,
    });
    expect(d.find((x) => x.name === 'coredns')).toMatchObject({ namespace: 'kube-system', replicaSets: 1, oldReplicaSets: 0 });
  });

  it('a Deployment without revisionHistoryLimit reads as null, not as the default', () => {
    const [dep] = k3dItems('deployments/default.json');
    const spec = { ...(dep!.spec as Record<string, unknown>) };
    delete spec.revisionHistoryLimit;
    const [d] = deploymentsWithReplicaSets([{ ...dep!, spec }], []);
    expect(d!.revisionHistoryLimit).toBeNull();
  });
});

describe('malformed input', () => {
  it('says what is wrong instead of throwing', () => {
    expect(parseObjectList('{"items": [').error).toMatch(/^not JSON/);
    expect(parseObjectList('[1,2]').error).toBe('not a Kubernetes object or List');
    // troubleshoot bundles before v0.40 store a bare array of objects
    expect(parseObjectList('[{"metadata": {"name": "a"}}, 3]')).toEqual({ items: [{ metadata: { name: 'a' } }], error: null });
    expect(parseObjectList('{"items": [1, null, {"metadata": {}}]}').items).toHaveLength(1);
    expect(toPod({ status: 'weird', spec: [] })).toMatchObject({ name: '?', phase: null, restarts: 0, containers: [] });
    expect(toNode({})).toMatchObject({ name: '?', ready: null, conditions: [] });
    expect(toEvent({ involvedObject: 5 })).toMatchObject({ object: '?/?', count: 1 });
  });
});

describe('kubectl -o yaml', () => {
  it('reads a listing as YAML 1.2 does: an unquoted date stays a string, quoted numbers stay strings', () => {
    const list = parseObjectList(['apiVersion: v1', 'items:', '- kind: Pod', '  metadata:', '    name: web-1', '    creationTimestamp: 2021-08-03T09:18:35Z', '    labels:', '      version: "1.10"', 'kind: PodList', ''].join('\n'));
    expect(list).toEqual({ items: [{ kind: 'Pod', metadata: { name: 'web-1', creationTimestamp: '2021-08-03T09:18:35Z', labels: { version: '1.10' } } }], error: null });
  });

  it('refuses a "billion laughs" file whose aliases would expand it past its own size, and says so', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', ...levels.map((l) => `  ${l}`), ''].join('\n');
    expect(parseObjectList(bomb)).toEqual({ items: [], error: 'not YAML (its aliases expand it past its own size)' });
    // A few aliases that stay small are YAML like any other.
    const small = ['kind: Pod', 'metadata:', '  labels: &l {app: web}', 'spec:', '  selector: *l', ''].join('\n');
    expect(parseObjectList(small).items[0]).toMatchObject({ spec: { selector: { app: 'web' } } });
  });
});

// The same readers on the demo node's objects (test/demo/node-shapes.mjs) and our own single Node.
describe('the demo node\'s objects (kubectl get ... -o json, made here)', () => {
  it('nodes: versions, capacity, a NotReady node with the PLEG message flagged bad', () => {
    const nodes = demoK8sItems('nodes.json').map(toNode);
    expect(nodes.map((n) => [n.name, n.ready])).toEqual([['demo-worker-1', false], ['demo-worker-2', true], ['demo-control-1', true]]);
    const n = nodes[0]!;
    expect(n).toMatchObject({ kubeletVersion: 'v1.29.3', containerRuntimeVersion: 'containerd://1.7.13', osImage: 'Debian GNU/Linux 12 (bookworm)' });
    expect(n.capacity).toMatchObject({ cpu: '4', pods: '110' });
    expect(n.roles).toEqual(['worker']);
    expect(n.conditions.filter((c) => c.bad).map((c) => c.type)).toEqual(['Ready']);
    expect(n.conditions.find((c) => c.type === 'Ready')!.message).toMatch(/^PLEG is not healthy/);
  });

  it('a single Node object (not a List)', () => {
    const list = parseObjectList(k8sFixture('node-single.json'));
    expect(list.error).toBeNull();
    expect(list.items.map(toNode).map((n) => [n.name, n.ready, n.kubeletVersion])).toEqual([['worker-3.demo.internal', true, 'v1.28.9']]);
  });

  it('pods: waiting reasons, restarts and the last OOM kill of a running container', () => {
    const pods = demoK8sItems('pods.json').map(toPod);
    expect(pods.map((p) => [p.name, p.status, p.restarts])).toEqual([
      ['order-api-6f7c9d8b5-k2x7p', 'CrashLoopBackOff', 7],
      ['report-worker-5d8f7b6c4-q9w2e', 'ImagePullBackOff', 0],
      ['search-indexer-0', 'Running', 3],
      ['coredns-7db6d8ff4d-x2x5q', 'CrashLoopBackOff', 5],
      ['kube-proxy-7m2xq', 'Running', 0],
    ]);
    const indexer = pods.find((p) => p.name === 'search-indexer-0')!;
    expect(indexer.containers[0]!.lastState).toMatchObject({ state: 'terminated', reason: 'OOMKilled', exitCode: 137 });
    expect(pods.every((p) => p.node === 'demo-worker-1')).toBe(true);
  });

  it('events: type, reason, object and count; newest first', () => {
    const events = demoK8sItems('events.json').map(toEvent).sort(byTimeDesc);
    expect(events).toHaveLength(8);
    expect(events.find((e) => e.reason === 'BackOff' && e.count === 31)).toMatchObject({ type: 'Warning', objectKind: 'Pod' });
    expect(events.filter((e) => e.type === 'Warning').map((e) => e.reason).sort()).toEqual(['BackOff', 'BackOff', 'Failed', 'FailedMount', 'Unhealthy']);
    expect(events[0]!.lastTime! >= events.at(-1)!.lastTime!).toBe(true);
  });

  it('deployments with the ReplicaSets they own and the old ones scaled to zero', () => {
    const d = deploymentsWithReplicaSets(demoK8sItems('deployments.json'), demoK8sItems('replicasets.json').map(toReplicaSet));
    expect(d.find((x) => x.name === 'order-api')).toEqual({ namespace: 'shop', name: 'order-api', replicas: 2, revisionHistoryLimit: 10, replicaSets: 2, oldReplicaSets: 1 });
    expect(d.find((x) => x.name === 'coredns')).toMatchObject({ namespace: 'kube-system', replicaSets: 1, oldReplicaSets: 0 });
  });
});
