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
import { FIELD_BUNDLES, NODE, PROXY_PKG, steal, type FieldBundle } from './field-bundles';
import { expectQuotedExactly } from './quotes';

let db: Db | null = null;
afterEach(() => db?.close());

async function diagnoseCase(name: string): Promise<Finding[]> {
  const { files, node }: FieldBundle = (FIELD_BUNDLES[name] as () => FieldBundle)();
  const path = await buildBundle({ node: { ...NODE, ...node } as NodeFacts, collectedAt: '2026-11-22T05:00:00Z', files });
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


describe('field cases', () => {
  it('1. downstream cluster cannot reach Rancher: the name is only in the node\'s /etc/hosts', async () => {
    const findings = await diagnoseCase('case-1-rancher-hosts');
    const agent = only(findings, 'rancher-agent-cannot-reach-server');
    expect(agent.summary).toContain('Could not resolve host');
    expect(agent.evidence[0]?.line).toBe(2);
    const hosts = only(findings, 'hosts-entry-not-in-coredns');
    expect(hosts.summary).toContain('rancher.xxxx.cn, harbor.xxxx.cn');
    expect(hosts.evidence[0]).toMatchObject({ artifact: 'etc/hosts', line: 2, text: '10.20.30.40 rancher.xxxx.cn harbor.xxxx.cn' });
  });

  it('2. apiserver and kubelet burn CPU: the hypervisor steals it', async () => {
    const findings = await diagnoseCase('case-2-cpu-steal');
    const stolen = only(findings, 'cpu-steal-high');
    expect(stolen.severity).toBe('critical');
    expect(stolen.summary).toContain('38.7% of CPU time was stolen by the hypervisor over the 15.5 s between the two /proc/stat samples');
    expect(stolen.evidence.map((e) => e.text)).toEqual([steal(0).split('\n')[0], steal(1).split('\n')[0]]);
  });

  it('3. containers that will not stop: init in zap_pid_ns_processes, s6-sync child stuck in sync()', async () => {
    const findings = await diagnoseCase('case-3-stuck-exit');
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
    const findings = await diagnoseCase('case-4-replicaset-bloat');
    const bloat = only(findings, 'replicaset-history-bloat');
    expect(bloat.severity).toBe('critical');
    expect(bloat.summary).toBe('1500 ReplicaSets for 1 Deployments; 1 Deployment without revisionHistoryLimit. Most: shop/order-api (1499 old). The kube-apiserver heap holds 69.2% of its in-use memory under ReplicaSet code.');
    expect(bloat.evidence.at(-1)).toMatchObject({ artifact: 'pprof/kube-apiserver/heap.pb.gz', text: 'k8s.io/kubernetes/vendor/k8s.io/api/apps/v1.(*ReplicaSet).Unmarshal: cum 69.2% of inuse_space' });
    expect(only(findings, 'profile-hotspot').summary).toContain('ReplicaSet objects dominate: see replicaset-history-bloat.');
    const deployments = FIELD_BUNDLES['case-4-replicaset-bloat']!().files.find((f) => f.path === 'k8s/deployments.json')!.data as string;
    const nameLine = deployments.split('\n').indexOf('                "name": "order-api",') + 1;
    expect(nameLine).toBeGreaterThan(0);
    expect(bloat.evidence[0]).toMatchObject({ artifact: 'k8s/deployments.json', line: nameLine, text: '                "name": "order-api",' });
  });

  it('5. CNI IPAM plugin hangs on VERSION: blocked in tty_read', async () => {
    const findings = await diagnoseCase('case-5-cni-stdin');
    const cni = only(findings, 'cni-plugin-stdin-hang');
    expect(cni.summary).toContain('/opt/cni/bin/ipam (pid 11204, in n_tty_read)');
    expect(cni.evidence.find((e) => e.artifact === 'proc/11204/stack')).toMatchObject({ line: 1, lineEnd: 9 });
  });

  it('6. kube-proxy (ipvs) at 200% CPU: realIPGetter.NodeIPs dominates its profile', async () => {
    const findings = await diagnoseCase('case-6-kube-proxy-hotspot');
    const hot = only(findings, 'profile-hotspot');
    expect(hot.summary).toBe(`CPU profile of kube-proxy: ${PROXY_PKG}.(*realIPGetter).NodeIPs and its callees hold 77.4% of the profile.`.replace(' of the profile', ''));
    expect(hot.evidence[0]).toMatchObject({ artifact: 'pprof/kube-proxy/cpu.pb.gz', text: `${PROXY_PKG}.(*realIPGetter).NodeIPs: flat 0.0%, cum 77.4% of cpu/nanoseconds` });
  });

  it('7. calico-node "no space left on device" with free disk: kmem cgroup leak on 3.10', async () => {
    const findings = await diagnoseCase('case-7-kmem-leak');
    const kmem = only(findings, 'cgroup-kmem-leak');
    expect(kmem.severity).toBe('critical');
    expect(kmem.summary).toContain('disks and inodes have room; kernel 3.10.0-862.el7.x86_64 (3.10, affected); 65521 memory cgroups');
    expect(kmem.evidence.map((e) => [e.artifact, e.line])).toEqual([['logs/journal/kubelet.log', 1], ['node/uname.txt', 1], ['proc/cgroups', 4]]);
    expect(kmem.remedy).toContain('cordon');
    expect(findings.filter((f) => f.rule === 'disk-pressure')).toEqual([]);
  });

  it('8. nodes NotReady under churn: PLEG relist blocked in a channel send, kubelet 1.12', async () => {
    const findings = await diagnoseCase('case-8-pleg-deadlock');
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
    const findings = await diagnoseCase('healthy-this-machine');
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
