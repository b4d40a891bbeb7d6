import { describe, expect, it } from 'vitest';
import { FINE_PER_BAR, histogramBars, type FineCount } from './histogram-bars';

const T0 = Date.parse('2022-02-07T15:32:54Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('the histogram of a bundle\'s lines', () => {
  it('a sosreport whose dpkg.log is four days older than its journals: the journals get the bars, the dpkg lines one bar apart', () => {
    const to = T0 + 4 * 24 * 60 * MIN;
    const step = Math.ceil((to - T0 + 1) / (120 * FINE_PER_BAR));
    // 40 dpkg lines at the start; 150,000 journal lines over the last half hour, a few errors among them.
    const counts: FineCount[] = [{ step: 0, lines: 40, errors: 0 }];
    const lastStep = Math.ceil((to - T0 + 1) / step) - 1;
    for (let s = lastStep - Math.ceil((30 * MIN) / step); s <= lastStep; s++) counts.push({ step: s, lines: 5000, errors: 1 });
    const bars = histogramBars(T0, to, step, counts, 120);
    const [apart, ...drawn] = bars;
    expect(apart).toMatchObject({ start: iso(T0), count: 40, errors: 0 });
    expect(apart.apartUntil).toBe(drawn[0].start);
    expect(Date.parse(drawn[0].start)).toBeGreaterThan(to - 32 * MIN);
    expect(drawn.every((b) => !b.apartUntil && b.count > 0)).toBe(true);
    expect(drawn.reduce((n, b) => n + b.count, 0) + apart.count).toBe(counts.reduce((n, c) => n + c.lines, 0));
    // Drawn to one scale, every journal line fell in the last of 120 bars.
    expect(drawn.length).toBeGreaterThan(20);
  });

  it('lines spread over their whole range: 120 bars to one scale, none apart', () => {
    const to = T0 + 120 * MIN - 1;
    const step = Math.ceil((to - T0 + 1) / (120 * FINE_PER_BAR));
    const counts: FineCount[] = Array.from({ length: 120 * FINE_PER_BAR }, (_, s) => ({ step: s, lines: 2, errors: s % 7 === 0 ? 1 : 0 }));
    const bars = histogramBars(T0, to, step, counts, 120);
    expect(bars).toHaveLength(120);
    expect(bars.some((b) => b.apartUntil)).toBe(false);
    expect(bars[0]).toMatchObject({ start: iso(T0), count: 2 * FINE_PER_BAR });
    expect(bars[1].start).toBe(iso(T0 + MIN));
  });

  it('a few lines far after the rest (a clock set forward) go in a last bar apart, which ends at the last line', () => {
    const to = T0 + 100 * 24 * 60 * MIN;
    const step = Math.ceil((to - T0 + 1) / (120 * FINE_PER_BAR));
    const lastStep = Math.ceil((to - T0 + 1) / step) - 1;
    const counts: FineCount[] = [...Array.from({ length: 50 }, (_, s) => ({ step: s, lines: 100, errors: 0 })), { step: lastStep, lines: 3, errors: 3 }];
    const bars = histogramBars(T0, to, step, counts, 120);
    const after = bars.at(-1)!;
    expect(after).toMatchObject({ count: 3, errors: 3, apartUntil: iso(to + 1) });
    expect(bars.filter((b) => b.apartUntil)).toHaveLength(1);
    expect(bars.slice(0, -1).reduce((n, b) => n + b.count, 0)).toBe(5000);
  });

  it('sets apart no more than half a percent of the lines: a second burst of lines is drawn, not hidden', () => {
    const to = T0 + 10 * 24 * 60 * MIN;
    const step = Math.ceil((to - T0 + 1) / (120 * FINE_PER_BAR));
    const lastStep = Math.ceil((to - T0 + 1) / step) - 1;
    const counts: FineCount[] = [{ step: 0, lines: 1000, errors: 0 }, { step: lastStep, lines: 9000, errors: 0 }];
    const bars = histogramBars(T0, to, step, counts, 120);
    expect(bars.some((b) => b.apartUntil)).toBe(false);
    expect(bars[0].count).toBe(1000);
    expect(bars.at(-1)!.count).toBe(9000);
  });
});

describe('where the lines set apart end', () => {
  it('at an empty step: a journal\'s first, lone minute stays with the journal, not with the old file', () => {
    const to = T0 + 4 * 24 * 60 * MIN;
    const step = Math.ceil((to - T0 + 1) / (120 * FINE_PER_BAR));
    const lastStep = Math.ceil((to - T0 + 1) / step) - 1;
    // 3 old lines; the journal's first step holds 1 line, the next 40 steps 45 each.
    const counts: FineCount[] = [{ step: 0, lines: 3, errors: 0 }, { step: lastStep - 40, lines: 1, errors: 0 }];
    for (let s = lastStep - 39; s <= lastStep; s++) counts.push({ step: s, lines: 45, errors: 0 });
    const bars = histogramBars(T0, to, step, counts, 120);
    expect(bars[0]).toMatchObject({ count: 3, apartUntil: iso(T0 + (lastStep - 40) * step) });
    expect(bars[1].count).toBe(1);
  });
});
