import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../../shared/api/processes';
import { capturedPids } from './fixture';
import { childrenOf, dStateGroups, processTree } from './groups';
import { processRow, processTable } from './table';

const rows = processTable(capturedPids('zap-pid-ns'));

describe('field case 3: D-state processes grouped by identical kernel stack', () => {
  it('puts the two frozen children in one group with their shared stack', () => {
    const groups = dStateGroups(rows);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ pids: [11207, 11208], commands: ['sleep'], wchan: 'hrtimer_nanosleep' });
    expect(groups[0]!.stack[0]).toBe('hrtimer_nanosleep');
  });

  it('groups processes without a stack by wchan, separately', () => {
    const files = capturedPids('zap-pid-ns').get(11207)!;
    const noStack = processRow(99, { ...files, stack: undefined });
    const groups = dStateGroups([...rows, noStack]);
    expect(groups.map((g) => g.pids)).toEqual([[11207, 11208], [99]]);
    expect(groups[1]!.stack).toEqual([]);
  });
});

describe('the process tree', () => {
  it('hangs the namespace init and its children under unshare, orphans at the root', () => {
    const tree = processTree(rows);
    const at = (pid: number): { depth: number; childCount: number } => tree.find((r) => r.pid === pid)!;
    expect(tree.map((r) => r.pid)).toHaveLength(rows.length);
    expect(at(11204)).toMatchObject({ depth: 0, childCount: 1 });
    expect(at(11206)).toMatchObject({ depth: 1, childCount: 2 });
    expect(at(11207).depth).toBe(2);
    expect(at(2)).toMatchObject({ depth: 0, childCount: 3 });
    expect(tree.findIndex((r) => r.pid === 11207)).toBeGreaterThan(tree.findIndex((r) => r.pid === 11206));
  });

  it('lists the children of a pid', () => {
    expect(childrenOf(rows, 11206).map((p) => p.pid)).toEqual([11207, 11208]);
    expect(childrenOf(rows, 11207)).toEqual([]);
  });

  it('survives a parent cycle from pid reuse', () => {
    const a = { ...rows[0]!, pid: 1000, ppid: 1001 } as ProcessRow;
    const b = { ...rows[0]!, pid: 1001, ppid: 1000 } as ProcessRow;
    expect(processTree([a, b]).map((r) => r.pid).sort()).toEqual([1000, 1001]);
  });
});
