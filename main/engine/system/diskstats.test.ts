import { describe, expect, it } from 'vitest';
import { intervalSeconds, parseProcStat } from './cpu';
import { diskDevices, diskRates, parseDiskstats } from './diskstats';
import { systemFixture } from './fixture';

const d1 = parseDiskstats(systemFixture('this-vm/proc/diskstats.1'));
const d2 = parseDiskstats(systemFixture('this-vm/proc/diskstats.2'));
const seconds = intervalSeconds(
  parseProcStat(systemFixture('this-vm/proc/stat.1')),
  parseProcStat(systemFixture('this-vm/proc/stat.2')),
)!;

describe('/proc/diskstats around a 64 MiB O_DIRECT write on the build VM', () => {
  it('reads every device line of a 6.x kernel (20 columns)', () => {
    expect(d1.map((d) => d.device)).toContain('vda');
    expect(d1.length).toBe(d2.length);
  });

  it('shows the 64 MiB written to vda as wkB/s over the interval, as iostat -x would', () => {
    const vda = diskDevices(d2, d1, seconds).find((d) => d.device === 'vda')!;
    expect(vda.rates).not.toBeNull();
    expect(vda.rates!.writeKBPerSec * seconds).toBeGreaterThanOrEqual(64 * 1024);
    expect(vda.rates!.writesPerSec).toBeGreaterThan(0);
    expect(vda.rates!.utilPercent).toBeGreaterThan(0);
    expect(vda.rates!.utilPercent).toBeLessThanOrEqual(100);
  });

  it('leaves out devices that never did any I/O (the unused loop and zram devices)', () => {
    const names = diskDevices(d2).map((d) => d.device);
    expect(names).toContain('vda');
    expect(names).not.toContain('loop0');
    expect(diskDevices(d2).every((d) => d.rates === null)).toBe(true);
  });
});

describe('iostat -x arithmetic on one device', () => {
  // The columns of Documentation/admin-guide/iostats.rst, 2 s apart: 100 reads of 8 sectors taking
  // 500 ms in all, 50 writes of 16 sectors taking 1000 ms, the device busy 1500 of the 2000 ms.
  const before = parseDiskstats('   8       0 sda 1000 0 8000 5000 500 0 8000 10000 0 20000 30000\n')[0]!;
  const after = parseDiskstats('   8       0 sda 1100 0 8800 5500 550 0 8800 11000 0 21500 31500\n')[0]!;

  it('computes r/s, w/s, kB/s, await and %util', () => {
    const r = diskRates(before, after, 2);
    expect(r).toEqual({
      readsPerSec: 50,
      writesPerSec: 25,
      readKBPerSec: 200,
      writeKBPerSec: 200,
      readAwaitMs: 5,
      writeAwaitMs: 20,
      awaitMs: 10,
      utilPercent: 75,
    });
  });

  it('takes a counter that went down as a 32-bit wrap', () => {
    const wrapped = parseDiskstats('   8       0 sda 10 0 8800 5500 550 0 8800 11000 0 21500 31500\n')[0]!;
    const near = { ...before, readIos: 2 ** 32 - 90 };
    expect(diskRates(near, wrapped, 2).readsPerSec).toBe(50);
  });

  it('skips lines that are not diskstats', () => {
    expect(parseDiskstats('hello world\n8 0 sda x y z\n')).toEqual([]);
  });
});

describe('the same two samples replayed to sysstat 12.6.1 iostat -x (test/fixtures/system/iostat-x-this-vm.txt)', () => {
  // The replay gave iostat an interval of 1.29 s through /proc/uptime (see SOURCES.md).
  const report = systemFixture('iostat-x-this-vm.txt').trim().split(/\n\s*\n/).at(-1)!.split('\n');
  const header = report[0]!.trim().split(/\s+/);
  const vda = report[1]!.trim().split(/\s+/);
  const col = (name: string): number => Number(vda[header.indexOf(name)]);
  const ours = diskRates(d1.find((d) => d.device === 'vda')!, d2.find((d) => d.device === 'vda')!, 1.29);

  it('agrees with every column iostat prints to its two decimals', () => {
    expect(ours.readsPerSec).toBeCloseTo(col('r/s'), 2);
    expect(ours.writesPerSec).toBeCloseTo(col('w/s'), 2);
    expect(ours.readKBPerSec).toBeCloseTo(col('rkB/s'), 2);
    expect(ours.writeKBPerSec).toBeCloseTo(col('wkB/s'), 2);
    expect(ours.readAwaitMs).toBeCloseTo(col('r_await'), 1);
    expect(ours.writeAwaitMs).toBeCloseTo(col('w_await'), 1);
    expect(ours.utilPercent).toBeCloseTo(col('%util'), 2);
  });
});
