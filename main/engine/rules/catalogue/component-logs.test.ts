import { describe, expect, it } from 'vitest';
import type { StoredFile } from '../../../../test/cases/store-bundle';
import { findingsOf, journal, log, podLog, twin } from '../../../../test/cases/harness';
import { hasSharedFixtures, readSharedText } from '../../../../test/support/shared-fixtures';

const SANDBOX = 'c'.repeat(64);

/**
 * Each line is built from the format string in the component's own source, named beside it; the
 * near miss is a line the same component writes in normal operation, or the same words about
 * something else.
 */
const cases: { rule: string; source: string; hit: StoredFile; miss: StoredFile }[] = [
  {
    rule: 'runtime-rpc-deadline-exceeded',
    source: 'kubernetes pkg/kubelet/cri/remote/remote_runtime.go (ListPodSandbox error)',
    hit: journal('kubelet', 'E1122 04:10:00.000000 1234 remote_runtime.go:277] "ListPodSandbox with filter from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" filter="nil"'),
    miss: log('logs/journal/kubelet.log', 'journal', twin('kubelet-journal-short-precise.log')),
  },
  {
    rule: 'cni-not-initialized',
    source: 'kubernetes pkg/kubelet/kubelet.go updateRuntimeUp',
    hit: journal('kubelet', 'E1122 04:10:00.000000 1234 kubelet.go:2855] "Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"'),
    miss: journal('containerd', 'time="2026-11-22T04:10:00Z" level=info msg="Start cni network conf syncer for default"'),
  },
  {
    rule: 'sandbox-name-reserved',
    source: 'containerd internal/cri/server/sandbox_run.go ("failed to reserve sandbox name %q")',
    hit: journal('kubelet', `E1122 04:10:00.000000 1234 log.go:32] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to reserve sandbox name \\"web-0_default_7f1c_1\\": name \\"web-0_default_7f1c_1\\" is reserved for \\"${SANDBOX}\\""`),
    miss: journal('kubelet', 'I1122 04:10:00.000000 1234 kuberuntime_manager.go:1100] "Creating PodSandbox for pod" pod="default/web-0"'),
  },
  {
    rule: 'orphaned-pod-volumes',
    source: 'kubernetes pkg/kubelet/kubelet_volumes.go cleanupOrphanedPodDirs',
    hit: journal('kubelet', 'E1122 04:10:00.000000 1234 kubelet_volumes.go:263] "There were many similar errors. Turn up verbosity to see them." err="orphaned pod \\"5d3a7d5e-2f7e-4a59-9a5e-2b4c1f0e9a11\\" found, but volume paths are still present on disk" numErrs=3'),
    miss: journal('kubelet', 'I1122 04:10:00.000000 1234 kubelet_volumes.go:160] "Cleaned up orphaned pod volumes dir" podUID="5d3a7d5e-2f7e-4a59-9a5e-2b4c1f0e9a11" path="/var/lib/kubelet/pods/5d3a7d5e/volumes"'),
  },
  {
    rule: 'cgroup-remove-failed',
    source: 'kubernetes pkg/kubelet/cm/cgroup_manager_linux.go / opencontainers/cgroups RemovePath',
    hit: journal('kubelet', 'W1122 04:10:00.000000 1234 cgroup_manager_linux.go:300] "Failed to remove cgroup (will retry)" error="rmdir /sys/fs/cgroup/memory/kubepods/besteffort/pod5d3a7d5e: device or resource busy"'),
    miss: journal('kubelet', 'I1122 04:10:00.000000 1234 kubelet.go:2400] "SyncLoop REMOVE" source="api" pods=["default/web-0"]'),
  },
  {
    rule: 'cgroup-driver-mismatch',
    source: 'kubernetes pkg/kubelet/dockershim (misconfiguration check)',
    hit: journal('kubelet', 'F1122 04:10:00.000000 1234 server.go:271] failed to run Kubelet: misconfiguration: kubelet cgroup driver: "cgroupfs" is different from docker cgroup driver: "systemd"'),
    miss: journal('kubelet', 'I1122 04:10:00.000000 1234 server.go:700] "Using cgroup driver setting received from the CRI runtime" cgroupDriver="systemd"'),
  },
  {
    rule: 'cgroup-v1-maintenance',
    source: 'kubernetes cmd/kubelet/app/server.go (cgroup v1 warning)',
    hit: journal('kubelet', 'W1122 04:10:00.000000 1234 server.go:600] "Cgroup v1 support is in maintenance mode, please migrate to Cgroup v2."'),
    miss: journal('kubelet', 'I1122 04:10:00.000000 1234 server.go:600] "Detected cgroup v2 unified hierarchy"'),
  },
  {
    rule: 'crashloop-backoff',
    source: 'kubelet journal of pod_workers.go lines (test/fixtures/logs/make-twins.mjs)',
    hit: log('logs/journal/kubelet.log', 'journal', twin('kubelet-journal-short-precise.log')),
    miss: log('logs/journal/kubelet.log', 'journal', twin('kubelet-journal-short-precise.log').split('\n').filter((l) => !l.includes('CrashLoopBackOff')).join('\n')),
  },
  {
    rule: 'image-pull-failures',
    source: 'kubernetes pkg/kubelet/cri/remote/remote_image.go PullImage error',
    hit: journal('kubelet', 'E1122 04:10:00.000000 1234 log.go:32] "PullImage from image service failed" err="rpc error: code = NotFound desc = failed to pull and unpack image \\"registry.local/app:v2\\": not found" image="registry.local/app:v2"'),
    miss: journal('kubelet', 'I1122 04:10:00.000000 1234 kuberuntime_image.go:60] "Container image already present on machine" image="registry.local/app:v2"'),
  },
  {
    rule: 'client-side-throttling',
    source: 'kubernetes staging/src/k8s.io/client-go/rest/request.go tryThrottle',
    hit: journal('kubelet', 'I1122 04:10:00.000000 1234 request.go:697] Waited for 1.190s due to client-side throttling, not priority and fairness, request: GET:https://10.0.0.1:6443/api/v1/nodes/node-1'),
    miss: journal('kubelet', 'I1122 04:10:00.000000 1234 shared_informer.go:320] Waiting for caches to sync for node config'),
  },
  {
    rule: 'kube-proxy-mode-fallback',
    source: 'kubernetes cmd/kube-proxy/app/server_others.go',
    hit: podLog('kube-system', 'kube-proxy-x1', 'kube-proxy', 'E1122 04:10:00.000000 1 server_others.go:200] "Can\'t use the IPVS proxier" err="IPVS proxier will not be used because the following required kernel modules are not loaded: [ip_vs_sh]"'),
    miss: podLog('kube-system', 'kube-proxy-x1', 'kube-proxy', 'I1122 04:10:00.000000 1 server_others.go:269] "Using ipvs Proxier"'),
  },
  {
    rule: 'too-many-open-files',
    source: 'kubernetes pkg/kubelet (fsnotify watcher error, golang.org/x/sys EMFILE text)',
    hit: journal('kubelet', 'E1122 04:10:00.000000 1234 manager.go:300] "Failed to start watching" err="inotify_init: too many open files"'),
    miss: journal('kubelet', 'E1122 04:10:00.000000 1234 manager.go:300] "Failed to accept" err="accept4: too many open files in system"'),
  },
  {
    rule: 'inotify-watches-exhausted',
    source: 'fsnotify inotify_add_watch ENOSPC as logged by cadvisor',
    hit: journal('kubelet', 'E1122 04:10:00.000000 1234 raw.go:146] Failed to watch directory "/sys/fs/cgroup/memory/kubepods": inotify_add_watch /sys/fs/cgroup/memory/kubepods/pod1: no space left on device'),
    miss: journal('kubelet', 'E1122 04:10:00.000000 1234 log.go:32] write /var/log/pods/x/0.log: no space left on device'),
  },
  {
    rule: 'rancher-agent-cannot-reach-server',
    source: 'rancher package/run.sh (cattle-cluster-agent ping check)',
    hit: podLog('cattle-system', 'cattle-cluster-agent-7d9', 'cluster-register', 'ERROR: https://rancher.example.cn/ping is not accessible (Could not resolve host: rancher.example.cn)'),
    miss: podLog('cattle-system', 'cattle-cluster-agent-7d9', 'cluster-register', 'INFO: https://rancher.example.cn/ping is accessible'),
  },
  {
    rule: 'coredns-loop',
    source: 'coredns plugin/loop message format, [FATAL] as logged',
    hit: podLog('kube-system', 'coredns-5d78c9869d-abcde', 'coredns', `[FATAL] ${twin('coredns-loop-fatal.txt').trim()}`),
    miss: log('logs/pods/kube-system_coredns-b96499967-tncf4_x/coredns/0.log', 'cri-log', twin('coredns-k3s-style.log')),
  },
  {
    rule: 'coredns-upstream-timeout',
    source: 'coredns plugin/errors message and consolidate summary formats',
    hit: log('logs/pods/kube-system_coredns-1_x/coredns/0.log', 'cri-log', twin('coredns-errors-consolidate.txt')),
    miss: log('logs/pods/kube-system_coredns-b96499967-tncf4_x/coredns/0.log', 'cri-log', twin('coredns-k3s-style.log')),
  },
  {
    rule: 'clock-skew',
    source: 'etcd server/etcdserver/api/rafthttp/probing_status.go (zap "prober found high clock drift")',
    hit: podLog('kube-system', 'etcd-node-1', 'etcd', '{"level":"warn","ts":"2026-11-22T04:10:00.000Z","caller":"rafthttp/probing_status.go:82","msg":"prober found high clock drift","round-tripper-name":"ROUND_TRIPPER_SNAPSHOT","remote-peer-id":"8e9e05c52164694d","clock-drift":"1.8s","rtt":"2.1ms"}'),
    miss: podLog('kube-system', 'etcd-node-1', 'etcd', '{"level":"warn","ts":"2026-11-22T04:10:00.000Z","caller":"rafthttp/probing_status.go:68","msg":"prober detected unhealthy status","round-tripper-name":"ROUND_TRIPPER_SNAPSHOT","remote-peer-id":"8e9e05c52164694d","rtt":"0s"}'),
  },
  {
    rule: 'apiserver-tls-handshake-errors',
    source: 'Go net/http server.go ("http: TLS handshake error from %s: %v")',
    hit: podLog('kube-system', 'kube-apiserver-node-1', 'kube-apiserver', 'I1122 04:10:00.000000 1 log.go:245] http: TLS handshake error from 10.0.0.7:51234: remote error: tls: bad certificate'),
    miss: podLog('kube-system', 'kube-apiserver-node-1', 'kube-apiserver', 'I1122 04:10:00.000000 1 log.go:245] http: TLS handshake error from 10.0.0.2:40100: EOF'),
  },
  {
    rule: 'etcd-slow-apply',
    source: 'etcd server/etcdserver/util.go warnOfExpensiveRequest',
    hit: podLog('kube-system', 'etcd-node-1', 'etcd', '{"level":"warn","ts":"2026-11-22T04:10:00.000Z","caller":"etcdserver/util.go:163","msg":"apply request took too long","took":"1.204s","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"/registry/pods/\\" ","response":"range_response_count:0 size:6"}'),
    miss: podLog('kube-system', 'etcd-node-1', 'etcd', '{"level":"info","ts":"2026-11-22T04:10:00.000Z","caller":"mvcc/kvstore_compaction.go:57","msg":"finished scheduled compaction","compact-revision":1200,"took":"1.2ms"}'),
  },
  {
    rule: 'etcd-slow-apply',
    source: 'etcd 3.4 etcdserver/util.go warnOfExpensiveGenericRequest, capnslog (3.4\'s default logger): "%srequest %q with result %q took too long (%v) to execute", the format string as in /usr/bin/etcd 3.4.23; a write has no "read-only range " prefix',
    hit: podLog('kube-system', 'etcd-node-1', 'etcd', '2026-11-22 04:10:00.123456 W | etcdserver: request "header:<ID:7587862921870283525 username:\"kube-apiserver-etcd-client\" auth_revision:1 > txn:<compare:<target:MOD key:\"/registry/leases/kube-node-lease/node-1\" mod_revision:1204 > success:<request_put:<key:\"/registry/leases/kube-node-lease/node-1\" value_size:542 >> failure:<>>" with result "size:18" took too long (1.203379207s) to execute'),
    miss: podLog('kube-system', 'etcd-node-1', 'etcd', '2026-11-22 04:10:00.123456 I | mvcc: finished scheduled compaction at 1200 (took 1.2ms)'),
  },
  {
    rule: 'etcd-slow-disk',
    source: 'etcd server/storage/wal/wal.go sync ("slow fdatasync")',
    hit: podLog('kube-system', 'etcd-node-1', 'etcd', '{"level":"warn","ts":"2026-11-22T04:10:00.000Z","caller":"wal/wal.go:802","msg":"slow fdatasync","took":"1.6s","expected-duration":"1s"}'),
    miss: podLog('kube-system', 'etcd-node-1', 'etcd', '{"level":"info","ts":"2026-11-22T04:10:00.000Z","caller":"etcdserver/server.go:2400","msg":"saved snapshot","snapshot-index":10001}'),
  },
];

describe('component log signatures', () => {
  for (const c of cases) {
    it(`${c.rule} fires, quoting the line (${c.source})`, () => {
      const found = findingsOf(c.rule, [c.hit]);
      expect(found.length).toBeGreaterThan(0);
      const e = found[0]?.evidence[0];
      expect(e?.artifact).toBe(c.hit.path);
      const lines = String(c.hit.data).split('\n');
      expect(lines[(e?.line ?? 0) - 1]).toBe(e?.text);
    });
    it(`${c.rule} does not fire on a near miss`, () => {
      expect(findingsOf(c.rule, [c.miss])).toEqual([]);
    });
  }
});

describe('container-kill-failed (dockerd lines of the unstoppable container, seed 002)', () => {
  const docker = (...msgs: string[]) => journal('docker', ...msgs.map((m) => `time="2021-06-10T16:09:15.458629778+08:00" level=info msg="${m}"`));
  it('warns when SIGKILL repeatedly fails for the same container', () => {
    const [f, other, ...rest] = findingsOf('container-kill-failed', [docker(
      'Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL',
      'Container 10f0451e1345f5028f636e2b09c9f8204e55a01f5f09f2e57de3c17d3f93f492 failed to exit within 30 seconds of signal 15 - using the force',
      'Container 10f0451e1345 failed to exit within 10 seconds of kill - trying direct SIGKILL',
    )]);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toContain('10f0451e1345 survived SIGKILL 2 times');
    expect(f?.evidence.map((e) => e.line)).toEqual([1, 3]);
    expect(other).toMatchObject({ severity: 'info', summary: '1 container ignored SIGTERM and had to be killed (1 line in logs/journal/docker.log).' });
  });
  it('only informs when the application merely ignored SIGTERM', () => {
    const [f] = findingsOf('container-kill-failed', [docker('Container 4b1f00aa11bb failed to exit within 10 seconds of signal 15 - using the force')]);
    expect(f?.severity).toBe('info');
  });
});

describe('cert-expiring (client-go util/certificate/certificate_manager.go "Certificate expiration is %v, rotation deadline is %v")', () => {
  const line = (notAfter: string) => journal('kubelet', `I1122 04:10:00.000000 1234 certificate_manager.go:356] kubernetes.io/kube-apiserver-client-kubelet: Certificate expiration is ${notAfter}, rotation deadline is 2026-11-20 03:12:44.123 +0000 UTC`);
  it('warns when the kubelet certificate expires within 30 days of collection', () => {
    const [f] = findingsOf('cert-expiring', [line('2026-12-01 10:00:00 +0000 UTC')], { collectedAt: '2026-11-22T05:00:00.000Z' });
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toContain('9 days after');
  });
  it('is critical for an expired certificate (Go crypto/x509 "certificate has expired or is not yet valid")', () => {
    const [f] = findingsOf('cert-expiring', [journal('kubelet', 'E1122 04:10:00.000000 1234 reflector.go:150] Get "https://10.0.0.1:6443/api/v1/nodes": x509: certificate has expired or is not yet valid: current time 2026-11-22T04:10:00Z is after 2026-11-01T00:00:00Z')]);
    expect(f?.severity).toBe('critical');
  });
  it('does not fire for a certificate valid for a year', () => {
    expect(findingsOf('cert-expiring', [line('2027-11-01 10:00:00 +0000 UTC')], { collectedAt: '2026-11-22T05:00:00.000Z' })).toEqual([]);
  });
  it('a "not yet valid" certificate is clock skew, not expiry', () => {
    const f = [journal('kubelet', 'E1122 04:10:00.000000 1234 reflector.go:150] x509: certificate has expired or is not yet valid: current time 2026-11-22T04:10:00Z is before 2026-11-23T00:00:00Z')];
    expect(findingsOf('cert-expiring', f)).toEqual([]);
    expect(findingsOf('clock-skew', f)).toHaveLength(1);
  });
});

describe('clock-skew from the node facts (timedatectl "System clock synchronized: no", as node/timezone.txt holds it)', () => {
  const tz = { path: 'node/timezone.txt', kind: 'timezone', data: 'UTC\n               Local time: Sun 2026-11-22 05:00:00 UTC\n System clock synchronized: no\n              NTP service: inactive\n' };
  it('informs when the node says its clock is not synchronised', () => {
    const [f] = findingsOf('clock-skew', [tz], { clockSynced: 'false' });
    expect(f?.severity).toBe('info');
    expect(f?.evidence[0]).toMatchObject({ artifact: 'node/timezone.txt', line: 3 });
  });
  it('says nothing for a synchronised clock', () => {
    expect(findingsOf('clock-skew', [tz], { clockSynced: 'true' })).toEqual([]);
  });
});

describe('conditions that stopped are only info', () => {
  const notReady = 'E1122 04:10:00.000000 1234 kubelet.go:2855] "Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"';
  const later = (n: number) => Array.from({ length: n }, () => 'I1122 04:20:00.000000 1234 kubelet.go:2400] "SyncLoop (PLEG): event for pod" pod="kube-system/calico-node-x7k2p"');
  it('the pod network not ready at kubelet start, then 10 minutes of normal log, is info', () => {
    const [f] = findingsOf('cni-not-initialized', [journal('kubelet', notReady, notReady, ...later(10))]);
    expect(f?.severity).toBe('info');
    // Said once: the rule decides it log by log, and logRule's own "It stopped" is not added to it.
    expect(f?.summary).toBe('2 lines in logs/journal/kubelet.log report the pod network not ready. It stopped in every log: last seen 10 min or more before each log ends.');
    expect(f?.why?.ruledOut).toEqual([]);
  });
  it('still not ready at the end of the log is a warning', () => {
    expect(findingsOf('cni-not-initialized', [journal('kubelet', ...later(3), notReady, notReady)])[0]?.severity).toBe('warning');
  });
  it('a must-gather\'s kubelet that stopped saying it 3 min before its log ends (lines every few seconds before) is info, and says why only once', () => {
    const atStart = Array.from({ length: 20 }, (_, i) => `2026-11-22T04:10:${String(i * 2).padStart(2, '0')}.000000+00:00 node-1 kubelet[1234]: ${notReady}`);
    const after = Array.from({ length: 3 }, (_, i) => `2026-11-22T04:${11 + i}:00.000000+00:00 node-1 kubelet[1234]: ${later(1)[0]}`);
    const [f] = findingsOf('cni-not-initialized', [log('logs/journal/kubelet.log', 'journal', [...atStart, ...after].join('\n'))]);
    expect(f?.severity).toBe('info');
    expect(f?.summary).toContain('It stopped in every log');
    expect(f?.why?.ruledOut.join(' ')).not.toMatch(/not over/);
  });
});

describe('a log full of one message (the foundation benchmark\'s dockerd lines, each with another container id)', () => {
  it('stays a handful of findings: one for all the containers that ignored SIGTERM', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `time="2026-11-22T04:10:00Z" level=info msg="Container ${(0x100000000000 + i * 7919).toString(16)} failed to exit within 10 seconds of signal 15 - using the force"`);
    const found = findingsOf('container-kill-failed', [journal('docker', ...lines)]);
    expect(found).toHaveLength(1);
    expect(found[0]?.summary).toBe('3000 containers ignored SIGTERM and had to be killed (3000 lines in logs/journal/docker.log).');
    expect(found[0]?.evidence).toHaveLength(5);
  });
  it('reports at most 10 findings per rule, the last counting the rest', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `time="2026-11-22T04:10:00Z" level=info msg="Container ${(0x100000000000 + i).toString(16)} failed to exit within 10 seconds of kill - trying direct SIGKILL"`);
    const found = findingsOf('container-kill-failed', [journal('docker', ...lines, ...lines)]);
    expect(found).toHaveLength(10);
    expect(found.at(-1)?.summary).toBe('21 more like these, each seen in the logs (one line of each of the first 5 quoted).');
    expect(found.at(-1)?.severity).toBe('warning');
  });
});

describe('container-kill-failed, newer dockerd format (moby daemon/stop.go: msg with a container= field)', () => {
  it('groups by the container field', () => {
    const line = 'time="2026-11-22T04:10:00Z" level=info msg="Container failed to exit within 10s of kill - trying direct SIGKILL" container=4b1f00aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc error="context deadline exceeded"';
    const [f] = findingsOf('container-kill-failed', [journal('docker', line, line)]);
    expect(f?.summary).toBe('Container 4b1f00aa11bb survived SIGKILL 2 times: its processes are stuck in the kernel.');
  });
});

// The same rules on the real third-party samples of ../shared (skipped without the share).
describe.skipIf(!hasSharedFixtures)('component-log rules on real samples of ../shared', () => {
  const kubelet = () => readSharedText('kubelet-journal/openshift-kubenswrapper-journal-50lines.log');
  const k3d = () => log('logs/pods/kube-system_coredns-b96499967-tncf4_x/coredns/0.log', 'cri-log', readSharedText('coredns/troubleshoot-k3d-coredns.log'));
  it('runtime-rpc-deadline-exceeded stays quiet on the OpenShift kubelet journal', () => {
    expect(findingsOf('runtime-rpc-deadline-exceeded', [log('logs/journal/kubelet.log', 'journal', kubelet())])).toEqual([]);
  });
  it('crashloop-backoff fires on the OpenShift kubelet journal, and not without its CrashLoopBackOff lines', () => {
    const hit = log('logs/journal/kubelet.log', 'journal', kubelet());
    const [f] = findingsOf('crashloop-backoff', [hit]);
    expect(String(hit.data).split('\n')[(f?.evidence[0]?.line ?? 0) - 1]).toBe(f?.evidence[0]?.text);
    const miss = log('logs/journal/kubelet.log', 'journal', kubelet().split('\n').filter((l) => !l.includes('CrashLoopBackOff')).join('\n'));
    expect(findingsOf('crashloop-backoff', [miss])).toEqual([]);
  });
  it('coredns-loop fires on the plugin/loop README example, coredns-upstream-timeout on the plugin/errors one; neither on the k3d log', () => {
    const loop = podLog('kube-system', 'coredns-5d78c9869d-abcde', 'coredns', `[FATAL] ${readSharedText('coredns/coredns-loop-readme-fatal-example.txt').trim()}`);
    expect(findingsOf('coredns-loop', [loop])).toHaveLength(1);
    const errors = log('logs/pods/kube-system_coredns-1_x/coredns/0.log', 'cri-log', readSharedText('coredns/coredns-errors-readme-consolidate-example.txt'));
    expect(findingsOf('coredns-upstream-timeout', [errors]).length).toBeGreaterThan(0);
    expect(findingsOf('coredns-loop', [k3d()])).toEqual([]);
    expect(findingsOf('coredns-upstream-timeout', [k3d()])).toEqual([]);
  });
});
