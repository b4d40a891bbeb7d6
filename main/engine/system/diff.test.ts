import { describe, expect, it } from 'vitest';
import { compareSystem, nodeConfigOf, systemReport } from './api';
import { parseSysctl } from './config';
import { compareNodeFacts, compareSystemNumbers } from './diff';
import { systemFixture } from './fixture';
import { addBundle, artifactsFromTree, fixtureDir, memoryWorkspace, type TestArtifact } from './testing/bundle';

const vm = artifactsFromTree(fixtureDir('system', 'this-vm'));

describe('sysctl of one machine, ten minutes apart', () => {
  it('compares as identical once the keys the kernel changes by itself are left out', () => {
    const base = { facts: {}, modules: [], cmdline: [], mounts: [] };
    const a = { ...base, sysctl: parseSysctl(systemFixture('this-vm/node/sysctl.txt')) };
    const b = { ...base, sysctl: parseSysctl(systemFixture('sysctl-later.txt')) };
    const d = compareNodeFacts(a, b);
    expect(d.sysctl).toEqual([]);
    expect(d.identical).toBe(true);
  });
});

describe('compare two bundles: the good node and the bad node', () => {
  const db = memoryWorkspace();
  const good = addBundle(db, vm, { hostname: 'good', kubeletVersion: 'v1.12.10', cgroupVersion: '1' });
  // The bad node: kubelet upgraded, ip_forward turned on, a kernel parameter added, /var/lib/kubelet mounted.
  const change = (a: TestArtifact): TestArtifact => {
    const text = a.bytes.toString();
    if (a.path === 'node/sysctl.txt') return { ...a, bytes: Buffer.from(text.replace(/^net\.ipv4\.ip_forward = \d$/m, 'net.ipv4.ip_forward = 1')) };
    if (a.path === 'proc/cmdline') return { ...a, bytes: Buffer.from(text.trim() + ' cgroup.memory=nokmem\n') };
    if (a.path === 'proc/mounts') return { ...a, bytes: Buffer.from(text + '/dev/vdb /var/lib/kubelet ext4 rw,relatime 0 0\n') };
    return a;
  };
  const bad = addBundle(db, vm.map(change), { hostname: 'bad', kubeletVersion: 'v1.14.0', cgroupVersion: '1' });

  it('names exactly what differs in facts and configuration', () => {
    const { node } = compareSystem(db, good, bad);
    expect(node.facts).toEqual([{ key: 'kubeletVersion', a: 'v1.12.10', b: 'v1.14.0' }]);
    expect(node.sysctl).toEqual([{ key: 'net.ipv4.ip_forward', a: '0', b: '1' }]);
    expect(node.cmdline).toEqual({ onlyA: [], onlyB: ['cgroup.memory=nokmem'] });
    expect(node.mounts).toEqual([{ key: '/var/lib/kubelet', a: null, b: '/dev/vdb ext4 rw,relatime' }]);
    expect(node.notCompared).toEqual(['proc/modules']);
    expect(node.identical).toBe(false);
  });

  it('puts the numbers side by side with deltas; the same capture gives zero deltas', () => {
    const rows = compareSystem(db, good, bad).numbers;
    const steal = rows.find((r) => r.section === 'cpu' && r.name === 'steal')!;
    expect(steal.delta).toBe(0);
    expect(rows.every((r) => r.delta === 0)).toBe(true);
    expect(rows.map((r) => r.section)).toEqual(expect.arrayContaining(['cpu', 'load', 'memory', 'pressure', 'cgroups', 'limits', 'disks']));
  });

  it('a bundle without numbers shows them as absent on its side', () => {
    const empty = addBundle(db, []);
    const rows = compareSystemNumbers(systemReport(db, good), systemReport(db, empty));
    const user = rows.find((r) => r.name === 'user')!;
    expect(user.b).toBeNull();
    expect(user.delta).toBeNull();
    expect(compareNodeFacts(nodeConfigOf(db, good), nodeConfigOf(db, empty)).notCompared).toEqual([
      'sysctl -a',
      'proc/modules',
      'proc/cmdline',
      'proc/mounts',
    ]);
  });
});
