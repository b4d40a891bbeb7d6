import { describe, expect, it } from 'vitest';
import { systemReport } from '../system/api';
import { systemFixture } from '../system/fixture';
import { addBundle, artifactsFromTree, fixtureDir, memoryWorkspace, type TestArtifact } from '../system/testing/bundle';
import { compareNodeFacts, nodeSide } from './facts';
import { valueChanges } from './sets';

const vm = artifactsFromTree(fixtureDir('system', 'this-vm'));
const withSysctl = (text: string) => (a: TestArtifact): TestArtifact => (a.path === 'node/sysctl.txt' ? { ...a, bytes: Buffer.from(text) } : a);

function compareNodes(a: TestArtifact[], b: TestArtifact[]) {
  const db = memoryWorkspace();
  const side = (artifacts: TestArtifact[]) => {
    const id = addBundle(db, artifacts);
    return nodeSide(db, id, systemReport(db, id).facts);
  };
  return compareNodeFacts(side(a), side(b));
}

describe('sysctl of one machine, ten minutes apart', () => {
  it('compares as identical once the keys the kernel changes by itself are left out', () => {
    const later = systemFixture('sysctl-later.txt');
    expect(later).not.toBe(systemFixture('this-vm/node/sysctl.txt'));
    const d = compareNodes(vm, vm.map(withSysctl(later)));
    expect(d.sysctl).toEqual([]);
    expect(d.identical).toBe(true);
  });
});

describe('sysctl of the good node and the bad node', () => {
  it('names the one key turned on, the one added and the one gone, in key order', () => {
    const text = systemFixture('this-vm/node/sysctl.txt');
    const bad = text
      .replace(/^net\.ipv4\.ip_forward = \d$/m, 'net.ipv4.ip_forward = 1')
      .replace(/^kernel\.pid_max = .*\n/m, '')
      .concat('zz.added = 1\n');
    const d = compareNodes(vm.map(withSysctl(text.replace(/^net\.ipv4\.ip_forward = \d$/m, 'net.ipv4.ip_forward = 0'))), vm.map(withSysctl(bad)));
    const pidMax = systemFixture('this-vm/proc/sys/kernel/pid_max').trim();
    expect(d.sysctl).toEqual([
      { name: 'kernel.pid_max', a: pidMax, b: null },
      { name: 'net.ipv4.ip_forward', a: '0', b: '1' },
      { name: 'zz.added', a: null, b: '1' },
    ]);
    expect(d.identical).toBe(false);
  });

  it('one node without sysctl -a: named as missing there, no key listed', () => {
    const d = compareNodes(vm, vm.filter((a) => a.path !== 'node/sysctl.txt'));
    expect(d.sysctl).toEqual([]);
    expect(d.notCollected).toEqual([{ what: 'sysctl -a', side: 'b' }]);
  });

  it('one node without its mounts or kernel command line (a partial sosreport): named as not collected, no entry listed as only in the other', () => {
    const partial = vm.filter((a) => a.path !== 'proc/mounts' && a.path !== 'proc/cmdline');
    const d = compareNodes(vm, partial);
    expect(d.mounts).toEqual({ added: [], removed: [] });
    expect(d.cmdline).toEqual({ added: [], removed: [] });
    expect(d.notCollected).toEqual([{ what: 'kernel command line', side: 'b' }, { what: 'mounts', side: 'b' }]);
    expect(d.identical).toBe(false);
  });
});

describe('value changes walk both sides in key order', () => {
  it('a key given twice counts with its last value, as a map keeps it; unsorted input is sorted', () => {
    const a = [['b', '1'], ['a', '1'], ['b', '2']] as const;
    const b = [['a', '1'], ['b', '2'], ['c', '3']] as const;
    expect(valueChanges(a, b)).toEqual([{ name: 'c', a: null, b: '3' }]);
    expect(valueChanges(b, a)).toEqual([{ name: 'c', a: '3', b: null }]);
    expect(valueChanges([], [])).toEqual([]);
  });
});
