import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { demoFile, findingsOf, fixture, journal, made, podLog } from '../../../../test/cases/harness';
import { hasSharedFixtures, k3dBundleText, readSharedText } from '../../../../test/support/shared-fixtures';
import { procTree } from '../../../../test/cases/machine';
import { cpuProfile } from '../../../../test/cases/cpu-profile';
import type { StoredFile } from '../../../../test/cases/store-bundle';
import { BundleView } from '../view';

const bytes = (name: string) => fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/rules', name));

/** kubeadm's default Corefile (kubernetes cmd/kubeadm/app/phases/addons/dns manifests.go). */
const KUBEADM_COREFILE = '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n';
const corefile = (text = KUBEADM_COREFILE): StoredFile => ({ path: 'dns/Corefile', kind: 'corefile', data: text });
const resolv = (path: string, text: string): StoredFile => ({ path, kind: 'resolv-conf', data: text });
/** systemd-resolved's stub resolv.conf (as it writes /run/systemd/resolve/stub-resolv.conf). */
const STUB = 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n';

describe('coredns-forward-to-local-stub', () => {
  it('fires when "forward . /etc/resolv.conf" meets a node resolv.conf on 127.0.0.53', () => {
    const [f] = findingsOf('coredns-forward-to-local-stub', [corefile(), resolv('etc/resolv.conf', STUB)]);
    expect(f?.evidence.map((e) => [e.artifact, e.line, e.text])).toEqual([
      ['dns/Corefile', 9, '    forward . /etc/resolv.conf'],
      ['etc/resolv.conf', 1, 'nameserver 127.0.0.53'],
    ]);
  });
  it('uses the kubelet\'s resolvConf when collected: the real upstreams there mean no loop', () => {
    expect(findingsOf('coredns-forward-to-local-stub', [corefile(), resolv('etc/resolv.conf', STUB), resolv('dns/kubelet-resolv.conf', 'nameserver 10.0.0.2\nnameserver 10.0.0.3\n')])).toEqual([]);
  });
  it('does not fire with a real upstream in resolv.conf', () => {
    expect(findingsOf('coredns-forward-to-local-stub', [corefile(), resolv('etc/resolv.conf', 'nameserver 10.0.0.2\n')])).toEqual([]);
  });
});

describe('coredns-hosts-no-fallthrough (field case 1: the fix added hosts { ... fallthrough })', () => {
  const withHosts = (inner: string) => KUBEADM_COREFILE.replace('    prometheus :9153\n', `    hosts {\n        10.20.30.40 harbor.xxxx.cn\n${inner}    }\n    prometheus :9153\n`);
  it('fires on a hosts block without fallthrough', () => {
    const [f] = findingsOf('coredns-hosts-no-fallthrough', [corefile(withHosts(''))]);
    expect(f?.evidence[0]).toMatchObject({ artifact: 'dns/Corefile', line: 8, text: '    hosts {' });
  });
  it('does not fire when the block falls through', () => {
    expect(findingsOf('coredns-hosts-no-fallthrough', [corefile(withHosts('        fallthrough\n'))])).toEqual([]);
  });
  it('splits the Corefile into lines as often for 300 hosts blocks as for 10 (it once split it for each block it quoted)', () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => `zone${i}.example:53 {\n    hosts {\n        10.0.0.${i % 250} h${i}.zone${i}.example\n    }\n}\n`).join('');
    const splitsOf = (text: string): number => {
      const split = vi.spyOn(String.prototype, 'split');
      try {
        expect(findingsOf('coredns-hosts-no-fallthrough', [corefile(text)]).length).toBeGreaterThan(0);
        return split.mock.contexts.filter((c) => String(c) === text).length;
      } finally {
        split.mockRestore();
      }
    };
    expect(splitsOf(blocks(300))).toBe(splitsOf(blocks(10)));
  });
});

describe('hosts-entry-not-in-coredns', () => {
  const hosts: StoredFile = { path: 'etc/hosts', kind: 'hosts', data: '127.0.0.1 localhost\n10.20.30.40 harbor.xxxx.cn\n' };
  it('does not fire when CoreDNS has the name in a hosts block', () => {
    const withEntry = KUBEADM_COREFILE.replace('    prometheus :9153\n', '    hosts {\n        10.20.30.40 harbor.xxxx.cn\n        fallthrough\n    }\n    prometheus :9153\n');
    expect(findingsOf('hosts-entry-not-in-coredns', [corefile(withEntry), hosts])).toEqual([]);
  });
  it('does not fire without a Corefile (nothing to compare with)', () => {
    expect(findingsOf('hosts-entry-not-in-coredns', [hosts])).toEqual([]);
  });
});

describe('iptables-backend-mixed (kube-proxy-shaped ruleset loaded with both iptables-restore backends, real iptables 1.8.9)', () => {
  const nft: StoredFile = { path: 'network/iptables-nft-save.txt', kind: 'iptables-save', data: made('network/kube-proxy-demo.iptables-save-nft.txt') };
  const legacy: StoredFile = { path: 'network/iptables-legacy-save.txt', kind: 'iptables-save', data: made('network/kube-proxy-demo.iptables-save-legacy.txt') };
  it('fires when KUBE- chains are in both backends', () => {
    const [f] = findingsOf('iptables-backend-mixed', [nft, legacy]);
    expect(f?.summary).toContain('Kubernetes/CNI chains exist in both backends');
    expect(f?.evidence.map((e) => [e.artifact, e.line])).toEqual([['network/iptables-legacy-save.txt', 1], ['network/iptables-nft-save.txt', 1]]);
  });
  it('fires on iptables-nft-save\'s own warning that legacy tables are present', () => {
    const warned = String(nft.data).replace(/^(# Generated by .*\n)/, '$1# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n');
    expect(findingsOf('iptables-backend-mixed', [{ ...nft, data: warned }])[0]?.evidence[0]?.line).toBe(2);
  });
  it('does not fire with one backend', () => {
    expect(findingsOf('iptables-backend-mixed', [nft])).toEqual([]);
  });
  it('tells a dump has Kubernetes chains from its first: a one-backend dump of 9,000 service chains costs what one of 90 does', () => {
    const dump = (n: number): StoredFile => ({
      path: 'network/iptables-save.txt',
      kind: 'iptables-save',
      data: [
        '# Generated by iptables-save v1.8.9 (nf_tables) on Thu Nov  5 10:00:00 2026',
        '*nat',
        ':PREROUTING ACCEPT [0:0]',
        ...Array.from({ length: n }, (_, i) => `:KUBE-SVC-${String(i).padStart(16, '0')} - [0:0]`),
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        ...Array.from({ length: n }, (_, i) => `-A KUBE-SVC-${String(i).padStart(16, '0')} -j KUBE-SEP-${String(i).padStart(16, '0')}`),
        'COMMIT',
        '',
      ].join('\n'),
    });
    const chainTests = (file: StoredFile): number => {
      const test = vi.spyOn(RegExp.prototype, 'test');
      try {
        expect(findingsOf('iptables-backend-mixed', [file])).toEqual([]);
        return test.mock.contexts.filter((re) => re instanceof RegExp && re.source.startsWith('^(KUBE-|cali-')).length;
      } finally {
        test.mockRestore();
      }
    };
    expect(chainTests(dump(9000))).toBe(chainTests(dump(90)));
  });
});

describe('iptables-rule-explosion', () => {
  const nft = made('network/kube-proxy-demo.iptables-save-nft.txt');
  it('fires on a rule repeated many times (a component re-adding it in a loop)', () => {
    const dup = '[0:0] -A INPUT -p tcp -m tcp --dport 10250 -m comment --comment "kubelet API" -j ACCEPT\n';
    const text = nft.replace(/^COMMIT\n/m, `${dup.repeat(12)}COMMIT\n`);
    const [f] = findingsOf('iptables-rule-explosion', [{ path: 'network/iptables-save.txt', kind: 'iptables-save', data: text }]);
    expect(f?.summary).toContain('one rule is repeated 12 times');
    const firstLine = text.split('\n').indexOf(dup.trimEnd()) + 1;
    expect(f?.evidence.find((e) => e.note === 'first of 12 identical rules')).toMatchObject({ line: firstLine, text: dup.trimEnd() });
  });
  it('names the first written of two rules repeated as often, as its evidence', () => {
    const a = '[0:0] -A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n';
    const b = '[0:0] -A INPUT -p tcp -m tcp --dport 10255 -j ACCEPT\n';
    const text = nft.replace(/^COMMIT\n/m, `${b}${a.repeat(12)}${b.repeat(11)}COMMIT\n`);
    const [f] = findingsOf('iptables-rule-explosion', [{ path: 'network/iptables-save.txt', kind: 'iptables-save', data: text }]);
    expect(f?.evidence.find((e) => e.note === 'first of 12 identical rules')?.text).toBe(b.trimEnd());
  });
  it('does not fire on a kube-proxy ruleset saved by iptables-save', () => {
    expect(findingsOf('iptables-rule-explosion', [{ path: 'network/iptables-save.txt', kind: 'iptables-save', data: nft }])).toEqual([]);
  });
  /** A dump of `services` kube-proxy Services (5 rules each), after `before` lines of comments. */
  const manyServices = (services: number, before = 0): StoredFile => ({
    path: 'network/iptables-save.txt',
    kind: 'iptables-save',
    data: [
      ...Array.from({ length: before }, (_, i) => `# note ${i} ${'x'.repeat(60)}`),
      '# Generated by iptables-save v1.8.9 (nf_tables) on Thu Nov  5 10:00:00 2026',
      '*nat',
      ':KUBE-SERVICES - [0:0]',
      ...Array.from({ length: services }, (_, i) => {
        const svc = `KUBE-SVC-${String(i).padStart(16, '0')}`;
        const sep = `KUBE-SEP-${String(i).padStart(16, '0')}`;
        const ip = `10.96.${i >> 8}.${i & 255}`;
        return [`:${svc} - [0:0]`, `:${sep} - [0:0]`, `-A KUBE-SERVICES -d ${ip}/32 -p tcp -j ${svc}`, `-A ${svc} ! -s 10.244.0.0/16 -d ${ip}/32 -j KUBE-MARK-MASQ`, `-A ${svc} -j ${sep}`, `-A ${sep} -j KUBE-MARK-MASQ`, `-A ${sep} -p tcp -j DNAT --to-destination 10.244.1.${i & 255}:8080`].join('\n');
      }),
      'COMMIT',
      '',
    ].join('\n'),
  });
  it('quotes the header of a 25,000-rule dump from its head, without splitting the whole dump into lines', () => {
    const lines = vi.spyOn(BundleView.prototype, 'lines');
    try {
      const [f] = findingsOf('iptables-rule-explosion', [manyServices(5000)]);
      expect(f?.summary).toBe('network/iptables-save.txt has 25000 rules.');
      expect(f?.evidence[0]).toMatchObject({ line: 1, text: '# Generated by iptables-save v1.8.9 (nf_tables) on Thu Nov  5 10:00:00 2026', note: '25000 rules' });
      expect(lines).not.toHaveBeenCalled();
    } finally {
      lines.mockRestore();
    }
  });
  it('says how much of a dump larger than it reads it counted (a 450 MB iptables-save is read to 8 MiB)', () => {
    const dump = manyServices(30000);
    expect(dump.data.length).toBeGreaterThan(8 * 2 ** 20);
    const [f] = findingsOf('iptables-rule-explosion', [dump]);
    expect(f?.summary).toMatch(/^network\/iptables-save\.txt has at least \d+ rules in the first 8\.0 MiB of 12 MiB \(the rest was not read\)\.$/);
  });
  it('finds a header written after the head (70 KB of comments first) at its own line', () => {
    const [f] = findingsOf('iptables-rule-explosion', [manyServices(5000, 1100)]);
    expect(f?.evidence[0]).toMatchObject({ line: 1101, text: '# Generated by iptables-save v1.8.9 (nf_tables) on Thu Nov  5 10:00:00 2026' });
  });
  it.skipIf(!hasSharedFixtures)('does not fire on the real kube-proxy ruleset (kubernetes proxier test, ../shared)', () => {
    const real = readSharedText('iptables-ipvs/kube-proxy-ruleset.iptables-save-nft.txt');
    expect(findingsOf('iptables-rule-explosion', [{ path: 'network/iptables-save.txt', kind: 'iptables-save', data: real }])).toEqual([]);
  });
});

describe('replicaset-history-bloat near miss', () => {
  it('does not fire on the demo node\'s Deployments and ReplicaSets (limit 10 each)', () => {
    expect(findingsOf('replicaset-history-bloat', [
      { path: 'k8s/deployments.json', kind: 'k8s-deployments', data: demoFile('k8s/deployments.json') },
      { path: 'k8s/replicasets.json', kind: 'k8s-replicasets', data: demoFile('k8s/replicasets.json') },
    ])).toEqual([]);
  });
  it.skipIf(!hasSharedFixtures)('does not fire on the real k3d kube-system Deployments and ReplicaSets (troubleshoot v0.50 bundle of ../shared)', () => {
    expect(findingsOf('replicaset-history-bloat', [
      { path: 'k8s/deployments.json', kind: 'k8s-deployments', data: k3dBundleText('cluster-resources/deployments/kube-system.json') },
      { path: 'k8s/replicasets.json', kind: 'k8s-replicasets', data: k3dBundleText('cluster-resources/replicasets/kube-system.json') },
    ])).toEqual([]);
  });
});

describe('node-not-ready (kubectl get nodes -o json; node lifecycle controller sets Unknown)', () => {
  const node = (ready: object) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { conditions: [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
    { type: 'Ready', ...ready },
  ], nodeInfo: { kubeletVersion: 'v1.29.3' } } }] }, null, 4);
  it('fires when the node\'s Ready condition is Unknown', () => {
    const [f] = findingsOf('node-not-ready', [{ path: 'k8s/nodes.json', kind: 'k8s-nodes', data: node({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }) }]);
    expect(f?.summary).toContain('Ready=Unknown (NodeStatusUnknown: Kubelet stopped posting node status.)');
    expect(f?.severity).toBe('critical');
  });
  it('does not fire on a Ready node', () => {
    expect(findingsOf('node-not-ready', [{ path: 'k8s/nodes.json', kind: 'k8s-nodes', data: node({ status: 'True', reason: 'KubeletReady' }) }])).toEqual([]);
  });
});

describe('profile-hotspot on real etcd 3.4.23 profiles (made here with --enable-pprof)', () => {
  it('names the JSON gateway marshalling that dominates etcd under range load, at info: 0.28 CPUs is its normal work', () => {
    const [f] = findingsOf('profile-hotspot', [{ path: 'pprof/etcd/cpu.pb.gz', kind: 'pprof', data: bytes('etcd-cpu-put-range.pb.gz') }]);
    expect(f?.summary).toBe('CPU profile of etcd: github.com/golang/protobuf/jsonpb.(*Marshaler).Marshal and its callees hold 68.5%. etcd used 0.28 CPUs over the profile: its normal work, not a hot spot.');
    expect(f?.severity).toBe('info');
  });
  it('does not fire on the put workload (time spread, most of it in write syscalls) nor on the small heap', () => {
    expect(findingsOf('profile-hotspot', [
      { path: 'pprof/etcd/cpu.pb.gz', kind: 'pprof', data: bytes('etcd-cpu-put.pb.gz') },
      { path: 'pprof/etcd/heap.pb.gz', kind: 'pprof', data: bytes('etcd-heap.pb.gz') },
    ])).toEqual([]);
  });
});

describe('goroutine-explosion', () => {
  it('does not fire on the kubelet dump of field case 8 (2814 goroutines, under the kubelet\'s 5000)', () => {
    const dump = fixture('kubelet-1.12-pleg-debug2.txt');
    expect(findingsOf('goroutine-explosion', [{ path: 'pprof/kubelet/goroutine-debug2.txt', kind: 'goroutine-dump', data: dump }])).toEqual([]);
  });
  it('fires when a debug=1 dump states a total above the component\'s normal (runtime/pprof printCountProfile header)', () => {
    const stack = '#\t0x44c1f5\tk8s.io/kubernetes/vendor/k8s.io/client-go/tools/cache.(*Reflector).watchHandler+0x1f5\t/src/reflector.go:300\n';
    const dump = `goroutine profile: total 6100\n6000 @ 0x43a4e5 0x44c1f6\n${stack}\n100 @ 0x43a4e5\n#\t0x43a4e4\tmain.main+0x4\t/src/main.go:10\n\n`;
    const [f] = findingsOf('goroutine-explosion', [{ path: 'pprof/kubelet/goroutine-debug1.txt', kind: 'goroutine-dump', data: dump }]);
    expect(f?.summary).toBe('kubelet has 6100 goroutines (more than 5000); the largest group, 6000, waits in k8s.io/kubernetes/vendor/k8s.io/client-go/tools/cache.(*Reflector).watchHandler.');
    expect(f?.evidence[0]).toMatchObject({ line: 1, text: 'goroutine profile: total 6100' });
  });
  it('fires on a debug=2 dump of 20 MiB from its first 16 MiB, and says the count is a floor', () => {
    const goroutine = (i: number) => `goroutine ${i} [select, 12 minutes]:\nk8s.io/client-go/tools/cache.(*Reflector).watchHandler(0xc0001)\n\t/src/reflector.go:300 +0x1f5\n\n`;
    const records = Array.from({ length: Math.ceil((20 * 2 ** 20) / goroutine(1).length) }, (_, i) => goroutine(i + 1)).join('');
    const [f] = findingsOf('goroutine-explosion', [{ path: 'pprof/kubelet/goroutine-debug2.txt', kind: 'goroutine-dump', data: records }]);
    const read = (f?.summary.match(/^kubelet has at least (\d+) goroutines \(more than 5000\)/) ?? [])[1];
    // Every goroutine of the first 16 MiB (the records are of nearly one size), none past it.
    expect(Number(read)).toBeGreaterThan((16 * 2 ** 20) / goroutine(999_999).length);
    expect(Number(read)).toBeLessThanOrEqual((16 * 2 ** 20) / goroutine(1).length);
    expect(f?.evidence[0]).toMatchObject({ line: 1, text: 'goroutine 1 [select, 12 minutes]:' });
  });
});

describe('pleg-unhealthy', () => {
  const line = 'I1105 09:50:27.583544  548093 kubelet.go:1829] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 58h29m3.043779855s ago; threshold is 3m0s]';
  it('fires on the log line alone and says what it could not check', () => {
    const [f] = findingsOf('pleg-unhealthy', [journal('kubelet', line)]);
    expect(f?.unchecked).toEqual(['kubelet goroutine dump not collected', 'kubelet version unknown']);
  });
  it('says a current kubelet has the fix', () => {
    const [f] = findingsOf('pleg-unhealthy', [journal('kubelet', line)], { kubeletVersion: 'v1.29.3' });
    expect(f?.summary).toContain('kubelet v1.29.3 has the non-blocking PLEG event send');
  });
  it('does not fire on the kubelet\'s normal PLEG lines', () => {
    expect(findingsOf('pleg-unhealthy', [journal('kubelet', 'I1122 04:10:00.000000 1234 generic.go:334] "Generic (PLEG): container finished" podID="x" containerID="y" exitCode=0')])).toEqual([]);
  });
});

describe('zombie-accumulation', () => {
  /** The capture's bash (5830) as the parent of 25 zombies (proc_pid_stat(5): state Z). */
  function withZombies(n: number): StoredFile[] {
    const files = procTree('zap-pid-ns').filter((f) => f.path.startsWith('proc/5830/'));
    for (let i = 0; i < n; i++) {
      const pid = 20000 + i;
      files.push({ path: `proc/${pid}/stat`, kind: 'proc-pid-stat', data: `${pid} (worker) Z 5830 5830 5830 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n` });
      files.push({ path: `proc/${pid}/status`, kind: 'proc-pid-status', data: `Name:\tworker\nState:\tZ (zombie)\nPid:\t${pid}\nPPid:\t5830\n` });
    }
    return files;
  }
  it('fires when 25 zombies share one parent', () => {
    const [f] = findingsOf('zombie-accumulation', withZombies(25));
    expect(f?.summary).toMatch(/^25 zombie processes; 25 belong to .*\(pid 5830\)\.$/);
  });
  it('does not fire on a few zombies', () => {
    expect(findingsOf('zombie-accumulation', withZombies(3))).toEqual([]);
  });
});

describe('podLog helper sanity', () => {
  it('lays pod logs out as the collector does', () => {
    expect(podLog('kube-system', 'coredns-1', 'coredns', 'x').path).toBe('logs/pods/kube-system_coredns-1_0c3a9b1e-1111-2222-3333-444455556666/coredns/0.log');
  });
});

describe('firewall-reject-before-kubernetes (field case 1; REJECT line as in RHEL 7 /etc/sysconfig/iptables, jump as kube-proxy adds it)', () => {
  const REJECT = '[12:720] -A FORWARD -j REJECT --reject-with icmp-host-prohibited\n';
  const JUMP = '[0:0] -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD\n';
  const save = made('network/kube-proxy-demo.iptables-save-nft.txt');
  const withForward = (rules: string) => ({ path: 'network/iptables-save.txt', kind: 'iptables-save', data: save.replace(/^COMMIT\n/m, `${rules}COMMIT\n`) });
  it('fires when the catch-all REJECT comes first', () => {
    const [f] = findingsOf('firewall-reject-before-kubernetes', [withForward(REJECT + JUMP)]);
    expect(f?.summary).toBe('network/iptables-save.txt: FORWARD rule 1 rejects everything before the Kubernetes/CNI rule 2.');
    const at = save.split('\n').indexOf('COMMIT') + 1;
    expect(f?.evidence.map((e) => [e.line, e.text])).toEqual([[at, REJECT.trim()], [at + 1, JUMP.trim()]]);
  });
  it('does not fire when the Kubernetes rules come first', () => {
    expect(findingsOf('firewall-reject-before-kubernetes', [withForward(JUMP + REJECT)])).toEqual([]);
  });
});

describe('go-gc-dominated', () => {
  it('fires when GC workers hold a third of a CPU profile (runtime function names of Go\'s mgc.go)', () => {
    const profile = cpuProfile([
      { frames: ['runtime.goexit', 'runtime.gcBgMarkWorker', 'runtime.gcDrain', 'runtime.scanobject'], ms: 4000 },
      { frames: ['runtime.goexit', 'k8s.io/kubernetes/pkg/kubelet.(*Kubelet).syncLoop', 'runtime.mallocgc', 'runtime.gcAssistAlloc'], ms: 1000 },
      { frames: ['runtime.goexit', 'k8s.io/kubernetes/pkg/kubelet.(*Kubelet).syncLoop'], ms: 5000 },
    ]);
    const [f] = findingsOf('go-gc-dominated', [{ path: 'pprof/kubelet/cpu.pb.gz', kind: 'pprof', data: profile }]);
    expect(f?.summary).toBe('50.0% of kubelet\'s CPU time is garbage collection (runtime.gcBgMarkWorker 40.0%, runtime.gcAssistAlloc 10.0%).');
  });
  it('does not fire on the real etcd profiles', () => {
    expect(findingsOf('go-gc-dominated', [
      { path: 'pprof/etcd/cpu.pb.gz', kind: 'pprof', data: bytes('etcd-cpu-put.pb.gz') },
      { path: 'pprof/etcd2/cpu.pb.gz', kind: 'pprof', data: bytes('etcd-cpu-put-range.pb.gz') },
    ])).toEqual([]);
  });
});
