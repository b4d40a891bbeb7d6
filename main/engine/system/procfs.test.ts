import { describe, expect, it } from 'vitest';
import { systemFixture } from './fixture';
import { parseCgroups, parseFileNr, parseLoadavg, parseMeminfo, parsePressure, parseVmstat } from './procfs';
import { singleNumber } from './text';

describe('/proc files of the build VM', () => {
  it('meminfo: every line in kB, and the share in use from MemTotal and MemAvailable', () => {
    const m = parseMeminfo(systemFixture('this-vm/proc/meminfo'))!;
    expect(m.totalKB).toBeGreaterThan(0);
    expect(m.usedShare).toBeCloseTo((m.totalKB! - m.availableKB!) / m.totalKB!, 10);
    expect(m.fields.HugePages_Total).toBe(0);
    expect(Object.keys(m.fields).length).toBeGreaterThan(40);
  });

  it('loadavg: three averages, runnable/threads and the last pid', () => {
    const text = systemFixture('this-vm/proc/loadavg');
    const l = parseLoadavg(text)!;
    const [one, , , rt, last] = text.trim().split(/\s+/);
    expect(l.one).toBe(Number(one));
    expect(`${l.runnable}/${l.threads}`).toBe(rt);
    expect(l.lastPid).toBe(Number(last));
  });

  it('pressure: some and full lines with their three averages', () => {
    const io = parsePressure('io', systemFixture('this-vm/proc/pressure/io'))!;
    expect(io.resource).toBe('io');
    expect(io.some).not.toBeNull();
    expect(io.full).not.toBeNull();
    expect(io.some!.totalUs).toBeGreaterThanOrEqual(io.full!.totalUs);
    const cpu = parsePressure('cpu', systemFixture('this-vm/proc/pressure/cpu'))!;
    expect(cpu.some!.avg300).toBeGreaterThanOrEqual(0);
  });

  it('cgroups: one row per controller of a cgroup v1 node, with its cgroup count', () => {
    const c = parseCgroups(systemFixture('this-vm/proc/cgroups'));
    expect(c.map((x) => x.name)).toEqual(expect.arrayContaining(['cpu', 'memory', 'freezer', 'pids']));
    expect(c.every((x) => x.enabled)).toBe(true);
    expect(c.find((x) => x.name === 'memory')!.numCgroups).toBeGreaterThan(1);
  });

  it('file-nr, pid_max, nf_conntrack: the numbers the limits are made of', () => {
    const nr = parseFileNr(systemFixture('this-vm/proc/sys/fs/file-nr'))!;
    expect(nr.allocated).toBeGreaterThan(0);
    expect(nr.unused).toBe(0);
    expect(nr.max).toBeGreaterThan(nr.allocated);
    expect(singleNumber(systemFixture('this-vm/proc/sys/kernel/pid_max'))).toBeGreaterThanOrEqual(32768);
    expect(singleNumber(systemFixture('this-vm/proc/sys/net/netfilter/nf_conntrack_max'))).toBeGreaterThan(0);
  });

  it('vmstat: name value pairs', () => {
    const v = parseVmstat(systemFixture('this-vm/proc/vmstat'));
    expect(v.pgfault).toBeGreaterThan(0);
    expect(v).toHaveProperty('oom_kill');
  });
});

describe('field case 7: /proc/cgroups of a kmem-leaking 3.10 node', () => {
  // Kernel format (kernel/cgroup.c proc_cgroupstats_show), the memory controller holding many cgroups.
  it('reads a memory cgroup count in the tens of thousands', () => {
    const c = parseCgroups('#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t4\t35\t1\nmemory\t9\t65531\t1\n');
    expect(c.find((x) => x.name === 'memory')!.numCgroups).toBe(65531);
  });
});

describe('malformed input', () => {
  it('gives null or nothing, never an exception', () => {
    expect(parseMeminfo('not meminfo')).toBeNull();
    expect(parseLoadavg('')).toBeNull();
    expect(parsePressure('io', 'some avg10=x')).toBeNull();
    expect(parseCgroups('\u0000\u0001')).toEqual([]);
    expect(parseFileNr('1 2')).toBeNull();
  });
});
