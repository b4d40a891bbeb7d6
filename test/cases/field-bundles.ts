/**
 * The bundles of the eight field cases of CASES.md (and a healthy node), as files and node facts: the
 * field-case tests and the evaluation corpus (test/eval) diagnose the same bundles. Quoted lines marked
 * "seed" are verbatim from the field write-ups.
 */
import type { NodeFacts } from '../../shared/bundle-format';
import { cpuProfile, heapProfile } from './cpu-profile';
import { fixture, journal, made, podLog } from './harness';
import { machineFiles, procTree } from './machine';
import type { StoredFile } from './store-bundle';

export interface FieldBundle {
  files: StoredFile[];
  node?: Partial<NodeFacts>;
  /** Facts beyond the node's, as the ingest stores them (collectedAt and where it was read: collectedAtFrom). */
  facts?: Record<string, string>;
}

export const NODE: NodeFacts = { hostname: 'node-1', kernel: '6.18.44-fc-v669', os: 'Debian GNU/Linux 13', kubeletVersion: 'v1.29.3', containerRuntime: 'containerd://1.7.13', cgroupVersion: 2, timezone: 'UTC' };

export const replace = (files: StoredFile[], path: string, data: string) => files.map((f) => (f.path === path ? { ...f, data } : f));

export const CASE_CID = '10f0451e1345f5028f636e2b09c9f8204e55a01f5f09f2e57de3c17d3f93f492';

export const list = (items: object[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4) + '\n';

export const steal = (k: number) => [`cpu  ${4000 + 1100 * k} 0 ${1500 + 500 * k} ${9000 + 300 * k} 200 0 40 ${1200 * k} 0 0`, `cpu0 ${2000 + 550 * k} 0 ${750 + 250 * k} ${4500 + 150 * k} 100 0 20 ${600 * k} 0 0`, `cpu1 ${2000 + 550 * k} 0 ${750 + 250 * k} ${4500 + 150 * k} 100 0 20 ${600 * k} 0 0`, 'btime 1763780000', ''].join('\n');

export const CORE_FILE = '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n';

export const APISERVER_WATCH = 'k8s.io/kubernetes/vendor/k8s.io/apiserver/pkg/storage/cacher.(*watchCache).processEvent';
export const PROXY_PKG = 'k8s.io/kubernetes/pkg/proxy/ipvs';

export const FIELD_BUNDLES: Record<string, () => FieldBundle> = {
  'case-1-rancher-hosts': () => ({
    files: [
      { path: 'dns/Corefile', kind: 'corefile', data: CORE_FILE },
      { path: 'etc/hosts', kind: 'hosts', data: '127.0.0.1 localhost\n10.20.30.40 rancher.xxxx.cn harbor.xxxx.cn\n' },
      { path: 'etc/resolv.conf', kind: 'resolv-conf', data: 'nameserver 10.0.0.2\n' },
      { path: 'network/iptables-save.txt', kind: 'iptables-save', data: made('network/kube-proxy-demo.iptables-save-nft.txt') },
      podLog('cattle-system', 'cattle-cluster-agent-7d9f8', 'cluster-register', 'INFO: Environment: CATTLE_ADDRESS=10.42.0.7', 'ERROR: https://rancher.xxxx.cn/ping is not accessible (Could not resolve host: rancher.xxxx.cn)'),
    ],
  }),
  'case-2-cpu-steal': () => ({ files: replace(replace(machineFiles(), 'proc/stat.1', steal(0)), 'proc/stat.2', steal(1)) }),
  'case-3-stuck-exit': () => {
    let files = procTree('zap-pid-ns');
    files = replace(files, 'proc/11206/cgroup', `9:name=systemd:/kubepods/besteffort/pod0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/${CASE_CID}\n`);
    // seed 002: the s6-sync child's stack, verbatim
    files = replace(files, 'proc/11207/stack', '[<ffffffffa0ae9918>] call_rwsem_down_read_failed+0x18/0x30\n[<ffffffffa0235da2>] iterate_supers+0xa2/0x110\n[<ffffffffa0269ba4>] sys_sync+0x44/0xb0\n[<ffffffffa0001c46>] do_syscall_64+0x66/0x120\n');
    const docker = journal('docker',
      'time="2021-06-10T16:09:15.458629778+08:00" level=info msg="Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL"',
      `time="2021-06-10T16:11:06.286046073+08:00" level=info msg="Container ${CASE_CID} failed to exit within 30 seconds of signal 15 - using the force"`,
      'time="2021-06-10T16:11:16.301226981+08:00" level=info msg="Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL"');
    return { files: [...files, docker] };
  },
  'case-4-replicaset-bloat': () => {
    const deployment = { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'order-api', namespace: 'shop', uid: 'd-1' }, spec: { replicas: 3 } };
    const rs = (i: number) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `order-api-${(1e6 + i).toString(36)}`, namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'order-api', uid: 'd-1', controller: true }] }, spec: { replicas: i === 0 ? 3 : 0 } });
    // Heap of the apiserver: ReplicaSet decoding under the watch cache (function names of k8s.io/api apps/v1 generated.pb.go).
    const heap = heapProfile([
      { frames: ['runtime.goexit', APISERVER_WATCH, 'k8s.io/kubernetes/vendor/k8s.io/api/apps/v1.(*ReplicaSet).Unmarshal', 'k8s.io/kubernetes/vendor/k8s.io/api/core/v1.(*PodTemplateSpec).Unmarshal'], inuseBytes: 9e9 },
      { frames: ['runtime.goexit', 'k8s.io/kubernetes/vendor/k8s.io/apiserver/pkg/server.(*GenericAPIServer).Run'], inuseBytes: 4e9 },
    ]);
    return {
      files: [
        { path: 'pprof/kube-apiserver/heap.pb.gz', kind: 'pprof', data: heap },
        { path: 'k8s/deployments.json', kind: 'k8s-deployments', data: list([deployment]) },
        { path: 'k8s/replicasets.json', kind: 'k8s-replicasets', data: list(Array.from({ length: 1500 }, (_, i) => rs(i))) },
      ],
    };
  },
  'case-5-cni-stdin': () => {
    let files = procTree('zap-pid-ns').filter((f) => f.path.startsWith('proc/11204/') || f.path.startsWith('proc/5830/'));
    // seed 002: the plugin's stack, verbatim
    files = replace(files, 'proc/11204/stack', '[<ffffffff930b743e>] wait_woken+0x6e/0x90\n[<ffffffff934bcdc4>] n_tty_read+0x3e4/0x920\n[<ffffffff934b8072>] tty_read+0x92/0xf0\n[<ffffffff932325e7>] __vfs_read+0x37/0x140\n[<ffffffff9323277c>] vfs_read+0x8c/0x130\n[<ffffffff93232d15>] SyS_read+0x55/0xc0\n[<ffffffff93001c46>] do_syscall_64+0x66/0x120\n[<ffffffff93c00081>] entry_SYSCALL_64_after_hwframe+0x3d/0xa2\n[<ffffffffffffffff>] 0xffffffffffffffff\n');
    files = replace(files, 'proc/11204/cmdline', '/opt/cni/bin/ipam\0');
    return { files };
  },
  'case-6-kube-proxy-hotspot': () => {
    const root = ['runtime.goexit', 'k8s.io/kubernetes/vendor/k8s.io/apimachinery/pkg/util/wait.JitterUntil.func1', 'k8s.io/kubernetes/pkg/util/async.(*BoundedFrequencyRunner).tryRun', `${PROXY_PKG}.(*Proxier).syncProxyRules`];
    const profile = cpuProfile([
      { frames: [...root, `${PROXY_PKG}.(*realIPGetter).NodeIPs`, 'net.interfaceAddrTable', 'syscall.NetlinkRIB', 'syscall.Syscall6'], ms: 21000 },
      { frames: [...root, `${PROXY_PKG}.(*realIPGetter).NodeIPs`, 'net.interfaceAddrTable', 'syscall.ParseNetlinkMessage'], ms: 18000 },
      { frames: [...root, `${PROXY_PKG}.(*realIPGetter).NodeIPs`, 'runtime.mallocgc'], ms: 9000 },
      { frames: [...root, `${PROXY_PKG}.(*Proxier).syncService`], ms: 8000 },
      { frames: ['runtime.goexit', 'runtime.gcBgMarkWorker', 'runtime.gcDrain'], ms: 6000 },
    ]);
    return { files: [{ path: 'pprof/kube-proxy/cpu.pb.gz', kind: 'pprof', data: profile }] };
  },
  'case-7-kmem-leak': () => {
    const files = replace(replace(machineFiles(), 'node/uname.txt', 'Linux node2 3.10.0-862.el7.x86_64 #1 SMP Fri Apr 20 16:44:24 UTC 2018 x86_64 x86_64 x86_64 GNU/Linux\n'),
      'proc/cgroups', '#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t2\t12\t1\ncpu\t3\t65\t1\nmemory\t4\t65521\t1\npids\t9\t60\t1\n');
    const kubelet = journal('kubelet', 'E1122 04:10:00.000000 1234 pod_workers.go:190] Error syncing pod 3a1f (calico-node-x7k2p_kube-system): failed to "StartContainer" for "calico-node" with RunContainerError: "failed to start container: Error response from daemon: OCI runtime create failed: container_linux.go:348: starting container process caused \\"process_linux.go:279: applying cgroup configuration for process caused \\\\\\"mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod3a1f/8c2e: no space left on device\\\\\\"\\": unknown"');
    return { files: [...files, kubelet], node: { kernel: '3.10.0-862.el7.x86_64', cgroupVersion: 1 } };
  },
  'case-8-pleg-deadlock': () => ({
    files: [
      // seed 004, verbatim
      journal('kubelet', 'I1105 09:50:27.583544  548093 kubelet.go:1829] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 58h29m3.043779855s ago; threshold is 3m0s]'),
      { path: 'pprof/kubelet/goroutine-debug2.txt', kind: 'goroutine-dump', data: fixture('kubelet-1.12-pleg-debug2.txt') },
    ],
    node: { kubeletVersion: 'v1.12.10' },
  }),
  'healthy-this-machine': () => ({ files: machineFiles() }),
};
