import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATES, mergeTemplateCounts, TemplateCounter } from '../../main/engine/compare/template-store';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Lines as a reader may hand them over: pieces of one larger text, each keeping that text alive while it is held. */
function cutFrom(lines: string[]): string[] {
  const text = lines.join('\n');
  const out: string[] = [];
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    out.push(text.slice(at, end < 0 ? text.length : end));
    at = end < 0 ? text.length : end + 1;
  }
  return out;
}

describe('the template counter of a churning node', () => {
  it('keeps its templates, not the batches they were cut from: 32 batches of 1 MB hold under 8 MB after a collection', () => {
    const counter = new TemplateCounter('worker-3');
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let b = 0; b < 32; b++) {
      // Each batch brings one new message that masks to itself, then 1 MB of lines of a known template.
      const fresh = `kubelet says: pod web-x${String.fromCharCode(97 + (b % 26))}${String.fromCharCode(97 + Math.floor(b / 26))} is being torn down now`;
      const filler = Array.from({ length: 4000 }, (_, i) => `request ${b * 4000 + i} took ${i % 97} ms: ${'x'.repeat(220)}`);
      cutFrom([fresh, ...filler]).forEach((line, i) => counter.add(b * 4001 + i, null, line));
    }
    gc();
    const held = process.memoryUsage().heapUsed - before;
    expect(counter.result().templates.size).toBe(33);
    expect(held).toBeLessThan(8 * 2 ** 20);
  });

  it('holds under 20 MB for a log whose every line is its own template (a random token in each), the rest counted as overflow', () => {
    // An ingest may hold three such counts at once (its early count, the worker's, the half it hands
    // back) and their merge: at 200,000 templates each, 3 million lines of base64 tokens peaked at 473 MB.
    let seed = 2463534242;
    const byte = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed & 255;
    };
    const token = () => Buffer.from(Array.from({ length: 48 }, byte)).toString('base64');
    gc();
    const before = process.memoryUsage().heapUsed;
    const counter = new TemplateCounter('node1');
    const lines = MAX_TEMPLATES + 20_000;
    for (let i = 0; i < lines; i++) counter.add(i + 1, null, `Dec  1 10:00:00 node1 app[1]: req ${token()}`);
    gc();
    const held = process.memoryUsage().heapUsed - before;
    const counts = counter.result();
    expect(counts.templates.size).toBe(MAX_TEMPLATES);
    expect(counts.overflow).toBeGreaterThan(0);
    expect([...counts.templates.values()].reduce((n, t) => n + t.count, counts.overflow)).toBe(lines);
    expect(held).toBeLessThan(20 * 2 ** 20);
    // Merged with another full count, still at most MAX_TEMPLATES (or null: the lines are counted again).
    expect(mergeTemplateCounts(counts, counts)?.templates.size ?? 0).toBeLessThanOrEqual(MAX_TEMPLATES);
  });
});
