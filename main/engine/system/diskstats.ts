import type { DiskDevice, DiskRates } from '../../../shared/api/system';
import { fields, lines, num } from './text';

/** The /proc/diskstats columns iostat -x uses (Documentation/admin-guide/iostats.rst). */
export interface DiskCounters {
  major: number;
  minor: number;
  device: string;
  readIos: number;
  readSectors: number;
  readTicks: number;
  writeIos: number;
  writeSectors: number;
  writeTicks: number;
  /** Milliseconds spent doing I/O (the %util source). */
  ioTicks: number;
}

export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = [];
  for (const line of lines(text)) {
    const f = fields(line);
    if (f.length < 14) continue;
    const n = (i: number): number | null => num(f[i]);
    const values = [n(0), n(1), n(3), n(5), n(6), n(7), n(9), n(10), n(12)];
    if (values.some((v) => v === null)) continue;
    const [major, minor, readIos, readSectors, readTicks, writeIos, writeSectors, writeTicks, ioTicks] = values as number[];
    out.push({ major, minor, device: f[2] as string, readIos, readSectors, readTicks, writeIos, writeSectors, writeTicks, ioTicks } as DiskCounters);
  }
  return out;
}

/** Counters wrap at 32 bits on 32-bit kernels; a negative delta is taken as a wrap, as iostat does. */
function delta(before: number, after: number): number {
  if (after >= before) return after - before;
  return after + 2 ** 32 - before;
}

/** What `iostat -x` prints for one device over an interval of `seconds`. Sectors are 512 bytes. */
export function diskRates(before: DiskCounters, after: DiskCounters, seconds: number): DiskRates {
  const reads = delta(before.readIos, after.readIos);
  const writes = delta(before.writeIos, after.writeIos);
  const readTicks = delta(before.readTicks, after.readTicks);
  const writeTicks = delta(before.writeTicks, after.writeTicks);
  const ios = reads + writes;
  return {
    readsPerSec: reads / seconds,
    writesPerSec: writes / seconds,
    readKBPerSec: delta(before.readSectors, after.readSectors) / 2 / seconds,
    writeKBPerSec: delta(before.writeSectors, after.writeSectors) / 2 / seconds,
    readAwaitMs: reads > 0 ? readTicks / reads : 0,
    writeAwaitMs: writes > 0 ? writeTicks / writes : 0,
    awaitMs: ios > 0 ? (readTicks + writeTicks) / ios : 0,
    // iostat shows at most 100%: io_ticks can run a little ahead of the derived interval.
    utilPercent: Math.min(100, (delta(before.ioTicks, after.ioTicks) / (seconds * 1000)) * 100),
  };
}

function idle(c: DiskCounters): boolean {
  return c.readIos === 0 && c.writeIos === 0 && c.ioTicks === 0;
}

function toDevice(c: DiskCounters, rates: DiskRates | null): DiskDevice {
  return {
    device: c.device,
    major: c.major,
    minor: c.minor,
    reads: c.readIos,
    writes: c.writeIos,
    readKB: c.readSectors / 2,
    writeKB: c.writeSectors / 2,
    ioMsTotal: c.ioTicks,
    rates,
  };
}

/** Devices of the last sample with any I/O since boot, with their rates when a first sample and interval exist. */
export function diskDevices(last: DiskCounters[], first?: DiskCounters[], seconds?: number | null): DiskDevice[] {
  const before = new Map((first ?? []).map((c) => [c.device, c]));
  return last
    .filter((c) => !idle(c))
    .map((c) => {
      const b = before.get(c.device);
      return toDevice(c, b && seconds ? diskRates(b, c, seconds) : null);
    });
}
