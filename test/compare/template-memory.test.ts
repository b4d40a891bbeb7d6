import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { TemplateCounter } from '../../main/engine/compare/template-store';
import { countBatch } from '../../main/engine/ingest/template-sink';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A batch as ingest sends it to the template counter: the lines joined in one text. */
function batch(lines: string[], firstId: number) {
  return {
    ids: Float64Array.from(lines, (_, i) => firstId + i),
    levels: Int8Array.from(lines, () => -1),
    texts: lines.join('\n'),
  };
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
      countBatch(counter, batch([fresh, ...filler], b * 4001));
    }
    gc();
    const held = process.memoryUsage().heapUsed - before;
    expect(counter.result().templates.size).toBe(33);
    expect(held).toBeLessThan(8 * 2 ** 20);
  });
});
