/**
 * The eight field cases of CASES.md, each as a small collector bundle (tar.gz with manifest.json, built
 * by bundle-builder.ts), ingested through the real ingest and diagnosed. Each must produce its finding
 * with the lines that prove it. Quoted lines marked "seed" are verbatim from the field write-ups.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/findings';
import type { NodeFacts } from '../../shared/bundle-format';
import { ingestBundle } from '../../main/engine/ingest';
import { diagnoseBundle } from '../../main/engine/rules';
import { storedFindings } from '../../main/engine/findings/api';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { buildBundle } from './bundle-builder';
import { cpuProfile, heapProfile } from './cpu-profile';
import { fixture, journal, made, podLog } from './harness';
import { machineFiles, procTree } from './machine';
import { expectQuotedExactly } from './quotes';
import type { StoredFile } from './store-bundle';

let db: Db | null = null;
afterEach(() => db?.close());

const NODE: NodeFacts = { hostname: 'node-1', kernel: '6.18.44-fc-v669', os: 'Debian GNU/Linux 13', kubeletVersion: 'v1.29.3', containerRuntime: 'containerd://1.7.13', cgroupVersion: 2, timezone: 'UTC' };

async function diagnoseCase(files: StoredFile[], node: Partial<NodeFacts> = {}): Promise<Finding[]> {
  const path = await buildBundle({ node: { ...NODE, ...node }, collectedAt: '2026-11-22T05:00:00Z', files });
  db = openWorkspace(':memory:');
  const { id } = await ingestBundle(db, path);
  // The ingest diagnosed the bundle and stored the findings; running the rules again gives the same.
  const stored = storedFindings(db, id);
  expect(diagnoseBundle(db, id)).toEqual(stored);
  expectQuotedExactly(db, id, stored);
  return stored;
}


function only(findings: Finding[], rule: string): Finding {
  const f = findings.filter((x) => x.rule === rule);
  expect(f, `${rule} among ${findings.map((x) => x.rule).join(', ')}`).toHaveLength(1);
  return f[0] as Finding;
}

const replace = (files: StoredFile[], path: string, data: string) => files.map((f) => (f.path === path ? { ...f, data } : f));

describe('field cases', () => {
  it('1. downstream cluster cannot reach Rancher: the name is only in the node\'s /etc/hosts', async () => {
    const corefile = '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n';
    const findings = await diagnoseCase([
      { path: 'dns/Corefile', kind: 'corefile', data: corefile },
      { path: 'etc/hosts', kind: 'hosts', data: '127.0.0.1 localhost\n10.20.30.40 rancher.xxxx.cn harbor.xxxx.cn\n' },
      { path: 'etc/resolv.conf', kind: 'resolv-conf', data: 'nameserver 10.0.0.2\n' },
      { path: 'network/iptables-save.txt', kind: 'iptables-save', data: made('network/kube-proxy-demo.iptables-save-nft.txt') },
      podLog('cattle-system', 'cattle-cluster-agent-7d9f8', 'cluster-register', 'INFO: Environment: CATTLE_ADDRESS=10.42.0.7', 'ERROR: https://rancher.xxxx.cn/ping is not accessible (Could not resolve host: rancher.xxxx.cn)'),
    ]);
    const agent = only(findings, 'rancher-agent-cannot-reach-server');
    expect(agent.summary).toContain('Could not resolve host');
    expect(agent.evidence[0]?.line).toBe(2);
    const hosts = only(findings, 'hosts-entry-not-in-coredns');
    expect(hosts.summary).toContain('rancher.xxxx.cn, harbor.xxxx.cn');
    expect(hosts.evidence[0]).toMatchObject({ artifact: 'etc/hosts', line: 2, text: '10.20.30.40 rancher.xxxx.cn harbor.xxxx.cn' });
  });

  it('2. apiserver and kubelet burn CPU: the hypervisor steals it', async () => {
    const stat = (k: number) => [`cpu  ${4000 + 1100 * k} 0 ${1500 + 500 * k} ${9000 + 300 * k} 200 0 40 ${1200 * k} 0 0`, `cpu0 ${2000 + 550 * k} 0 ${750 + 250 * k} ${4500 + 150 * k} 100 0 20 ${600 * k} 0 0`, `cpu1 ${2000 + 550 * k} 0 ${750 + 250 * k} ${4500 + 150 * k} 100 0 20 ${600 * k} 0 0`, 'btime 1763780000', ''].join('\n');
    const findings = await diagnoseCase(replace(replace(machineFiles(), 'proc/stat.1', stat(0)), 'proc/stat.2', stat(1)));
    const steal = only(findings, 'cpu-steal-high');
    expect(steal.severity).toBe('critical');
    expect(steal.summary).toContain('38.7% of CPU time was stolen by the hypervisor over the 15.5 s between the two /proc/stat samples');
    expect(steal.evidence.map((e) => e.text)).toEqual([stat(0).split('\n')[0], stat(1).split('\n')[0]]);
  });

  it('3. containers that will not stop: init in zap_pid_ns_processes, s6-sync child stuck in sync()', async () => {
    const cid = '10f0451e1345f5028f636e2b09c9f8204e55a01f5f09f2e57de3c17d3f93f492';
    let files = procTree('zap-pid-ns');
    files = replace(files, 'proc/11206/cgroup', `9:name=systemd:/kubepods/besteffort/pod0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/${cid}\n`);
    // seed 002: the s6-sync child's stack, verbatim
    files = replace(files, 'proc/11207/stack', '[<ffffffffa0ae9918>] call_rwsem_down_read_failed+0x18/0x30\n[<ffffffffa0235da2>] iterate_supers+0xa2/0x110\n[<ffffffffa0269ba4>] sys_sync+0x44/0xb0\n[<ffffffffa0001c46>] do_syscall_64+0x66/0x120\n');
    const docker = journal('docker',
      'time="2021-06-10T16:09:15.458629778+08:00" level=info msg="Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL"',
      `time="2021-06-10T16:11:06.286046073+08:00" level=info msg="Container ${cid} failed to exit within 30 seconds of signal 15 - using the force"`,
      'time="2021-06-10T16:11:16.301226981+08:00" level=info msg="Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL"');
    const findings = await diagnoseCase([...files, docker]);
    const stuck = only(findings, 'stuck-container-exit');
    expect(stuck.severity).toBe('critical');
    expect(stuck.summary).toContain('init of container 10f0451e1345');
    expect(stuck.summary).toContain('sleep (pid 11207) is in D state waiting on sync() of every filesystem on the host (iterate_supers)');
    expect(stuck.summary).toContain('The runtime failed to stop container 10f0451e1345 3 times.');
    expect(stuck.evidence.find((e) => e.artifact === 'proc/11207/stack')?.text).toContain('sys_sync+0x44/0xb0');
    expect(stuck.evidence.filter((e) => e.artifact === 'logs/journal/docker.log').map((e) => e.line)).toEqual([1, 2, 3]);
    expect(findings.filter((f) => f.rule === 'container-kill-failed').map((f) => [f.severity, f.summary])).toEqual([
      ['warning', 'Container 10f0451e1345 survived SIGKILL 2 times: its processes are stuck in the kernel.'],
      ['info', '1 container ignored SIGTERM and had to be killed (1 line in logs/journal/docker.log).'],
    ]);
    expect(findings[0]?.rule).toBe('stuck-container-exit');
  });

  it('4. kube-apiserver using 10 GB+: thousands of old ReplicaSets, no revisionHistoryLimit', async () => {
    const deployment = { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'order-api', namespace: 'shop', uid: 'd-1' }, spec: { replicas: 3 } };
    const rs = (i: number) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `order-api-${(1e6 + i).toString(36)}`, namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'order-api', uid: 'd-1', controller: true }] }, spec: { replicas: i === 0 ? 3 : 0 } });
    const list = (items: object[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4) + '\n';
    const deployments = list([deployment]);
    // Heap of the apiserver: ReplicaSet decoding under the watch cache (function names of k8s.io/api apps/v1 generated.pb.go).
    const apiserver = 'k8s.io/kubernetes/vendor/k8s.io/apiserver/pkg/storage/cacher.(*watchCache).processEvent';
    const heap = heapProfile([
      { frames: ['runtime.goexit', apiserver, 'k8s.io/kubernetes/vendor/k8s.io/api/apps/v1.(*ReplicaSet).Unmarshal', 'k8s.io/kubernetes/vendor/k8s.io/api/core/v1.(*PodTemplateSpec).Unmarshal'], inuseBytes: 9e9 },
      { frames: ['runtime.goexit', 'k8s.io/kubernetes/vendor/k8s.io/apiserver/pkg/server.(*GenericAPIServer).Run'], inuseBytes: 4e9 },
    ]);
    const findings = await diagnoseCase([
      { path: 'pprof/kube-apiserver/heap.pb.gz', kind: 'pprof', data: heap },
      { path: 'k8s/deployments.json', kind: 'k8s-deployments', data: deployments },
      { path: 'k8s/replicasets.json', kind: 'k8s-replicasets', data: list(Array.from({ length: 1500 }, (_, i) => rs(i))) },
    ]);
    const bloat = only(findings, 'replicaset-history-bloat');
    expect(bloat.severity).toBe('critical');
    expect(bloat.summary).toBe('1500 ReplicaSets for 1 Deployments; 1 Deployment without revisionHistoryLimit. Most: shop/order-api (1499 old). The kube-apiserver heap holds 69.2% of its in-use memory under ReplicaSet code.');
    expect(bloat.evidence.at(-1)).toMatchObject({ artifact: 'pprof/kube-apiserver/heap.pb.gz', text: 'k8s.io/kubernetes/vendor/k8s.io/api/apps/v1.(*ReplicaSet).Unmarshal: cum 69.2% of inuse_space' });
    expect(only(findings, 'profile-hotspot').summary).toContain('ReplicaSet objects dominate: see replicaset-history-bloat.');
    const nameLine = deployments.split('\n').indexOf('                "name": "order-api",') + 1;
    expect(nameLine).toBeGreaterThan(0);
    expect(bloat.evidence[0]).toMatchObject({ artifact: 'k8s/deployments.json', line: nameLine, text: '                "name": "order-api",' });
  });

  it('5. CNI IPAM plugin hangs on VERSION: blocked in tty_read', async () => {
    let files = procTree('zap-pid-ns').filter((f) => f.path.startsWith('proc/11204/') || f.path.startsWith('proc/5830/'));
    // seed 002: the plugin's stack, verbatim
    files = replace(files, 'proc/11204/stack', '[<ffffffff930b743e>] wait_woken+0x6e/0x90\n[<ffffffff934bcdc4>] n_tty_read+0x3e4/0x920\n[<ffffffff934b8072>] tty_read+0x92/0xf0\n[<ffffffff932325e7>] __vfs_read+0x37/0x140\n[<ffffffff9323277c>] vfs_read+0x8c/0x130\n[<ffffffff93232d15>] SyS_read+0x55/0xc0\n[<ffffffff93001c46>] do_syscall_64+0x66/0x120\n[<ffffffff93c00081>] entry_SYSCALL_64_after_hwframe+0x3d/0xa2\n[<ffffffffffffffff>] 0xffffffffffffffff\n');
    files = replace(files, 'proc/11204/cmdline', '/opt/cni/bin/ipam\0');
    const findings = await diagnoseCase(files);
    const cni = only(findings, 'cni-plugin-stdin-hang');
    expect(cni.summary).toContain('/opt/cni/bin/ipam (pid 11204, in n_tty_read)');
    expect(cni.evidence.find((e) => e.artifact === 'proc/11204/stack')).toMatchObject({ line: 1, lineEnd: 9 });
  });

  it('6. kube-proxy (ipvs) at 200% CPU: realIPGetter.NodeIPs dominates its profile', async () => {
    const P = 'k8s.io/kubernetes/pkg/proxy/ipvs';
    const root = ['runtime.goexit', 'k8s.io/kubernetes/vendor/k8s.io/apimachinery/pkg/util/wait.JitterUntil.func1', 'k8s.io/kubernetes/pkg/util/async.(*BoundedFrequencyRunner).tryRun', `${P}.(*Proxier).syncProxyRules`];
    const profile = cpuProfile([
      { frames: [...root, `${P}.(*realIPGetter).NodeIPs`, 'net.interfaceAddrTable', 'syscall.NetlinkRIB', 'syscall.Syscall6'], ms: 21000 },
      { frames: [...root, `${P}.(*realIPGetter).NodeIPs`, 'net.interfaceAddrTable', 'syscall.ParseNetlinkMessage'], ms: 18000 },
      { frames: [...root, `${P}.(*realIPGetter).NodeIPs`, 'runtime.mallocgc'], ms: 9000 },
      { frames: [...root, `${P}.(*Proxier).syncService`], ms: 8000 },
      { frames: ['runtime.goexit', 'runtime.gcBgMarkWorker', 'runtime.gcDrain'], ms: 6000 },
    ]);
    const findings = await diagnoseCase([{ path: 'pprof/kube-proxy/cpu.pb.gz', kind: 'pprof', data: profile }]);
    const hot = only(findings, 'profile-hotspot');
    expect(hot.summary).toBe(`CPU profile of kube-proxy: ${P}.(*realIPGetter).NodeIPs and its callees hold 77.4% of the profile.`.replace(' of the profile', ''));
    expect(hot.evidence[0]).toMatchObject({ artifact: 'pprof/kube-proxy/cpu.pb.gz', text: `${P}.(*realIPGetter).NodeIPs: flat 0.0%, cum 77.4% of cpu/nanoseconds` });
  });

  it('7. calico-node "no space left on device" with free disk: kmem cgroup leak on 3.10', async () => {
    const files = replace(replace(machineFiles(), 'node/uname.txt', 'Linux node2 3.10.0-862.el7.x86_64 #1 SMP Fri Apr 20 16:44:24 UTC 2018 x86_64 x86_64 x86_64 GNU/Linux\n'),
      'proc/cgroups', '#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t2\t12\t1\ncpu\t3\t65\t1\nmemory\t4\t65521\t1\npids\t9\t60\t1\n');
    const kubelet = journal('kubelet', 'E1122 04:10:00.000000 1234 pod_workers.go:190] Error syncing pod 3a1f (calico-node-x7k2p_kube-system): failed to "StartContainer" for "calico-node" with RunContainerError: "failed to start container: Error response from daemon: OCI runtime create failed: container_linux.go:348: starting container process caused \\"process_linux.go:279: applying cgroup configuration for process caused \\\\\\"mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod3a1f/8c2e: no space left on device\\\\\\"\\": unknown"');
    const findings = await diagnoseCase([...files, kubelet], { kernel: '3.10.0-862.el7.x86_64', cgroupVersion: 1 });
    const kmem = only(findings, 'cgroup-kmem-leak');
    expect(kmem.severity).toBe('critical');
    expect(kmem.summary).toContain('disks and inodes have room; kernel 3.10.0-862.el7.x86_64 (3.10, affected); 65521 memory cgroups');
    expect(kmem.evidence.map((e) => [e.artifact, e.line])).toEqual([['logs/journal/kubelet.log', 1], ['node/uname.txt', 1], ['proc/cgroups', 4]]);
    expect(kmem.remedy).toContain('cordon');
    expect(findings.filter((f) => f.rule === 'disk-pressure')).toEqual([]);
  });

  it('8. nodes NotReady under churn: PLEG relist blocked in a channel send, kubelet 1.12', async () => {
    const findings = await diagnoseCase([
      // seed 004, verbatim
      journal('kubelet', 'I1105 09:50:27.583544  548093 kubelet.go:1829] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 58h29m3.043779855s ago; threshold is 3m0s]'),
      { path: 'pprof/kubelet/goroutine-debug2.txt', kind: 'goroutine-dump', data: fixture('kubelet-1.12-pleg-debug2.txt') },
    ], { kubeletVersion: 'v1.12.10' });
    const pleg = only(findings, 'pleg-unhealthy');
    expect(pleg.severity).toBe('critical');
    expect(pleg.summary).toContain('last relist 58 h before the last report (threshold 3m0s)');
    expect(pleg.summary).toContain('has 2814 goroutines');
    expect(pleg.summary).toContain('(*GenericPLEG).relist is blocked in a channel send for 3509 minutes at pleg/generic.go:261');
    expect(pleg.summary).toContain('kubelet v1.12.10 predates kubernetes/kubernetes#72709');
    expect(pleg.evidence[1]).toMatchObject({ artifact: 'pprof/kubelet/goroutine-debug2.txt', line: 11, lineEnd: 13, note: 'the PLEG relist goroutine' });
    expect(pleg.evidence[1]?.text.split('\n')[0]).toBe('goroutine 2 [chan send, 3509 minutes]:');
    expect(pleg.unchecked).toEqual([]);
  });

  it('a healthy node (this machine\'s real /proc, df, uname) yields nothing above info', async () => {
    const findings = await diagnoseCase(machineFiles());
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
