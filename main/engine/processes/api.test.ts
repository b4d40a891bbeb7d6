import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addBundle, artifactsFromTree, fixtureDir, memoryWorkspace } from '../system/testing/bundle';
import { compareProcessesOf, createProcessesApi, processesOf } from './api';

// The process capture and the system capture are of the same boot of the build VM.
const procs = artifactsFromTree(fixtureDir('processes', 'zap-pid-ns'));
const stat = artifactsFromTree(fixtureDir('system', 'this-vm')).filter((a) => a.path === 'proc/stat.1');

describe('processes(bundle) over the field case 3 capture', () => {
  const db = memoryWorkspace();
  const id = addBundle(db, [...procs, ...stat]);
  const api = createProcessesApi(db);

  it('gives every collected process, with start times from the boot time in proc/stat', async () => {
    const table = await api.processes(id);
    expect(table.processes.map((p) => p.pid)).toEqual([2, 11, 14, 37, 5830, 11204, 11206, 11207, 11208]);
    expect(table.missing).toEqual([]);
    expect(table.problems).toEqual([]);
    const btime = Number(/^btime (\d+)$/m.exec(stat[0]!.bytes.toString())![1]);
    const sleep = table.processes.find((p) => p.pid === 11207)!;
    expect(Date.parse(sleep.startedAt!)).toBe((btime + sleep.startSecondsAfterBoot!) * 1000);
  });

  it('gives the D-state group and the tree', async () => {
    expect((await api.dStateGroups(id)).map((g) => g.pids)).toEqual([[11207, 11208]]);
    const tree = await api.processTree(id);
    expect(tree.find((r) => r.pid === 11206)).toMatchObject({ depth: 1, childCount: 2 });
  });
});

describe('a bundle without per-process files (collected by a non-root user, or with --root)', () => {
  it('says so instead of showing an empty, healthy-looking table', () => {
    const db = memoryWorkspace();
    const id = addBundle(db, stat);
    expect(processesOf(db, id)).toEqual({ processes: [], cpuWindowSeconds: null, missing: ['proc/<pid>/*: no per-process files in this bundle'], problems: [] });
  });

  it('reports a stat file that is not the kernel’s', () => {
    const db = memoryWorkspace();
    const id = addBundle(db, [{ path: 'proc/5/stat', kind: 'proc-pid-stat', bytes: Buffer.from('\u0000garbage') }]);
    expect(processesOf(db, id).problems).toEqual(["proc/5/stat: not in the kernel's format"]);
  });
});

describe('compare over the store', () => {
  it('a bundle with the stuck container vs one without it', () => {
    const db = memoryWorkspace();
    const bad = addBundle(db, procs);
    const good = addBundle(db, procs.filter((a) => !/^proc\/1120[678]\//.test(a.path)));
    const d = compareProcessesOf(db, good, bad);
    expect(d.onlyB.map((c) => c.command)).toEqual(['sh', 'sleep']);
    expect([d.dStateA, d.dStateB]).toEqual([0, 2]);
  });
});

describe('the table kept between the calls of the Processes view', () => {
  it('is not served for a bundle added after a removed one (which no longer gets its id: ids are never reused)', () => {
    const db = memoryWorkspace();
    const first = addBundle(db, procs);
    expect(processesOf(db, first).processes).toHaveLength(9);
    db.prepare('DELETE FROM bundles WHERE id = ?').run(first);
    const second = addBundle(db, procs.filter((a) => a.path.startsWith('proc/2/')));
    expect(second).toBeGreaterThan(first);
    expect(processesOf(db, second).processes.map((p) => p.pid)).toEqual([2]);
  });

  it('is not changed by a caller sorting the list it got', () => {
    const db = memoryWorkspace();
    const id = addBundle(db, procs);
    processesOf(db, id).processes.reverse();
    expect(processesOf(db, id).processes[0]!.pid).toBe(2);
  });
});

describe('%CPU of a busy process, as ps showed it at the same moment (test/fixtures/processes/busy)', () => {
  const busy = artifactsFromTree(fixtureDir('processes', 'busy')).filter((a) => a.path !== 'ps.txt');
  const ps = fs.readFileSync(fixtureDir('processes', 'busy/ps.txt'), 'utf8').trim().split(/\s+/);

  it('equals ps’s pcpu (which ps cuts to tenths) when node/uptime.txt is there', () => {
    const db = memoryWorkspace();
    const id = addBundle(db, busy);
    const p = processesOf(db, id).processes.find((x) => x.pid === Number(ps[0]))!;
    expect(Math.floor(p.cpuPercent! * 10) / 10).toBe(Number(ps[1]));
  });

  it('without node/uptime.txt, takes the collection time less the boot time', () => {
    // A collection time of btime + uptime gives the same "now" the uptime file gave.
    const text = (p: string): string => busy.find((a) => a.path === p)!.bytes.toString();
    const btime = Number(/^btime (\d+)$/m.exec(text('proc/stat'))![1]);
    const uptime = Number(text('node/uptime.txt').split(' ')[0]);
    const db = memoryWorkspace();
    const collectedAt = new Date((btime + uptime) * 1000).toISOString();
    const id = addBundle(db, busy.filter((a) => a.path !== 'node/uptime.txt'), { collectedAt });
    const p = processesOf(db, id).processes.find((x) => x.pid === Number(ps[0]))!;
    expect(Math.floor(p.cpuPercent! * 10) / 10).toBe(Number(ps[1]));
  });

  it('is unknown without any clock', () => {
    const db = memoryWorkspace();
    const id = addBundle(db, busy.filter((a) => a.path.startsWith('proc/1')));
    expect(processesOf(db, id).processes[0]!.cpuPercent).toBeNull();
  });
});

describe('CPU over the sample window, from proc/pid-cpu.txt (test/fixtures/processes/pid-cpu)', () => {
  const cpu = artifactsFromTree(fixtureDir('processes', 'pid-cpu')).filter((a) => a.path === 'pid-cpu.txt').map((a) => ({ ...a, path: 'proc/pid-cpu.txt', kind: 'proc-pid-cpu' as const }));

  it('puts each process\'s rate on its row, joined by pid, with the window\'s length on the table', async () => {
    const db = memoryWorkspace();
    const id = addBundle(db, [...procs, ...stat, ...cpu]);
    const table = await createProcessesApi(db).processes(id);
    expect(table.cpuWindowSeconds).toBeCloseTo(3.02, 6);
    expect(table.problems).toEqual([]);
    // kthreadd (pid 2) is in every capture: its row gets the rate the samples give pid 2.
    const ticks = cpu[0]!.bytes.toString().split('\n').filter((l) => l.startsWith('2 ')).map((l) => l.split(' ').slice(1).reduce((n, x) => n + Number(x), 0));
    expect(ticks).toHaveLength(2);
    expect(table.processes.find((p) => p.pid === 2)!.cpuWindowPercent).toBeCloseTo(((ticks[1]! - ticks[0]!) / 100 / 3.02) * 100, 6);
    // The frozen sleeps of the other capture are not in these samples: no rate, not a zero.
    expect(table.processes.find((p) => p.pid === 11207)!.cpuWindowPercent).toBeNull();
  });

  it('is null on every row, and on the table, without the file', async () => {
    const db = memoryWorkspace();
    const table = await createProcessesApi(db).processes(addBundle(db, [...procs, ...stat]));
    expect(table.cpuWindowSeconds).toBeNull();
    expect(table.processes.every((p) => p.cpuWindowPercent === null)).toBe(true);
  });
});
