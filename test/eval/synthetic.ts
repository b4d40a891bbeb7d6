/**
 * Bundles written by this script from the components' own message formats (the format strings of the
 * kubelet, the kernel's mm/oom_kill.c, mm/memcontrol.c, kernel/hung_task.c, drivers/acpi/apei/ghes.c,
 * arch/x86/kernel/cpu/mce, drivers/edac, client-go), each a regression case of a false alarm or a miss.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cpuProfile } from '../cases/cpu-profile';
import { list, type FieldBundle } from '../cases/field-bundles';
import { dmesg, log } from '../cases/harness';
import type { StoredFile } from '../cases/store-bundle';

const T0 = Date.parse('2026-11-22T04:00:00Z');

/** A kubelet journal (`journalctl -o short-iso-precise`) whose lines are `at` seconds after T0. */
function kubeletJournal(lines: [number, string][]): StoredFile {
  const klog = (s: number) => {
    const d = new Date(T0 + s * 1000);
    return `${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 23)}000`;
  };
  const text = lines.map(([s, m]) => `${new Date(T0 + s * 1000).toISOString().replace('Z', '000+00:00')} node-1 kubelet[2291]: ${m.replace('%T', klog(s))}`).join('\n');
  return log('logs/journal/kubelet.log', 'journal', text);
}

const PLEG_STARTUP = 'E%T    2291 kubelet.go:2359] "Skipping pod synchronization" err="[container runtime status check may not have completed yet, PLEG is not healthy: pleg has yet to be successful]"';
const PLEG_STALE = (ago: string) => `I%T    2291 kubelet.go:2359] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active ${ago} ago; threshold is 3m0s"`;
const NORMAL = 'I%T    2291 kubelet_node_status.go:76] "Successfully registered node" node="node-1"';

const every = (from: number, to: number, step: number, line: string): [number, string][] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => [from + i * step, line] as [number, string]);

function procFiles(pid: number, comm: string, statState: string, status: string, wchan: string, stack?: string): StoredFile[] {
  const stat = `${pid} (${comm}) ${statState} 1 ${pid} ${pid} 0 -1 4194560 300 0 0 0 12 4 0 0 20 0 1 0 68438 2990080 429 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0`;
  return [
    { path: `proc/${pid}/stat`, kind: 'proc-pid-stat', data: `${stat}\n` },
    { path: `proc/${pid}/status`, kind: 'proc-pid-status', data: `Name:\t${comm}\nUmask:\t0022\nState:\t${status}\nTgid:\t${pid}\nPid:\t${pid}\nPPid:\t1\n` },
    { path: `proc/${pid}/wchan`, kind: 'proc-pid-wchan', data: wchan },
    { path: `proc/${pid}/cmdline`, kind: 'proc-pid-cmdline', data: `${comm}\0` },
    ...(stack ? [{ path: `proc/${pid}/stack`, kind: 'proc-pid-stack', data: stack }] : []),
  ];
}

function event(ns: string, pod: string, reason: string, type: string, message: string, count: number, first: string, last: string, i: number): object {
  return {
    apiVersion: 'v1', kind: 'Event', metadata: { name: `${pod}.${(0x16a00000 + i).toString(16)}`, namespace: ns },
    involvedObject: { kind: 'Pod', namespace: ns, name: pod, apiVersion: 'v1' },
    reason, message, type, count, firstTimestamp: first, lastTimestamp: last, source: { component: 'kubelet', host: 'node-1' },
  };
}

/** `ready` defaults to what a container without a failing readiness probe reports: true while it runs. */
interface ContainerSpec { name: string; state: object; lastState?: object; restartCount?: number; image?: string; ready?: boolean }

function pod(ns: string, name: string, containers: ContainerSpec[], extra: { phase?: string; reason?: string; message?: string } = {}): object {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${name}` },
    spec: { nodeName: 'node-1', containers: containers.map((c) => ({ name: c.name, image: c.image ?? `registry.local/${c.name}:1.0` })) },
    status: {
      phase: extra.phase ?? 'Running', reason: extra.reason, message: extra.message,
      containerStatuses: containers.map((c) => ({ name: c.name, state: c.state, lastState: c.lastState ?? {}, ready: c.ready ?? 'running' in c.state, restartCount: c.restartCount ?? 0, image: c.image ?? `registry.local/${c.name}:1.0` })),
    },
  };
}

const kernelText = (p: string, lines: string[]): StoredFile => log(p, 'text', lines.join('\n'));

const machine = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rules', 'this-machine-saturated', name), 'utf8');

export const SYNTHETIC_BUNDLES: Record<string, () => FieldBundle> = {
  // A kubelet started twice: one "yet to be successful" at each start, healthy in between.
  'pleg-startup-line': () => ({ files: [kubeletJournal([[0, PLEG_STARTUP], [2, PLEG_STARTUP], [20, NORMAL], ...every(60, 1200, 60, NORMAL), [1500, PLEG_STARTUP], [1530, NORMAL]])] }),
  'pleg-relist-stale': () => ({ files: [kubeletJournal([[0, NORMAL], ...every(300, 900, 5, PLEG_STALE('3m12.4s'))])] }),
  'pleg-never-succeeds': () => ({ files: [kubeletJournal([[0, NORMAL], ...every(10, 900, 10, PLEG_STARTUP)])] }),
  'memcg-oom-task-in': () => ({
    files: [log('logs/dmesg.log', 'dmesg', dmesg(
      'Task in /kubepods/burstable/pod5b0e7f0c-0d1e-4c5e-9a1b-2c3d4e5f6a7b/6f1c1e2b3a4d killed as a result of limit of /kubepods/burstable/pod5b0e7f0c-0d1e-4c5e-9a1b-2c3d4e5f6a7b',
      'memory: usage 524288kB, limit 524288kB, failcnt 31862',
      'memory+swap: usage 524288kB, limit 9007199254740988kB, failcnt 0',
    ))],
  }),
  'memcg-oom-invoked': () => ({
    files: [log('logs/dmesg.log', 'dmesg', dmesg(
      'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=969',
      'CPU: 1 PID: 40121 Comm: java Not tainted 5.15.0-91-generic #101-Ubuntu',
      'memory: usage 1048576kB, limit 1048576kB, failcnt 2711',
    ))],
  }),
  // kernel/hung_task.c report saved as a .txt; "?" frames are the unwinder's guesses.
  'hung-task-txt-srcu': () => ({
    files: [kernelText('node/kernel-messages.txt', [
      'INFO: task kworker/u16:3:2841 blocked for more than 122 seconds.',
      '      Not tainted 5.10.0-23-amd64 #1 Debian 5.10.179-1',
      '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
      'task:kworker/u16:3   state:D stack:    0 pid: 2841 ppid:     2 flags:0x00004000',
      'Call Trace:',
      ' __schedule+0x282/0x870',
      ' ? mod_timer+0x1a4/0x2e0',
      ' schedule+0x46/0xb0',
      ' schedule_timeout+0x119/0x150',
      ' ? __next_timer_interrupt+0x110/0x110',
      ' wait_for_completion+0x8c/0xf0',
      ' __synchronize_srcu.part.0+0x81/0xb0',
      ' ? __bpf_trace_rcu_utilization+0x10/0x10',
      ' kvm_mmu_uninit_vm+0x1c/0x30 [kvm]',
      ' process_one_work+0x1b6/0x350',
      ' worker_thread+0x53/0x3e0',
      ' kthread+0x11b/0x140',
      ' ret_from_fork+0x22/0x30',
    ])],
  }),
  'hardware-apei-fatal': () => ({
    files: [log('logs/dmesg.log', 'dmesg', dmesg(
      '{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0',
      '{1}[Hardware Error]: event severity: fatal',
      '{1}[Hardware Error]:  Error 0, type: fatal',
      '{1}[Hardware Error]:   section_type: memory error',
      '{1}[Hardware Error]:   physical_address: 0x0000003f1e2d4000',
    ))],
  }),
  'hardware-mce-edac-corrected': () => ({
    files: [log('logs/dmesg.log', 'dmesg', dmesg(...Array.from({ length: 12 }, (_, i) => [
      'mce: [Hardware Error]: Machine check events logged',
      `EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x4f1c${i} offset:0x0 grain:32 syndrome:0x0 - area:DRAM err_code:0001:0091 socket:0 ha:0 channel_mask:2 rank:0)`,
    ]).flat()))],
  }),
  'hardware-one-corrected': () => ({
    files: [log('logs/dmesg.log', 'dmesg', dmesg('EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x4f1c0 offset:0x0 grain:32 syndrome:0x0 - area:DRAM err_code:0001:0091 socket:0 ha:0 channel_mask:2 rank:0)'))],
  }),
  'localhost-localdomain': () => ({
    files: [kubeletJournal([
      [0, 'I%T    2291 kubelet_node_status.go:70] "Attempting to register node" node="localhost.localdomain"'],
      [1, 'E%T    2291 kubelet_node_status.go:92] "Unable to register node with API server" err="nodes \\"localhost.localdomain\\" is forbidden: node \\"node-7\\" is not allowed to modify node \\"localhost.localdomain\\"" node="localhost.localdomain"'],
      ...every(10, 3000, 10, 'E%T    2291 kubelet.go:2448] "Error getting node" err="node \\"localhost.localdomain\\" not found"'),
    ])],
    node: { hostname: 'localhost.localdomain' },
  }),
  'node-not-found-startup': () => ({
    files: [kubeletJournal([
      [0, 'I%T    2291 kubelet_node_status.go:70] "Attempting to register node" node="node-1"'],
      ...every(1, 5, 1, 'E%T    2291 kubelet.go:2448] "Error getting node" err="node \\"node-1\\" not found"'),
      [6, NORMAL], ...every(60, 1200, 60, NORMAL),
    ])],
  }),
  // This machine, saturated by eight parallel builds: its own /proc/pressure/cpu, loadavg and two /proc/stat samples.
  'cpu-psi-saturated': () => ({
    files: [
      { path: 'proc/pressure/cpu', kind: 'proc-pressure', data: machine('pressure-cpu') },
      { path: 'proc/loadavg', kind: 'proc-loadavg', data: machine('loadavg') },
      { path: 'proc/stat.1', kind: 'proc-stat', data: machine('stat.1') },
      { path: 'proc/stat.2', kind: 'proc-stat', data: machine('stat.2') },
    ],
  }),
  'crashloop-1800-pods': () => ({
    files: [kubeletJournal(Array.from({ length: 1800 }, (_, i) => [[i, `E%T    2291 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app pod=worker-${i}_batch(uid-${i})\\"" pod="batch/worker-${i}"`], [1800 + i, `E%T    2291 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app pod=worker-${i % 40}_batch(uid-${i % 40})\\"" pod="batch/worker-${i % 40}"`]] as [number, string][]).flat())],
  }),
  'events-image-pull-failed-mount': () => ({
    files: [
      { path: 'k8s/events.json', kind: 'k8s-events', data: list([
        event('shop', 'cart-5d8f', 'Failed', 'Warning', 'Failed to pull image "registry.local/cart:2.1": rpc error: code = NotFound desc = failed to pull and unpack image', 120, '2026-11-21T10:00:00Z', '2026-11-22T04:58:00Z', 1),
        event('shop', 'cart-5d8f', 'Failed', 'Warning', 'Error: ImagePullBackOff', 2300, '2026-11-21T10:00:10Z', '2026-11-22T04:59:00Z', 2),
        event('shop', 'cart-5d8f', 'BackOff', 'Normal', 'Back-off pulling image "registry.local/cart:2.1"', 2290, '2026-11-21T10:00:10Z', '2026-11-22T04:59:00Z', 3),
        event('shop', 'db-0', 'FailedMount', 'Warning', 'MountVolume.SetUp failed for volume "data" : secret "db-tls" not found', 640, '2026-11-21T11:00:00Z', '2026-11-22T04:59:30Z', 4),
        event('shop', 'db-0', 'FailedMount', 'Warning', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data kube-api-access]: timed out waiting for the condition', 210, '2026-11-21T11:02:00Z', '2026-11-22T04:58:00Z', 5),
        event('shop', 'web-1', 'Pulled', 'Normal', 'Container image "registry.local/web:1.0" already present on machine', 3, '2026-11-21T11:02:00Z', '2026-11-22T04:58:00Z', 6),
      ]) },
      { path: 'k8s/pods.json', kind: 'k8s-pods', data: list([
        pod('shop', 'cart-5d8f', [{ name: 'cart', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.local/cart:2.1"' } } }], { phase: 'Pending' }),
        pod('shop', 'db-0', [{ name: 'postgres', state: { waiting: { reason: 'ContainerCreating' } } }], { phase: 'Pending' }),
        pod('shop', 'web-1', [{ name: 'web', state: { running: { startedAt: '2026-11-21T11:02:00Z' } } }]),
      ]) },
    ],
  }),
  'pods-oomkilled-evicted-unschedulable': () => ({
    files: [
      { path: 'k8s/pods.json', kind: 'k8s-pods', data: list([
        pod('batch', 'etl-7c9d', [{ name: 'etl', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=etl pod=etl-7c9d_batch(uid-etl)' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: '2026-11-22T04:50:00Z', finishedAt: '2026-11-22T04:51:10Z' } }, restartCount: 23 }]),
        pod('web', 'front-1', [{ name: 'front', state: { terminated: { reason: 'Error', exitCode: 137 } } }], { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 91Mi. Container front was using 1.2Gi, request is 256Mi, has larger consumption of memory.' }),
        pod('web', 'front-2', [{ name: 'front', state: { terminated: { reason: 'Error', exitCode: 137 } } }], { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
        pod('web', 'front-3', [{ name: 'front', state: { waiting: { reason: 'Pending' } } }], { phase: 'Pending' }),
      ]) },
      { path: 'k8s/events.json', kind: 'k8s-events', data: list([
        event('web', 'front-3', 'FailedScheduling', 'Warning', '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 2 Insufficient memory.', 44, '2026-11-22T03:10:00Z', '2026-11-22T04:59:00Z', 1),
        event('web', 'front-1', 'Evicted', 'Warning', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 91Mi.', 1, '2026-11-22T03:05:00Z', '2026-11-22T03:05:00Z', 2),
        event('batch', 'etl-7c9d', 'BackOff', 'Warning', 'Back-off restarting failed container etl in pod etl-7c9d_batch(uid-etl)', 410, '2026-11-22T01:00:00Z', '2026-11-22T04:59:00Z', 3),
      ]) },
    ],
  }),
  // A rollout: one back-off and one scheduling retry, both resolved.
  'events-rollout-healthy': () => ({
    files: [
      { path: 'k8s/events.json', kind: 'k8s-events', data: list([
        event('web', 'front-9', 'FailedScheduling', 'Warning', '0/3 nodes are available: 3 Insufficient cpu.', 1, '2026-11-22T04:10:00Z', '2026-11-22T04:10:00Z', 1),
        event('web', 'front-9', 'Scheduled', 'Normal', 'Successfully assigned web/front-9 to node-1', 1, '2026-11-22T04:10:20Z', '2026-11-22T04:10:20Z', 2),
        event('web', 'front-9', 'BackOff', 'Warning', 'Back-off restarting failed container front in pod front-9_web(uid-f9)', 1, '2026-11-22T04:11:00Z', '2026-11-22T04:11:00Z', 3),
      ]) },
      { path: 'k8s/pods.json', kind: 'k8s-pods', data: list([pod('web', 'front-9', [{ name: 'front', state: { running: { startedAt: '2026-11-22T04:12:00Z' } }, restartCount: 1 }])]) },
    ],
  }),
  // A cluster install: FailedScheduling before the nodes were Ready, FailedMount before the Secrets
  // existed, back-offs of operators waiting for each other, 09:01-09:07; at collection every pod named
  // is Running and Ready, or was replaced (dns-old). No collection time stated: the pod status decides.
  'events-install-passed': () => ({
    files: [
      { path: 'k8s/events.json', kind: 'k8s-events', data: list([
        event('ops', 'operator-a', 'FailedScheduling', 'Warning', '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.', 4, '2026-11-22T09:01:00Z', '2026-11-22T09:03:00Z', 1),
        event('ops', 'operator-b', 'FailedScheduling', 'Warning', 'no nodes available to schedule pods', 4, '2026-11-22T09:01:00Z', '2026-11-22T09:03:00Z', 2),
        event('ops', 'operator-a', 'FailedMount', 'Warning', 'MountVolume.SetUp failed for volume "tls" : secret "operator-a-tls" not found', 7, '2026-11-22T09:03:30Z', '2026-11-22T09:04:10Z', 3),
        event('ops', 'dns-old', 'FailedMount', 'Warning', 'MountVolume.SetUp failed for volume "config" : failed to sync configmap cache: timed out waiting for the condition', 6, '2026-11-22T09:03:30Z', '2026-11-22T09:04:00Z', 4),
        event('ops', 'operator-a', 'BackOff', 'Warning', 'Back-off restarting failed container operator in pod operator-a_ops(uid-operator-a)', 6, '2026-11-22T09:05:00Z', '2026-11-22T09:07:00Z', 5),
        event('ops', 'operator-b', 'BackOff', 'Warning', 'Back-off restarting failed container operator in pod operator-b_ops(uid-operator-b)', 6, '2026-11-22T09:05:00Z', '2026-11-22T09:07:00Z', 6),
      ]) },
      { path: 'k8s/pods.json', kind: 'k8s-pods', data: list([
        pod('ops', 'operator-a', [{ name: 'operator', state: { running: { startedAt: '2026-11-22T09:07:30Z' } }, restartCount: 3 }]),
        pod('ops', 'operator-b', [{ name: 'operator', state: { running: { startedAt: '2026-11-22T09:07:20Z' } }, restartCount: 3 }]),
        pod('ops', 'dns-new', [{ name: 'dns', state: { running: { startedAt: '2026-11-22T09:05:00Z' } } }]),
      ]) },
    ],
  }),
  // A crash loop caught while its container runs between two back-offs: Running and Ready now, but the
  // back-offs go on until 2 min before a collection time the bundle states (a manifest).
  'crashloop-running-between-backoffs': () => ({
    facts: { collectedAt: '2026-11-22T05:00:00.000Z', collectedAtFrom: 'the manifest (collection.startedAt)' },
    files: [
      { path: 'k8s/events.json', kind: 'k8s-events', data: list([
        event('shop', 'cart-77f', 'BackOff', 'Warning', 'Back-off restarting failed container cart in pod cart-77f_shop(uid-cart-77f)', 95, '2026-11-22T02:00:00Z', '2026-11-22T04:58:00Z', 1),
      ]) },
      { path: 'k8s/pods.json', kind: 'k8s-pods', data: list([
        pod('shop', 'cart-77f', [{ name: 'cart', state: { running: { startedAt: '2026-11-22T04:59:10Z' } }, lastState: { terminated: { reason: 'Error', exitCode: 1, startedAt: '2026-11-22T04:52:00Z', finishedAt: '2026-11-22T04:53:00Z' } }, restartCount: 38 }]),
      ]) },
    ],
  }),
  // stat read D for an instant; status says sleeping and the task waits in a pipe read.
  'd-state-transient': () => ({ files: procFiles(4101, 'cat', 'D', 'S (sleeping)', 'anon_pipe_read') }),
  'd-state-nfs': () => ({
    files: Array.from({ length: 6 }, (_, i) => procFiles(5200 + i, i === 0 ? 'containerd' : 'du', 'D', 'D (disk sleep)', 'rpc_wait_bit_killable',
      '[<0>] rpc_wait_bit_killable+0x1e/0x90 [sunrpc]\n[<0>] __rpc_execute+0xe5/0x450 [sunrpc]\n[<0>] rpc_run_task+0x151/0x190 [sunrpc]\n[<0>] nfs4_call_sync_sequence+0x64/0xa0 [nfsv4]\n[<0>] _nfs4_proc_getattr+0xfc/0x130 [nfsv4]\n[<0>] nfs4_proc_getattr+0x70/0x110 [nfsv4]\n[<0>] __nfs_revalidate_inode+0x102/0x2e0 [nfs]\n[<0>] nfs_getattr+0x1b6/0x2b0 [nfs]\n[<0>] vfs_statx+0x89/0xe0\n[<0>] __do_sys_newfstatat+0x26/0x60\n[<0>] do_syscall_64+0x33/0x80\n')).flat(),
  }),
  // node_exporter at rest: collector.execute fans out to every collector, 0.03 CPUs.
  'profile-node-exporter-idle': () => {
    const root = ['runtime.goexit', 'github.com/prometheus/node_exporter/collector.NodeCollector.Collect.func1', 'github.com/prometheus/node_exporter/collector.execute'];
    return {
      files: [{ path: 'pprof/node-exporter/cpu.pb.gz', kind: 'pprof', data: cpuProfile([
        { frames: [...root, 'github.com/prometheus/node_exporter/collector.(*cpuCollector).Update', 'github.com/prometheus/procfs.FS.Stat'], ms: 220 },
        { frames: [...root, 'github.com/prometheus/node_exporter/collector.(*diskstatsCollector).Update'], ms: 180 },
        { frames: [...root, 'github.com/prometheus/node_exporter/collector.(*filesystemCollector).Update', 'syscall.Statfs'], ms: 120 },
        { frames: [...root, 'github.com/prometheus/node_exporter/collector.(*netDevCollector).Update'], ms: 110 },
        { frames: ['runtime.goexit', 'net/http.(*conn).serve', 'github.com/prometheus/client_golang/prometheus/promhttp.HandlerFor.func1', 'github.com/prometheus/common/expfmt.MetricFamilyToText'], ms: 260 },
        { frames: ['runtime.goexit', 'runtime.gcBgMarkWorker', 'runtime.gcDrain'], ms: 110 },
      ]) }],
    };
  },
  'profile-unsymbolised': () => ({
    files: [{ path: 'pprof/agent/cpu.pb.gz', kind: 'pprof', data: cpuProfile([{ frames: ['<unknown>'], ms: 24000 }, { frames: ['<unknown>', '<unknown>'], ms: 6000 }]) }],
  }),
};
