import { describe, expect, it } from 'vitest';
import { growingPercent } from './heap';

const MB = 2 ** 20;

describe('how far the heaps may grow past what a full collection kept', () => {
  it('200,000 small files: a thread that keeps 40 MB grows by 24 MB (60%), not by V8\'s up to 300%', () => {
    expect(growingPercent(250 * MB, 40 * MB)).toBe(60);
  });

  it('a must-gather\'s thread keeps 15 MB and grows by 160%; one that keeps 8 MB or less, V8 chooses (300% and more)', () => {
    expect(growingPercent(250 * MB, 15 * MB)).toBe(160);
    expect(growingPercent(250 * MB, 8 * MB)).toBe(0);
    expect(growingPercent(250 * MB, 6 * MB)).toBe(0);
  });

  it('a large heap grows by a fifth at least: a heap collected every few MB would spend its time marking', () => {
    expect(growingPercent(200 * MB, 400 * MB)).toBe(20);
  });

  it('past 300 MB resident, every heap grows by a fifth, whatever it kept', () => {
    expect(growingPercent(301 * MB, 0)).toBe(20);
    expect(growingPercent(301 * MB, 6 * MB)).toBe(20);
  });

  it('before its first full collection, V8 chooses', () => {
    expect(growingPercent(100 * MB, 0)).toBe(0);
  });
});
