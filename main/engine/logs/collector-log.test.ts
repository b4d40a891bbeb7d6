import { describe, expect, it } from 'vitest';
import { context, fixtureLines, parseAll } from '../../../test/fixtures/logs/read';
import { collectorLogFormat } from './collector-log';
import { sniffLogFormat } from './index';

// A real run of collector/nodescope-collect.sh on this VM; its manifest said startedAt 2026-11-22T05:46:04Z.
const lines = fixtureLines('collector-this-vm.log');
const ctx = context({ artifactPath: 'collector.log', collectedAtMs: Date.parse('2026-11-22T05:46:04Z') });

describe("collector-log: the collector's own log", () => {
  it('dates each step from the start of the collection', () => {
    const parsed = parseAll(collectorLogFormat, lines, ctx);
    const elapsed = lines.map((l) => Math.round(Number(/^\[\+([\d.]+)s\]/.exec(l)?.[1]) * 1000));
    expect(parsed.map((p) => p.ts)).toEqual(elapsed.map((ms) => Date.parse('2026-11-22T05:46:04Z') + ms));
    expect(new Set(parsed.map((p) => p.source))).toEqual(new Set(['collector']));
    expect(new Set(parsed.map((p) => p.level))).toEqual(new Set(['info']));
  });

  it('marks the steps that timed out or were abandoned as warnings', () => {
    expect(collectorLogFormat.parse('[+31.020s] timed out after 30000 ms: crictl ps -a', ctx).level).toBe('warning');
    expect(collectorLogFormat.parse('[+9.500s] reading /proc/4242/stack blocked for 5s: abandoned', ctx).level).toBe('warning');
  });

  it('is recognised by its first line', () => {
    expect(sniffLogFormat('collector.log', lines.slice(0, 20))?.kind).toBe('collector-log');
  });
});
