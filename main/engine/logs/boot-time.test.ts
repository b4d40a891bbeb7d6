import { describe, expect, it } from 'vitest';
import { fixtureLines } from '../../../test/fixtures/logs/read';
import { bootTimeFromProcStat, bootTimeFromUptime } from './boot-time';

// /proc/stat, /proc/uptime and the UTC time read one after the other on the machine the dmesg fixtures come from.
describe('boot time of the node', () => {
  const procStat = fixtureLines('proc-stat.txt').join('\n');

  it("reads /proc/stat's btime", () => {
    expect(bootTimeFromProcStat(procStat)).toBe(Number(fixtureLines('dmesg-node-btime.txt')[0].slice(6)) * 1000);
    expect(bootTimeFromProcStat('cpu  1 2 3\nintr 0\n')).toBeNull();
  });

  it('agrees, within a second, with the boot time /proc/uptime gives', () => {
    const readAt = Date.parse(fixtureLines('proc-uptime-date.txt')[0]);
    const fromUptime = bootTimeFromUptime(fixtureLines('proc-uptime.txt')[0], readAt);
    expect(Math.abs((fromUptime ?? 0) - (bootTimeFromProcStat(procStat) ?? 0))).toBeLessThan(1000);
    expect(bootTimeFromUptime('up 3 days', readAt)).toBeNull();
  });
});
