// Writes the field-case shapes of the demo node, all text of our own in each component's message format
// (no line is copied from anywhere): a node tree the collector reads through bind mounts (/var/log,
// /var/lib/kubelet, /etc/kubernetes), the answers of the demo's kubectl stub (bin/kubectl: node, pods,
// events, Deployments/ReplicaSets, the coredns ConfigMap) and a kube-proxy-shaped iptables ruleset that
// make-demo.sh loads into a network namespace with iptables-restore.
//
// The node, demo-worker-1, shows the field cases of CASES.md: kubelet PLEG not healthy (case 8) and
// containers in CrashLoopBackOff, a task hung in the kernel and an OOM kill, a container the runtime cannot
// stop (case 3), CoreDNS forwarding to a loopback stub resolver and detecting the loop, image pulls failing.
// Times are relative to now (the collection), so the lines sit in the collector's --since window.
//
// Usage: node node-shapes.mjs OUTDIR   (writes OUTDIR/tree, OUTDIR/k8s, OUTDIR/kube-proxy.iptables-restore)
import fs from 'node:fs';
import path from 'node:path';

const out = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) throw new Error('usage: node node-shapes.mjs OUTDIR');
const NODE = 'demo-worker-1';
const put = (rel, text) => {
  const file = path.join(out, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

const now = Date.now();
/** A moment `min` minutes before now (plus a few ms so stamps differ). */
const at = (min, ms = 0) => new Date(now - min * 60_000 + ms);
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => String(n).padStart(2, '0');
const hms = (d) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
/** rsyslog's RSYSLOG_TraditionalFileFormat stamp (the node runs in UTC). */
const syslogStamp = (d) => `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`;
/** klog header: Lmmdd hh:mm:ss.uuuuuu threadid file:line] */
const klog = (level, d, file) => `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${hms(d)}.${String(d.getUTCMilliseconds() * 1000 + 417).padStart(6, '0')}    2107 ${file}]`;
const iso = (d) => d.toISOString();
const isoNano = (d) => iso(d).replace('Z', '417302Z');

// --- /var/log/messages: kubelet (klog), containerd (logrus) and kernel lines as rsyslog writes them.
const POD = 'order-api-6f7c9d8b5-k2x7p';
const POD_UID = '3c1d9e27-5b4a-4f0e-9a61-2f8e7d6c5b4a';
const CID = '7e3f9a1c5b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f';
const messages = [];
const line = (min, tag, text, ms = 0) => messages.push([at(min, ms), `${tag}: ${text}`]);
line(38, 'kubelet[2107]', `${klog('I', at(38), 'server.go:487')} "Kubelet version" kubeletVersion="v1.29.3"`);
line(37.9, 'kubelet[2107]', `${klog('I', at(37.9), 'kubelet_node_status.go:73')} "Attempting to register node" node="${NODE}"`);
for (let i = 0; i < 8; i++) {
  const m = 36 - i * 3;
  line(m, 'kubelet[2107]', `${klog('E', at(m), 'pod_workers.go:1298')} "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"order-api\\" with CrashLoopBackOff: \\"back-off ${i < 3 ? `${10 * 2 ** i}s` : '5m0s'} restarting failed container=order-api pod=${POD}_shop(${POD_UID})\\"" pod="shop/${POD}" podUID="${POD_UID}"`);
  line(m - 0.5, 'kubelet[2107]', `${klog('I', at(m - 0.5), 'scope.go:117')} "RemoveContainer" containerID="${CID.slice(0, 60)}${i}${i}${i}${i}"`);
}
line(30, 'kubelet[2107]', `${klog('E', at(30), 'remote_image.go:180')} "PullImage from image service failed" err="rpc error: code = NotFound desc = failed to pull and unpack image \\"registry.demo.internal/shop/report-worker:2.4.1\\": not found" image="registry.demo.internal/shop/report-worker:2.4.1"`);
line(29.5, 'kubelet[2107]', `${klog('E', at(29.5), 'pod_workers.go:1298')} "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"report-worker\\" with ErrImagePull: \\"rpc error: code = NotFound\\"" pod="shop/report-worker-5d8f7b6c4-q9w2e"`);
// The kernel: an OOM kill in a pod's memory cgroup, then a task hung on a mutex (call trace as the kernel prints it).
line(27, 'kernel', 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=985');
line(27, 'kernel', `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-${CID.slice(0, 12)}.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_UID.replace(/-/g, '_')}.slice,task_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_UID.replace(/-/g, '_')}.slice/cri-containerd-${CID.slice(0, 12)}.scope,task=java,pid=48213,uid=1000`, 1);
line(27, 'kernel', 'Memory cgroup out of memory: Killed process 48213 (java) total-vm:4718592kB, anon-rss:1048120kB, file-rss:20544kB, shmem-rss:0kB, UID:1000 pgtables:2412kB oom_score_adj:985', 2);
const hung = [
  'INFO: task containerd-shim:51877 blocked for more than 122 seconds.',
  '      Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1',
  '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
  'task:containerd-shim state:D stack:0     pid:51877 ppid:1      flags:0x00000002',
  'Call Trace:',
  ' <TASK>',
  ' __schedule+0x351/0xa20',
  ' schedule+0x5d/0xe0',
  ' schedule_preempt_disabled+0x14/0x30',
  ' __mutex_lock.constprop.0+0x3b4/0x700',
  ' copy_net_ns+0x10e/0x260',
  ' create_new_namespaces+0x112/0x2e0',
  ' unshare_nsproxy_namespaces+0x5a/0xb0',
  ' ksys_unshare+0x1da/0x3c0',
  ' __x64_sys_unshare+0x12/0x20',
  ' do_syscall_64+0x5b/0xc0',
  ' entry_SYSCALL_64_after_hwframe+0x6e/0xd8',
  ' </TASK>',
];
hung.forEach((t, i) => line(24, 'kernel', t, i));
line(23, 'kernel', 'unregister_netdevice: waiting for eth0 to become free. Usage count = 2');
line(22.8, 'kernel', 'unregister_netdevice: waiting for eth0 to become free. Usage count = 2');
// The runtime cannot stop the container whose task is stuck (case 3 shape, containerd's logrus lines).
line(22, 'containerd[1190]', `time="${iso(at(22))}" level=info msg="StopContainer for \\"${CID}\\" with timeout 30 (s)"`);
line(21.5, 'containerd[1190]', `time="${iso(at(21.5))}" level=info msg="Stop container \\"${CID}\\" with signal terminated"`);
line(21, 'containerd[1190]', `time="${iso(at(21))}" level=error msg="StopContainer for \\"${CID}\\" failed" error="rpc error: code = DeadlineExceeded desc = an error occurs during waiting for container \\"${CID}\\" to be killed: wait container \\"${CID}\\": context deadline exceeded"`);
line(20.5, 'kubelet[2107]', `${klog('E', at(20.5), 'remote_runtime.go:366')} "StopContainer from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" containerID="${CID}"`);
// PLEG: the relist has not finished since the shim hung (case 8 shape, kubelet 1.29 wording).
for (const [m, ago] of [[19, '3m4.118231907s'], [14, '8m4.201127316s'], [9, '13m4.306614502s'], [4, '18m4.412093770s']]) {
  line(m, 'kubelet[2107]', `${klog('I', at(m), 'kubelet.go:2359')} "Skipping pod synchronization" err="[container runtime is down, PLEG is not healthy: pleg was last seen active ${ago} ago; threshold is 3m0s]"`);
}
line(18.9, 'kubelet[2107]', `${klog('I', at(18.9), 'kubelet_node_status.go:679')} "Recording event message for node" node="${NODE}" event="NodeNotReady"`);
line(18.8, 'kubelet[2107]', `${klog('I', at(18.8), 'setters.go:568')} "Node became not ready" node="${NODE}" condition={"type":"Ready","status":"False","reason":"KubeletNotReady","message":"PLEG is not healthy: pleg was last seen active 3m4.118231907s ago; threshold is 3m0s"}`);
messages.sort((a, b) => a[0] - b[0]);
put('tree/var/log/messages', messages.map(([d, t]) => `${syslogStamp(d)} ${NODE} ${t}`).join('\n') + '\n');

// --- Container logs as containerd's CRI logger writes them (time stream P|F line).
const cri = (lines) => lines.map(([d, s, t]) => `${isoNano(d)} ${s} F ${t}`).join('\n') + '\n';
const COREDNS = 'kube-system_coredns-7db6d8ff4d-x2x5q_9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
put(`tree/var/log/pods/${COREDNS}/coredns/0.log`, cri([
  [at(40), 'stdout', '.:53'],
  [at(40, 1), 'stdout', '[INFO] plugin/reload: Running configuration SHA512 = 3c5a1d7e9b2f4c6a8e0d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d7b9f1a3c5e7d9b1f3a5c7e9d1b3f5a7c9e1d3b5f7a9c1e3'],
  [at(40, 2), 'stdout', 'CoreDNS-1.11.1'],
  [at(40, 3), 'stdout', 'linux/amd64, go1.20.7, ae2bbc2'],
  ...[35, 32, 28, 25].map((m, i) => [at(m), 'stdout', `[ERROR] plugin/errors: 2 registry.demo.internal. A: read udp 10.244.1.7:${41820 + i * 311}->10.96.0.2:53: i/o timeout`]),
  [at(16), 'stdout', '[INFO] plugin/reload: Running configuration SHA512 = 9e1d3b5f7a9c1e3d5b7f9a1c3e5d7b9f1a3c5e7d9b1f3a5c7e9d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d7b9f1a3c5e7d9b1f'],
  [at(15), 'stdout', '[FATAL] plugin/loop: Loop (127.0.0.1:43021 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 7315604180723919561.5912308848202861207."'],
]));
put(`tree/var/log/pods/shop_${POD}_${POD_UID}/order-api/7.log`, cri([
  [at(8), 'stdout', '{"level":"info","ts":"' + iso(at(8)) + '","msg":"starting order-api","version":"3.2.0"}'],
  [at(8, 300), 'stderr', '{"level":"fatal","ts":"' + iso(at(8, 300)) + '","msg":"cannot connect to database","dsn":"postgres://orders@orders-db.shop.svc:5432/orders","error":"dial tcp: lookup orders-db.shop.svc on 10.96.0.10:53: read udp 10.244.1.9:38211->10.96.0.10:53: i/o timeout"}'],
]));

// --- The kubelet's config (its resolv.conf points at a loopback stub resolver: CoreDNS forwards to itself).
put('tree/var/lib/kubelet/config.yaml', 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nclusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\nmaxPods: 110\nresolvConf: /var/lib/kubelet/resolv.conf\n');
put('tree/var/lib/kubelet/resolv.conf', 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch demo.internal\n');
// A kubeconfig for the collector to find (the stub kubectl ignores it; no credentials in it).
put('tree/etc/kubernetes/admin.conf', 'apiVersion: v1\nkind: Config\nclusters:\n- name: demo\n  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: demo\n  context:\n    cluster: demo\n    user: demo\ncurrent-context: demo\nusers:\n- name: demo\n  user: {}\n');

// --- Kubernetes objects (kubectl get ... -o json List shapes), names and uids ours.
const list = (items) => `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;
const cond = (type, status, reason, message, min) => ({ type, status, reason, message, lastHeartbeatTime: iso(at(min)), lastTransitionTime: iso(at(min)) });
const node = (name, ready, ip) => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name, uid: `0d6c${name.length}e2a-1b3c-4d5e-8f90-a1b2c3d4e5f${ready ? 6 : 7}`, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' }, creationTimestamp: '2026-09-14T08:02:11Z' },
  spec: { podCIDR: `10.244.${ip}.0/24`, podCIDRs: [`10.244.${ip}.0/24`] },
  status: {
    addresses: [{ type: 'InternalIP', address: `192.0.2.${20 + ip}` }, { type: 'Hostname', address: name }],
    allocatable: { cpu: '3800m', memory: '15214568Ki', pods: '110' }, capacity: { cpu: '4', memory: '16365544Ki', pods: '110' },
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 1),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 1),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 1),
      ready
        ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', 1)
        : cond('Ready', 'False', 'KubeletNotReady', 'PLEG is not healthy: pleg was last seen active 3m4.118231907s ago; threshold is 3m0s', 18.8),
    ],
    nodeInfo: { kubeletVersion: 'v1.29.3', kubeProxyVersion: 'v1.29.3', containerRuntimeVersion: 'containerd://1.7.13', kernelVersion: '6.1.0-18-amd64', osImage: 'Debian GNU/Linux 12 (bookworm)', operatingSystem: 'linux', architecture: 'amd64' },
  },
});
put('k8s/nodes.json', list([node(NODE, false, 1), node('demo-worker-2', true, 2), node('demo-control-1', true, 0)]));
const container = (name, image, state, restarts, last) => ({ name, image, ready: state === 'running', restartCount: restarts, state, ...(last ? { lastState: last } : {}) });
const pod = (ns, name, uid, containers, phase = 'Running') => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: ns, uid, creationTimestamp: iso(at(600)) },
  spec: { nodeName: NODE, containers: containers.map((c) => ({ name: c.name, image: c.image })) },
  status: { phase, hostIP: '192.0.2.21', podIP: `10.244.1.${uid.charCodeAt(0) % 200}`, containerStatuses: containers },
});
const terminated = (reason, exitCode, min) => ({ terminated: { reason, exitCode, startedAt: iso(at(min + 0.2)), finishedAt: iso(at(min)) } });
const pods = [
  pod('shop', POD, POD_UID, [container('order-api', 'registry.demo.internal/shop/order-api:3.2.0', { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=order-api pod=${POD}_shop(${POD_UID})` } }, 7, terminated('Error', 1, 8))]),
  pod('shop', 'report-worker-5d8f7b6c4-q9w2e', '8a2b4c6d-1e3f-4a5b-9c7d-0e1f2a3b4c5d', [container('report-worker', 'registry.demo.internal/shop/report-worker:2.4.1', { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.demo.internal/shop/report-worker:2.4.1"' } }, 0)], 'Pending'),
  pod('shop', 'search-indexer-0', '5f4e3d2c-1b0a-4988-8776-655443322110', [container('indexer', 'registry.demo.internal/shop/search-indexer:1.9.0', { running: { startedAt: iso(at(26)) } }, 3, terminated('OOMKilled', 137, 27))]),
  pod('kube-system', 'coredns-7db6d8ff4d-x2x5q', '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', [container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.1', { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=coredns pod=coredns-7db6d8ff4d-x2x5q_kube-system(9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d)' } }, 5, terminated('Error', 1, 15))]),
  pod('kube-system', 'kube-proxy-7m2xq', '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', [container('kube-proxy', 'registry.k8s.io/kube-proxy:v1.29.3', { running: { startedAt: iso(at(600)) } }, 0)]),
];
put('k8s/pods.json', list(pods));
put('k8s/pods-kube-system.json', list(pods.filter((p) => p.metadata.namespace === 'kube-system')));
let evn = 0;
const event = (ns, kind, name, type, reason, message, min, count = 1) => ({
  apiVersion: 'v1', kind: 'Event',
  metadata: { name: `${name}.17d${(0x3a5c0000 + evn++ * 7919).toString(16)}`, namespace: ns, creationTimestamp: iso(at(min)) },
  involvedObject: { kind, name, namespace: ns }, type, reason, message, count,
  firstTimestamp: iso(at(min + 10)), lastTimestamp: iso(at(min)), source: { component: kind === 'Node' ? 'kubelet' : 'kubelet', host: NODE },
});
put('k8s/events.json', list([
  event('shop', 'Pod', POD, 'Warning', 'BackOff', 'Back-off restarting failed container order-api in pod ' + `${POD}_shop(${POD_UID})`, 8, 31),
  event('shop', 'Pod', POD, 'Normal', 'Pulled', 'Container image "registry.demo.internal/shop/order-api:3.2.0" already present on machine', 8, 8),
  event('shop', 'Pod', 'report-worker-5d8f7b6c4-q9w2e', 'Warning', 'Failed', 'Failed to pull image "registry.demo.internal/shop/report-worker:2.4.1": rpc error: code = NotFound desc = failed to pull and unpack image "registry.demo.internal/shop/report-worker:2.4.1": not found', 30, 4),
  event('shop', 'Pod', 'report-worker-5d8f7b6c4-q9w2e', 'Normal', 'BackOff', 'Back-off pulling image "registry.demo.internal/shop/report-worker:2.4.1"', 29, 12),
  event('shop', 'Pod', 'search-indexer-0', 'Warning', 'FailedMount', 'MountVolume.SetUp failed for volume "index-data" : mount failed: exit status 32', 33, 3),
  event('shop', 'Pod', 'search-indexer-0', 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 26, 6),
  event('kube-system', 'Pod', 'coredns-7db6d8ff4d-x2x5q', 'Warning', 'BackOff', 'Back-off restarting failed container coredns in pod coredns-7db6d8ff4d-x2x5q_kube-system(9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d)', 14, 5),
  event('default', 'Node', NODE, 'Normal', 'NodeNotReady', `Node ${NODE} status is now: NodeNotReady`, 18.9),
]));
const deployment = (ns, name, replicas, keep) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, uid: `d-${name}` }, spec: { replicas, ...(keep === undefined ? {} : { revisionHistoryLimit: keep }) } });
const rs = (ns, name, hash, replicas) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${name}-${hash}`, namespace: ns, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `d-${name}`, controller: true }] }, spec: { replicas } });
put('k8s/deployments.json', list([deployment('shop', 'order-api', 2, 10), deployment('shop', 'report-worker', 1, 10), deployment('kube-system', 'coredns', 2, 10)]));
put('k8s/replicasets.json', list([rs('shop', 'order-api', '6f7c9d8b5', 2), rs('shop', 'order-api', '59b8c7d6f', 0), rs('shop', 'report-worker', '5d8f7b6c4', 1), rs('kube-system', 'coredns', '7db6d8ff4d', 2)]));
// CoreDNS: forwards to the node's resolv.conf (a loopback stub on this node), a hosts block without fallthrough.
const corefile = [
  '.:53 {',
  '    errors',
  '    health {',
  '       lameduck 5s',
  '    }',
  '    ready',
  '    hosts {',
  '       10.20.0.15 registry.demo.internal',
  '    }',
  '    kubernetes cluster.local in-addr.arpa ip6.arpa {',
  '       pods insecure',
  '       fallthrough in-addr.arpa ip6.arpa',
  '       ttl 30',
  '    }',
  '    prometheus :9153',
  '    forward . /etc/resolv.conf {',
  '       max_concurrent 1000',
  '    }',
  '    cache 30',
  '    loop',
  '    reload',
  '    loadbalance',
  '}',
  '',
].join('\n');
put('k8s/Corefile', corefile);
put('k8s/coredns-configmap.json', `${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile } }, null, 4)}\n`);
put('k8s/kube-proxy-configmap.json', `${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\nclusterCIDR: 10.244.0.0/16\n' } }, null, 4)}\n`);

// --- A kube-proxy-shaped iptables ruleset (iptables-restore input) for our services. Chain names are
// hashes of our own service/endpoint names, in the KUBE-SVC-/KUBE-SEP- form kube-proxy uses.
const services = [
  { ns: 'default', name: 'kubernetes', port: 'https', ip: '10.96.0.1', proto: 'tcp', sport: 443, eps: [['192.0.2.20', 6443]] },
  { ns: 'kube-system', name: 'kube-dns', port: 'dns', ip: '10.96.0.10', proto: 'udp', sport: 53, eps: [['10.244.1.7', 53], ['10.244.2.4', 53]] },
  { ns: 'kube-system', name: 'kube-dns', port: 'dns-tcp', ip: '10.96.0.10', proto: 'tcp', sport: 53, eps: [['10.244.1.7', 53], ['10.244.2.4', 53]] },
  { ns: 'shop', name: 'order-api', port: 'http', ip: '10.96.41.17', proto: 'tcp', sport: 80, eps: [['10.244.1.11', 8080], ['10.244.1.12', 8080], ['10.244.2.9', 8080]] },
  { ns: 'shop', name: 'orders-db', port: 'postgres', ip: '10.96.52.3', proto: 'tcp', sport: 5432, eps: [['10.244.2.14', 5432]] },
];
/** 16 upper-case base32 letters of a string, the shape of kube-proxy's chain hashes (FNV-1a here). */
const hash16 = (s) => {
  let h = 0xcbf29ce484222325n;
  for (const c of Buffer.from(s)) h = BigInt.asUintN(64, (h ^ BigInt(c)) * 0x100000001b3n);
  let out = '';
  for (let i = 0; i < 16; i++) out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Number((h >> BigInt((i * 4) % 64)) & 31n)];
  return out;
};
const nat = [':KUBE-SERVICES - [0:0]', ':KUBE-NODEPORTS - [0:0]', ':KUBE-POSTROUTING - [0:0]', ':KUBE-MARK-MASQ - [0:0]'];
const natRules = [
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
];
for (const s of services) {
  const id = `${s.ns}/${s.name}:${s.port}`;
  const svc = `KUBE-SVC-${hash16(`${id}${s.proto}`)}`;
  nat.push(`:${svc} - [0:0]`);
  natRules.push(`-A KUBE-SERVICES -d ${s.ip}/32 -p ${s.proto} -m comment --comment "${id} cluster IP" -m ${s.proto} --dport ${s.sport} -j ${svc}`);
  natRules.push(`-A ${svc} ! -s 10.244.0.0/16 -d ${s.ip}/32 -p ${s.proto} -m comment --comment "${id} cluster IP" -m ${s.proto} --dport ${s.sport} -j KUBE-MARK-MASQ`);
  s.eps.forEach(([ip, port], i) => {
    const sep = `KUBE-SEP-${hash16(`${id}${s.proto}${ip}:${port}`)}`;
    nat.push(`:${sep} - [0:0]`);
    const left = s.eps.length - i;
    const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : '';
    natRules.push(`-A ${svc} -m comment --comment "${id} -> ${ip}:${port}"${pick} -j ${sep}`);
    natRules.push(`-A ${sep} -s ${ip}/32 -m comment --comment "${id}" -j KUBE-MARK-MASQ`);
    natRules.push(`-A ${sep} -p ${s.proto} -m comment --comment "${id}" -m ${s.proto} -j DNAT --to-destination ${ip}:${port}`);
  });
}
natRules.push('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
const filter = [
  ':KUBE-FIREWALL - [0:0]', ':KUBE-FORWARD - [0:0]', ':KUBE-SERVICES - [0:0]', ':KUBE-EXTERNAL-SERVICES - [0:0]', ':KUBE-PROXY-FIREWALL - [0:0]',
  '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
  '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A KUBE-SERVICES -d 10.96.88.4/32 -p tcp -m comment --comment "shop/payments:https has no endpoints" -m tcp --dport 443 -j REJECT --reject-with icmp-port-unreachable',
];
put('kube-proxy.iptables-restore', ['*filter', ...filter, 'COMMIT', '*nat', ...nat, ...natRules, 'COMMIT', ''].join('\n'));
console.log(`wrote ${out}`);
