import { describe, expect, it } from 'vitest';
import { cpuSplit, intervalSeconds, parseProcStat, totalJiffies } from './cpu';
import { systemFixture } from './fixture';

const before = parseProcStat(systemFixture('this-vm/proc/stat.1'));
const after = parseProcStat(systemFixture('this-vm/proc/stat.2'));

describe('/proc/stat sampled twice on the build VM (2 CPUs, a busy loop between the samples)', () => {
  it('reads every cpu line and the process counters', () => {
    expect([...before.cpus.keys()]).toEqual(['cpu', 'cpu0', 'cpu1']);
    expect(after.procsRunning).toBeGreaterThanOrEqual(1);
    expect(after.procsBlocked).toBe(0);
    expect(before.bootTime).toBe(after.bootTime);
  });

  it('derives the interval from the all-cpu jiffies divided by the cpu count, at USER_HZ 100', () => {
    const all = totalJiffies(after.cpus.get('cpu')!) - totalJiffies(before.cpus.get('cpu')!);
    expect(intervalSeconds(before, after)).toBeCloseTo(all / 2 / 100, 10);
    // The capture script spun for 1-2 s of wall time between the samples.
    expect(intervalSeconds(before, after)).toBeGreaterThan(0.5);
    expect(intervalSeconds(before, after)).toBeLessThan(4);
  });

  it('splits the interval into shares that add up to the whole, per cpu and in total', () => {
    const split = cpuSplit(before, after)!;
    expect(split.basis).toBe('interval');
    expect(split.perCpu.map((c) => c.cpu)).toEqual(['cpu0', 'cpu1']);
    for (const s of [split.total, ...split.perCpu.map((c) => c.shares)]) {
      expect(Object.values(s).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
    const userDelta = after.cpus.get('cpu')!.user - before.cpus.get('cpu')!.user;
    const allDelta = totalJiffies(after.cpus.get('cpu')!) - totalJiffies(before.cpus.get('cpu')!);
    expect(split.total.user).toBeCloseTo(userDelta / allDelta, 10);
    // The busy loop kept one of the two CPUs busy: user time is a real part of the interval.
    expect(split.total.user).toBeGreaterThan(0.15);
  });

  it('with one sample gives the split since boot', () => {
    const split = cpuSplit(before)!;
    expect(split.basis).toBe('since-boot');
    expect(split.intervalSeconds).toBeNull();
    const all = before.cpus.get('cpu')!;
    expect(split.total.idle).toBeCloseTo(all.idle / totalJiffies(all), 10);
  });
});

describe('field case 2: an oversold hypervisor shows as steal between the two samples', () => {
  // Two samples in the kernel's format (fs/proc/stat.c), 4 CPUs, 1 s apart: 400 jiffies in all,
  // 180 of them stolen by the hypervisor.
  const a = parseProcStat('cpu  1000 0 500 8000 10 0 5 100 0 0\ncpu0 250 0 125 2000 3 0 1 25 0 0\ncpu1 250 0 125 2000 3 0 1 25 0 0\ncpu2 250 0 125 2000 2 0 2 25 0 0\ncpu3 250 0 125 2000 2 0 1 25 0 0\n');
  const b = parseProcStat('cpu  1100 0 560 8045 20 0 10 280 0 0\ncpu0 275 0 140 2012 6 0 2 70 0 0\ncpu1 275 0 140 2013 2 0 1 70 0 0\ncpu2 275 0 140 2012 5 0 4 70 0 0\ncpu3 275 0 140 2013 7 0 3 70 0 0\n');

  it('reads a 1 s interval and 45% steal', () => {
    const split = cpuSplit(a, b)!;
    expect(split.intervalSeconds).toBeCloseTo(1, 10);
    expect(split.total.steal).toBeCloseTo(0.45, 10);
    expect(split.total.user).toBeCloseTo(0.25, 10);
  });

  it('treats a counter that went backwards as no time, not negative time', () => {
    const c = parseProcStat('cpu  1100 0 560 8050 5 0 10 280 0 0\n');
    const split = cpuSplit(parseProcStat('cpu  1000 0 500 8000 10 0 5 100 0 0\n'), c)!;
    expect(split.total.iowait).toBe(0);
  });
});

describe('malformed /proc/stat', () => {
  it('yields no split rather than throwing', () => {
    expect(cpuSplit(parseProcStat('garbage\n\x00\x01'))).toBeNull();
    expect(cpuSplit(parseProcStat('cpu a b c d\n'))).toBeNull();
  });
});
