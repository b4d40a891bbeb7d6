import { describe, expect, it } from 'vitest';
import { compareProcesses } from './diff';
import { capturedPids } from './fixture';
import { processRow, processTable } from './table';

const stuck = processTable(capturedPids('zap-pid-ns'));

describe('comparing the processes of two bundles', () => {
  it('a bundle compared with itself is identical', () => {
    expect(compareProcesses(stuck, stuck)).toMatchObject({ identical: true, onlyA: [], onlyB: [], changed: [], dStateA: 2, dStateB: 2 });
  });

  it('field case 3, good node vs bad node: the stuck sleeps and the dying init show as changes', () => {
    // The "good" node: the same capture without the stuck container's processes.
    const good = stuck.filter((p) => ![11206, 11207, 11208].includes(p.pid));
    const d = compareProcesses(good, stuck);
    expect(d.identical).toBe(false);
    expect(d.onlyB.map((c) => [c.command, c.countB, c.statesB])).toEqual([
      ['sh', 1, { S: 1 }],
      ['sleep', 2, { D: 2 }],
    ]);
    expect(d.dStateA).toBe(0);
    expect(d.dStateB).toBe(2);
  });

  it('a state change of the same command is a change, not an addition', () => {
    const files = capturedPids('zap-pid-ns');
    const running = processRow(11207, { ...files.get(11207)!, stat: files.get(11207)!.stat!.replace(') D ', ') S '), status: undefined });
    const a = stuck.filter((p) => p.pid !== 11207).concat(running);
    const d = compareProcesses(a, stuck);
    expect(d.changed).toEqual([{ command: 'sleep', countA: 2, countB: 2, statesA: { S: 1, D: 1 }, statesB: { D: 2 } }]);
  });

  it('folds per-cpu kernel thread names, so two machines do not differ by cpu numbers', () => {
    const files = capturedPids('zap-pid-ns');
    const other = processRow(15, { stat: files.get(14)!.stat!.replace('(ksoftirqd/0)', '(ksoftirqd/1)').replace(/^14 /, '15 ') });
    const kworker = processRow(12, { stat: files.get(11)!.stat!.replace('(kworker/0:1-virtio_vsock)', '(kworker/u8:0-events_unbound)') });
    const a = stuck.filter((p) => p.pid !== 14 && p.pid !== 11).concat(other, kworker);
    expect(compareProcesses(a, stuck).identical).toBe(true);
  });
});
