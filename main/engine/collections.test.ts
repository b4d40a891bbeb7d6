import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendTo } from './collections';

/** Every TypeScript source of the app, tests left out. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('grouping values by key', () => {
  it('adds to the list in place, whatever its length', () => {
    const byParent = new Map<number, number[]>();
    for (let pid = 2; pid < 80_002; pid++) appendTo(byParent, 1, pid);
    const list = byParent.get(1);
    appendTo(byParent, 1, 80_002);
    expect(byParent.get(1)).toBe(list);
    expect(list).toHaveLength(80_001);
  });

  it('is never done by copying the list at each add (a parent of 80,000 zombies took 36 s)', () => {
    const root = path.resolve(__dirname, '..', '..');
    const copying = /\.set\([^;]*\[\.\.\.\(\s*[\w.]+\.get\(/;
    const found = ['main', 'shared', 'renderer'].flatMap((top) => sources(path.join(root, top)))
      .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line: i + 1, text: line })))
      .filter((l) => copying.test(l.text))
      .map((l) => `${path.relative(root, l.file)}:${l.line}: ${l.text.trim()}`);
    expect(found).toEqual([]);
  });
});
