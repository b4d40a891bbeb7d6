import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATES, mergeTemplateCounts, TemplateCounter } from '../../main/engine/compare/template-store';

// After a bundle is published, its lines left to count are split in two halves, one per core: the
// merged counts must be the counts one counter makes over all the lines, in order.

/** A word of letters the masker keeps (no digits, no hex): the i-th message template of its own. */
function word(i: number): string {
  let w = '';
  for (let n = i; w.length < 5 || n > 0; n = Math.floor(n / 20)) w += String.fromCharCode(103 + (n % 20));
  return w;
}

function counted(lines: [number, string][]) {
  const c = new TemplateCounter('node-a');
  for (const [id, text] of lines) c.add(id, id % 3 === 0 ? 1 : 3, text);
  return c.result();
}

describe('log template counts of two halves of a bundle', () => {
  it('merge into the counts of one pass: sums, most severe level, first line', () => {
    const lines = Array.from({ length: 6000 }, (_, i): [number, string] => [i + 1, `pod web-${i} restarted (${word(i % 250)}) after ${i % 97} ms`]);
    const merged = mergeTemplateCounts(counted(lines.slice(0, 2500)), counted(lines.slice(2500)));
    expect(merged).toEqual(counted(lines));
  });

  it('past the template cap, keep the templates seen first and count the rest as overflow, as one pass does', () => {
    // Each half holds fewer templates than the cap; together they hold more, some in both halves.
    const half = Math.floor(MAX_TEMPLATES * 0.7);
    const shared = Math.floor(MAX_TEMPLATES * 0.1);
    const first = Array.from({ length: half }, (_, i): [number, string] => [i + 1, `message ${word(i)}`]);
    const second = Array.from({ length: half }, (_, i): [number, string] => [half + i + 1, `message ${word(i + half - shared)}`]);
    const one = counted([...first, ...second]);
    expect(one.overflow).toBeGreaterThan(0);
    expect(mergeTemplateCounts(counted(first), counted(second))).toEqual(one);
  });

  it('cannot be merged when a half overflowed on its own: its overflow lines are not known by template', () => {
    const many = Array.from({ length: MAX_TEMPLATES + 10 }, (_, i): [number, string] => [i + 1, `message ${word(i)}`]);
    const overflowed = counted(many);
    expect(overflowed.overflow).toBe(10);
    expect(mergeTemplateCounts(overflowed, counted([[MAX_TEMPLATES + 20, 'another message']]))).toBeNull();
  });
});
