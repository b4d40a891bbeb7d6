import { describe, expect, it } from 'vitest';
import { processFixture } from './fixture';
import { cpuOverWindow, parsePidCpu } from './pid-cpu';
import { processRow } from './table';

/**
 * test/fixtures/processes/pid-cpu (made here by the collector's own functions, see SOURCES.md): every
 * process's ticks before and after a 3 s window; a busy sh loop (7240) and a sleep (7241).
 */
const parsed = parsePidCpu(processFixture('pid-cpu/pid-cpu.txt'));
const pids = Object.fromEntries(processFixture('pid-cpu/pids.txt').trim().split('\n').map((l) => l.split(' ') as [string, string]));

describe('CPU over the sample window (proc/pid-cpu.txt)', () => {
  it('reads both samples of every process on this machine, with their times', () => {
    expect(parsed.malformed).toBe(0);
    expect(parsed.clkTck).toBe(100);
    expect(parsed.samples.map((s) => s.atMs)).toEqual([11509900, 11512920]);
    expect(parsed.samples[0]!.ticks.size).toBeGreaterThan(50);
    expect(parsed.samples[0]!.ticks.get(Number(pids.busy))).toBe(42);
    expect(parsed.samples[1]!.ticks.get(Number(pids.busy))).toBe(157);
  });

  it('gives the busy loop its ticks over the window as a share of one CPU, and the sleep none', () => {
    const w = cpuOverWindow(parsed)!;
    expect(w.seconds).toBeCloseTo(3.02, 5);
    // 157 − 42 = 115 ticks of 1/100 s over 3.02 s.
    expect(w.percent.get(Number(pids.busy))).toBeCloseTo((115 / 100 / 3.02) * 100, 6);
    expect(w.percent.get(Number(pids.idle))).toBe(0);
    // pid 1 was in both samples too: every process has its rate.
    expect(w.percent.has(1)).toBe(true);
    const top = [...w.percent.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(top[1]).toBeLessThanOrEqual(200 + 1); // two CPUs at most
  });

  it('leaves out a process seen once (started or ended in the window) or whose ticks went down (a reused pid)', () => {
    const text = ['# nodescope process cpu 1', '# clk-tck 250', 'T 1000', '1 10 5', '2 500 0', '3 7 0', 'T 3000', '1 510 5', '2 40 0', '4 9 9', 'garbage line', ''].join('\n');
    const p = parsePidCpu(text);
    expect(p.malformed).toBe(1);
    const w = cpuOverWindow(p)!;
    expect([...w.percent.entries()]).toEqual([[1, (500 / 250 / 2) * 100]]);
    expect(w.unmatched).toBe(3);
  });

  it('has no rate without two samples a moment apart', () => {
    expect(cpuOverWindow(parsePidCpu('# nodescope process cpu 1\nT 1000\n1 10 5\n'))).toBeNull();
    expect(cpuOverWindow(parsePidCpu(''))).toBeNull();
    expect(cpuOverWindow(parsePidCpu('T 1000\n1 1 1\nT 1000\n1 2 2\n'))).toBeNull();
  });

  it('puts the rate on the process row, next to the average since start and the cumulative seconds', () => {
    const stat = '7240 (sh) R 1 7240 1 0 -1 4194304 100 0 0 0 157 0 0 0 20 0 1 0 1150890 2000000 200 18446744073709551615';
    const row = processRow(7240, { stat }, { bootTime: null, collectedAt: null, uptime: 11513.5 }, 38.08);
    expect(row.cpuWindowPercent).toBe(38.08);
    expect(row.cpuSeconds).toBeCloseTo(1.57, 6);
    expect(row.cpuPercent).toBeCloseTo((1.57 / (11513.5 - 11508.9)) * 100, 6);
  });
});
