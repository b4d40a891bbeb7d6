import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Split {
  wallMs: number;
  onCoreMs: number;
  waitingForCoreMs: number;
  waitingForWorkMs: number;
}
const { threadTimeSplit, describeSplit } = require('./thread-time.cjs') as {
  threadTimeSplit: () => Split | null;
  describeSplit: (t: Split | null) => string;
};

const linux = fs.existsSync('/proc/thread-self/schedstat');

describe('the benches split the ingest thread’s time until findings', () => {
  it.skipIf(!linux)('counts the work this thread does on its core, and splits the wall time in three', () => {
    const before = threadTimeSplit();
    let x = 0;
    const until = performance.now() + 200;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const after = threadTimeSplit();
    expect(x).toBeGreaterThan(0);
    if (!before || !after) throw new Error('schedstat was readable a moment ago');
    // 200 ms of spinning is mostly on a core, however busy the machine.
    expect(after.onCoreMs - before.onCoreMs).toBeGreaterThan(50);
    // The kernel's nanoseconds read as milliseconds: this thread (the process's first) was on a core or
    // waiting for one no longer than the process has lived.
    for (const t of [before, after]) {
      expect(t.onCoreMs + t.waitingForCoreMs).toBeLessThanOrEqual(t.wallMs + 5);
      expect(t.waitingForWorkMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('prints a split as seconds, and says when the kernel gave none', () => {
    expect(describeSplit({ wallMs: 1600, onCoreMs: 1120, waitingForCoreMs: 310, waitingForWorkMs: 170 })).toBe('1.12 s / 0.31 s / 0.17 s');
    expect(describeSplit(null)).toBe('not told by this kernel');
  });
});
