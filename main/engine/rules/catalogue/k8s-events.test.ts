import { describe, expect, it } from 'vitest';
import type { StoredFile } from '../../../../test/cases/store-bundle';
import { findingsOf, journal, log, workspaceWith } from '../../../../test/cases/harness';
import { diagnoseBundle } from '../index';

/** A must-gather's namespaces/<ns>/core/events.yaml: FailedMount events as `oc get events -o yaml` writes them. */
function eventsYaml(ns: string, events: { pod: string; count: number; last: string; message: string; reason?: string }[]): StoredFile {
  const items = events.map((e, i) => [
    '- apiVersion: v1',
    `  count: ${e.count}`,
    '  firstTimestamp: "2021-08-03T09:18:35Z"',
    '  involvedObject:',
    '    apiVersion: v1',
    '    kind: Pod',
    `    name: ${e.pod}`,
    `    namespace: ${ns}`,
    '  kind: Event',
    `  lastTimestamp: "${e.last}"`,
    `  message: '${e.message}'`,
    '  metadata:',
    `    name: ${e.pod}.1697c14a5cffc4f${i}`,
    `    namespace: ${ns}`,
    `  reason: ${e.reason ?? 'FailedMount'}`,
    '  type: Warning',
  ].join('\n'));
  return { path: `mg/namespaces/${ns}/core/events.yaml`, kind: 'k8s-events', data: ['apiVersion: v1', 'items:', ...items, 'kind: EventList', ''].join('\n') };
}

function podsYaml(ns: string, pods: { name: string; ready: boolean; waiting?: string }[]): StoredFile {
  const items = pods.map((p) => [
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    `    name: ${p.name}`,
    `    namespace: ${ns}`,
    '  spec:',
    '    containers:',
    '    - name: main',
    '  status:',
    '    containerStatuses:',
    '    - name: main',
    `      ready: ${p.ready}`,
    '      restartCount: 0',
    '      state:',
    ...(p.waiting ? ['        waiting:', `          reason: ${p.waiting}`] : ['        running:', '          startedAt: "2021-08-03T09:20:00Z"']),
    `    phase: ${p.waiting ? 'Pending' : 'Running'}`,
  ].join('\n'));
  return { path: `mg/namespaces/${ns}/core/pods.yaml`, kind: 'k8s-pods', data: ['apiVersion: v1', 'items:', ...items, 'kind: PodList', ''].join('\n') };
}

const SECRET = 'MountVolume.SetUp failed for volume "metrics-tls" : secret "metrics-tls" not found';
const stated = { collectedAt: '2021-08-03T10:14:13.000Z', collectedAtFrom: 'mg/timestamp' };

describe('failed-mount on a must-gather: state-aware, evidence on the right line', () => {
  const files = [
    eventsYaml('ns-a', [{ pod: 'web-1', count: 3, last: '2021-08-03T09:19:07Z', message: SECRET }]),
    eventsYaml('ns-b', [{ pod: 'dns-operator-7', count: 7, last: '2021-08-03T09:19:07Z', message: SECRET }]),
  ];

  it('is info when every pod named is Running and Ready, and quotes the event of the most counted pod', () => {
    const [f] = findingsOf('failed-mount', [...files, podsYaml('ns-a', [{ name: 'web-1', ready: true }]), podsYaml('ns-b', [{ name: 'dns-operator-7', ready: true }])], stated);
    expect(f?.severity).toBe('info');
    expect(f?.summary).toContain('Passed: every pod named (2) is Running and Ready at collection; the last of their events 55 min before collection (mg/timestamp).');
    // Both events carry the same message: the quoted line is the one next to dns-operator-7, in its namespace's file.
    expect(f?.evidence[0]).toMatchObject({ artifact: 'mg/namespaces/ns-b/core/events.yaml', line: 13, note: 'Pod/ns-b/dns-operator-7: 7 events, first 2021-08-03T09:18:35Z, last 2021-08-03T09:19:07Z; now: Running, 1/1 ready' });
  });

  it('is a warning while a pod named still waits (ContainerCreating), whatever the other pods do', () => {
    const [f] = findingsOf('failed-mount', [...files, podsYaml('ns-a', [{ name: 'web-1', ready: false, waiting: 'ContainerCreating' }]), podsYaml('ns-b', [{ name: 'dns-operator-7', ready: true }])], stated);
    expect(f?.severity).toBe('warning');
    expect(f?.why?.firedBecause).toContain('1 of the pods named is not Running and Ready now (ns-a/web-1: Pending (main: ContainerCreating))');
    expect(f?.evidence[0]?.note).toContain('Pod/ns-a/web-1');
  });

  it('names the cause the events give: a Secret that does not exist', () => {
    const [f] = findingsOf('failed-mount', files, stated);
    expect(f?.summary).toContain('Cause: a Secret it mounts does not exist, 10 events.');
  });

  it('keeps its severity from the counts when the bundle has no pod status to check', () => {
    const [f] = findingsOf('failed-mount', files, stated);
    expect(f?.severity).toBe('warning');
    expect(f?.why?.firedBecause).toContain('2 objects with no status in the bundle to tell whether it passed');
  });
});

describe('crashloop-backoff on a must-gather: the kubelet\'s lines and the events name the same pods', () => {
  const backOff = (pod: string, ns: string, uid: string) =>
    `E0803 09:19:39.061025    1354 pod_workers.go:190] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"main\\" with CrashLoopBackOff: \\"back-off 10s restarting failed container=main pod=${pod}_${ns}(${uid})\\"" pod="${ns}/${pod}"`;
  it('counts each pod once, whether the kubelet logged it, an event named it, or both', () => {
    const [f] = findingsOf('crashloop-backoff', [
      journal('kubelet', backOff('web-1', 'ns-a', '3c8e1f52-0d1e-4c55-9a4c-1f0e2b7a9d10'), backOff('dns-operator-7', 'ns-b', '9a1d2e77-51b3-4f0c-8c2e-6d4b1a0f3e21')),
      eventsYaml('ns-a', [{ pod: 'web-1', count: 3, last: '2021-08-03T09:19:39Z', message: 'Back-off restarting failed container', reason: 'BackOff' }]),
      eventsYaml('ns-b', [{ pod: 'dns-operator-7', count: 2, last: '2021-08-03T09:19:39Z', message: 'Back-off restarting failed container', reason: 'BackOff' }]),
      podsYaml('ns-a', [{ name: 'web-1', ready: true }]),
      podsYaml('ns-b', [{ name: 'dns-operator-7', ready: true }]),
    ], stated);
    expect(f?.summary).toMatch(/^2 containers in 2 pods are crash-looping: the kubelet logged back-offs for 2 containers .*; 5 BackOff events on 2 pods\./);
  });
});

describe('pod-sandbox-failed on a node whose pod CIDR ran out of addresses', () => {
  const exhausted = (i: number) => `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${String(i).repeat(64).slice(0, 64)}": plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.3.1-10.244.3.254`;
  const events = eventsYaml('ns-a', [
    { pod: 'web-1', count: 6, last: '2021-08-03T09:19:07Z', message: exhausted(1), reason: 'FailedCreatePodSandBox' },
    { pod: 'web-2', count: 4, last: '2021-08-03T09:20:07Z', message: exhausted(2), reason: 'FailedCreatePodSandBox' },
  ]);

  it('names the exhausted range and quotes the end of the latest message, where the plugin speaks', () => {
    const [f] = findingsOf('pod-sandbox-failed', [events, podsYaml('ns-a', [{ name: 'web-1', ready: false, waiting: 'ContainerCreating' }, { name: 'web-2', ready: false, waiting: 'ContainerCreating' }])], stated);
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toContain("Cause: the pod network's address range on the node is exhausted (IPAM), 10 events.");
    expect(f?.summary).toContain('The latest message ends: "…');
    expect(f?.summary).toContain('no IP addresses available in range set: 10.244.3.1-10.244.3.254".');
  });

  it('is info once the pods named run: sandboxes retried and made', () => {
    const [f] = findingsOf('pod-sandbox-failed', [events, podsYaml('ns-a', [{ name: 'web-1', ready: true }, { name: 'web-2', ready: true }])], stated);
    expect(f?.severity).toBe('info');
  });
});

describe('pod-sandbox-failed on a node\'s own bundle: the kubelet\'s lines, no events', () => {
  const sandbox = 'a'.repeat(64);
  const runFailed = (cni: string) => `E1122 04:10:00.000000 1234 log.go:32] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to setup network for sandbox \\"${sandbox}\\": plugin type=\\"calico\\" failed (add): ${cni}"`;

  it('names calico-node not running, from each attempt\'s line', () => {
    const down = runFailed('stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/');
    const [f] = findingsOf('pod-sandbox-failed', [journal('kubelet', down, down, down)]);
    expect(f?.summary).toBe("3 lines in logs/journal/kubelet.log report pod sandboxes the runtime could not create. Cause: the CNI plugin's node agent is not running (calico-node, flannel), 3 lines.");
  });

  it('leaves a sandbox name still reserved to sandbox-name-reserved', () => {
    const reserved = `E1122 04:10:00.000000 1234 log.go:32] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to reserve sandbox name \\"web-0_default_7f1c_1\\": name \\"web-0_default_7f1c_1\\" is reserved for \\"${sandbox}\\""`;
    expect(findingsOf('pod-sandbox-failed', [journal('kubelet', reserved)])).toEqual([]);
    expect(findingsOf('sandbox-name-reserved', [journal('kubelet', reserved)])).toHaveLength(1);
  });
});

describe('oom-killed names the memory limit each container reached', () => {
  it('from the pod\'s spec, beside the container the status says was OOMKilled', () => {
    const pod = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    name: web-1',
      '    namespace: ns-a',
      '  spec:',
      '    containers:',
      '    - name: main',
      '      resources:',
      '        limits:',
      '          memory: 256Mi',
      '    - name: proxy',
      '  status:',
      '    containerStatuses:',
      '    - name: main',
      '      ready: true',
      '      restartCount: 4',
      '      lastState:',
      '        terminated:',
      '          exitCode: 137',
      '          reason: OOMKilled',
      '      state:',
      '        running:',
      '          startedAt: "2021-08-03T09:20:00Z"',
      '    - name: proxy',
      '      ready: true',
      '      restartCount: 0',
      '      state:',
      '        running:',
      '          startedAt: "2021-08-03T09:00:00Z"',
      '    phase: Running',
      'kind: PodList',
      '',
    ].join('\n');
    const [f] = findingsOf('oom-killed', [{ path: 'mg/namespaces/ns-a/core/pods.yaml', kind: 'k8s-pods', data: pod }], stated);
    expect(f?.summary).toContain('Their memory limits: ns-a/web-1 main 256Mi.');
  });
});

describe('pod-evicted names what the node ran short of', () => {
  it('from the evicted pod\'s own status message, and quotes it beside the pod', () => {
    const evicted = podsYaml('ns-a', [{ name: 'web-1', ready: false }]);
    // The kubelet leaves an evicted pod Failed, with the reason and message on the pod itself.
    evicted.data = String(evicted.data).replace('    phase: Running', '    message: "The node was low on resource: ephemeral-storage. Container main was using 9Gi, request is 0."\n    phase: Failed\n    reason: Evicted');
    const [f] = findingsOf('pod-evicted', [evicted], stated);
    expect(f?.summary).toContain("Cause: the node's root filesystem ran short of space (nodefs), 1 pod.");
    expect(f?.evidence[0]?.note).toContain('Evicted (The node was low on resource: ephemeral-storage.');
  });
});

describe('crashloop-backoff quotes what the crashing container said last', () => {
  const crashing = podsYaml('ns-a', [{ name: 'web-1', ready: false, waiting: 'CrashLoopBackOff' }]);
  const logOf = (file: string, lines: string[]): StoredFile => log(`mg/namespaces/ns-a/pods/web-1/main/main/logs/${file}`, 'log', lines.join('\n'));
  const stamp = (i: number) => `2021-08-03T09:19:${String(10 + i).padStart(2, '0')}.000000000Z`;

  it('its previous run\'s last lines, from the must-gather\'s previous.log, right after the pod\'s status', () => {
    const previous = logOf('previous.log', ['starting web', 'loading /etc/web/config.yaml', 'Error: open /etc/web/config.yaml: no such file or directory', 'exiting with status 1'].map((l, i) => `${stamp(i)} ${l}`));
    const current = logOf('current.log', [`${stamp(9)} starting web`]);
    const [f] = findingsOf('crashloop-backoff', [crashing, previous, current], stated);
    const quoted = f?.evidence.find((e) => e.artifact.endsWith('/previous.log'));
    expect(quoted).toMatchObject({ line: 2, lineEnd: 4, note: 'container main: the last lines of its previous run' });
    expect(quoted?.text.split('\n').at(-2)).toContain('Error: open /etc/web/config.yaml: no such file or directory');
    expect(f?.evidence.indexOf(quoted as NonNullable<typeof quoted>)).toBe(1);
    // The summary names what went wrong, from where the line's message starts (not its stamp).
    expect(f?.summary).toContain('Container main\'s run ended on: "Error: open /etc/web/config.yaml: no such file or directory".');
  });

  it('the panic that began a Go trace, when the run ended in one, beside its last lines', () => {
    const trace = ['panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x10a3b5c]', '', 'goroutine 1 [running]:', ...Array.from({ length: 30 }, (_, i) => `main.frame${i}()\n\t/src/main.go:${i}`).join('\n').split('\n')];
    const [f] = findingsOf('crashloop-backoff', [crashing, logOf('previous.log', ['starting web', ...trace])], stated);
    expect(f?.evidence.find((e) => e.note === 'container main: the panic that ended its previous run')).toMatchObject({ line: 2, text: 'panic: runtime error: invalid memory address or nil pointer dereference' });
    expect(f?.summary).toContain('Container main\'s run ended on: "panic: runtime error: invalid memory address or nil pointer dereference".');
  });

  it('nothing of another container\'s or another pod\'s log, and no quote when the bundle has none of its own', () => {
    const other = log('mg/namespaces/ns-a/pods/web-10/main/main/logs/previous.log', 'log', 'Error: the other pod\n');
    const sidecar = log('mg/namespaces/ns-a/pods/web-1/proxy/proxy/logs/previous.log', 'log', 'Error: the sidecar\n');
    const [f] = findingsOf('crashloop-backoff', [crashing, other, sidecar], stated);
    expect(f).toBeDefined();
    expect(f?.evidence.filter((e) => e.note?.includes('last lines'))).toEqual([]);
    expect(f?.summary).not.toContain('run ended on');
  });
});

describe('a must-gather\'s listings, read by every rule that needs them', () => {
  it('are parsed once per diagnosis: each events.yaml and pods.yaml is read at most twice (parsed, then quoted), however many rules use them', () => {
    // 56 namespaces of YAML took 5 s to parse; two rules that parsed them again took 4 s more.
    const { db, bundleId } = workspaceWith({
      files: [
        eventsYaml('ns-a', [{ pod: 'web-1', count: 9, last: '2021-08-03T09:19:07Z', message: SECRET }]),
        podsYaml('ns-a', [{ name: 'web-1', ready: false, waiting: 'CrashLoopBackOff' }]),
      ],
      facts: stated,
    });
    const reads = new Map<number, number>();
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      const statement = prepare(sql);
      if (!/FROM artifact_chunks/.test(sql)) return statement;
      const all = statement.all.bind(statement);
      statement.all = ((id: number, ...rest: unknown[]) => {
        reads.set(id, (reads.get(id) ?? 0) + 1);
        return all(id, ...rest);
      }) as typeof statement.all;
      return statement;
    }) as typeof db.prepare;
    try {
      const findings = diagnoseBundle(db, bundleId);
      expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['failed-mount', 'crashloop-backoff']));
      expect(reads.size).toBe(2);
      for (const n of reads.values()) expect(n).toBeLessThanOrEqual(2);
    } finally {
      db.close();
    }
  });
});

/**
 * Sonobuoy 0.15's resources/ns/<ns>/core_v1_pods.json: every file holds every pod of the cluster, taken
 * moments apart (its own plugin DaemonSet's pod Completed in one, CrashLoopBackOff in a later one).
 */
function sonobuoyPodFiles(lastExit: number): StoredFile[] {
  const pod = (version: string, state: object, restarts: number) => ({
    metadata: { name: 'sonobuoy-singlefileds-daemon-set-c5a0-t8v4w', namespace: 'heptio-sonobuoy', uid: 'aa6ae0c0', resourceVersion: version },
    spec: { nodeName: 'kind-control-plane', containers: [{ name: 'plugin' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{
        name: 'plugin', ready: false, restartCount: restarts, state,
        lastState: { terminated: { exitCode: lastExit, reason: lastExit === 0 ? 'Completed' : 'Error', finishedAt: '2019-07-31T20:56:29Z' } },
      }],
    },
  });
  const earlier = pod('121608', { terminated: { exitCode: 0, reason: 'Completed', finishedAt: '2019-07-31T20:56:32Z' } }, 1);
  const later = pod('121628', { waiting: { reason: 'CrashLoopBackOff', message: 'Back-off 10s restarting failed container=plugin' } }, 1);
  const file = (ns: string, p: object) => ({ path: `resources/ns/${ns}/core_v1_pods.json`, kind: 'k8s-pods', data: JSON.stringify({ kind: 'PodList', items: [p] }) });
  return [file('default', earlier), file('heptio-sonobuoy', earlier), file('kube-public', later), file('kube-system', later)];
}

describe('crashloop-backoff on pods listed in several files', () => {
  it('counts a pod once, in its latest state (its resourceVersion)', () => {
    const [f] = findingsOf('crashloop-backoff', sonobuoyPodFiles(1));
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toMatch(/^A container is crash-looping: 1 container in CrashLoopBackOff now\. It is: heptio-sonobuoy\/sonobuoy-singlefileds-daemon-set-c5a0-t8v4w \(plugin, 1 restart\)\.$/);
  });

  it('is info when the container exited 0 (Completed) and was restarted by its pod: a Sonobuoy plugin in a DaemonSet', () => {
    const [f] = findingsOf('crashloop-backoff', sonobuoyPodFiles(0));
    expect(f?.severity).toBe('info');
    expect(f?.summary).toContain('Passed: they exited 0 (Completed) and were restarted by their pod\'s policy: work that ends, not a crash.');
  });
});
