import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { context, fixtureLines } from '../../../test/fixtures/logs/read';
import { LOG_FORMATS } from './index';

const fixtureDir = join(__dirname, '../../../test/fixtures/logs');
const realLines = readdirSync(fixtureDir)
  .filter((name) => /\.(log|txt)$/.test(name))
  .flatMap((name) => fixtureLines(name).slice(0, 60));

/** Deterministic noise: the same bytes on every run. */
function noise(seed: number, length: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(x % 7 === 0 ? 0xd800 + (x % 0x800) : 32 + (x % 95));
  }
  return out;
}

const hostile = [
  '', ' ', '[', '<', '<99999999999999999999>[', '{"log":"', '{"MESSAGE":[1,2,', '{"MESSAGE":[1e999]}', '-- ',
  'Nov', 'Nov  ', 'Nov 99 99:99:99 host x: y', '9999-99-99T99:99:99Z stdout F x', '2026-02-30T25:61:61+99:99 x',
  '[' + ' '.repeat(100_000), 'level='.repeat(10_000), '['.repeat(50_000) + ']', 'E'.repeat(100_000),
  '\u0000\u0001\u0002', '\uffff\ud800', noise(1, 500), noise(2, 65_536),
];

describe('parsers survive any text', () => {
  it('never throw on cut-off real lines, noise or pathological input, and return only valid fields', () => {
    const ctx = context({ artifactPath: 'logs/pods/a_b_c/d/0.log', timezone: 'Europe/Berlin', collectedAtMs: Date.now(), bootTimeMs: 0 });
    const inputs = [...hostile];
    for (const line of realLines) for (let cut = 0; cut < Math.min(line.length, 48); cut += 3) inputs.push(line.slice(0, cut));
    const levels = new Set([null, 'fatal', 'error', 'warning', 'info', 'debug']);
    const wrong: string[] = [];
    for (const format of LOG_FORMATS) {
      for (const line of inputs) {
        const p = format.parse(line, ctx);
        const valid = (p.ts === null || Number.isFinite(p.ts)) && levels.has(p.level) && (p.source === null || typeof p.source === 'string');
        if (!valid) wrong.push(`${format.kind}: ${JSON.stringify(line.slice(0, 80))} -> ${JSON.stringify(p)}`);
      }
      expect(typeof format.sniff(inputs.slice(0, 20))).toBe('boolean');
    }
    expect(inputs.length).toBeGreaterThan(5000);
    expect(wrong).toEqual([]);
  });
});
