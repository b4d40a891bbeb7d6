import { describe, expect, it } from 'vitest';
import { systemReport } from '../system/api';
import { addBundle, artifactsFromTree, fixtureDir, memoryWorkspace, type TestArtifact } from '../system/testing/bundle';
import { compareSystem } from './system';

const vm = artifactsFromTree(fixtureDir('system', 'this-vm'));

function compare(a: TestArtifact[], b: TestArtifact[]) {
  const db = memoryWorkspace();
  return compareSystem(systemReport(db, addBundle(db, a)), systemReport(db, addBundle(db, b)));
}

describe('system numbers of a full bundle against a partial one (a sosreport without /proc)', () => {
  it('lists no row of a group the partial side has no number of, and names its missing files instead', () => {
    const partial = vm.filter((a) => !/^proc\/(stat\.\d|meminfo)$/.test(a.path));
    const d = compare(vm, partial);
    expect(d.rows.filter((r) => r.group === 'cpu' || r.group === 'memory')).toEqual([]);
    expect(d.missing).toEqual(expect.arrayContaining(['B: proc/meminfo', 'B: proc/stat']));
    expect(d.identical).toBe(false);
  });

  it('still lists a number present on one side only within a group both have (a disk mounted on one node)', () => {
    const d = compare(vm, vm.map((a) => (a.path === 'node/df.txt' ? { ...a, bytes: Buffer.concat([a.bytes, Buffer.from('/dev/sdz1 1000 500 500 50% /mnt/extra\n')]) } : a)));
    expect(d.rows).toEqual(expect.arrayContaining([expect.objectContaining({ group: 'disk', name: '/mnt/extra used', a: null, b: 50 })]));
  });
});
