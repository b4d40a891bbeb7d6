import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './harness';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|cjs|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** Module specifiers a file loads at runtime (type-only imports are erased by the compiler). */
function runtimeImports(file: string): string[] {
  const text = fs
    .readFileSync(path.join(REPO, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
    specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return specs;
}

// Electron's package, loaded in plain Node, tries to download its binary and throws: only the Electron
// entry and the preload may load it, and nothing the CLI, the server or the tests load may reach them.
describe('layering: who may load Electron', () => {
  it('only main/app/main.ts and main/app/preload.ts import electron as a value', () => {
    const offenders = [...sources('main'), ...sources('shared'), ...sources('renderer/src')].filter((f) => runtimeImports(f).includes('electron'));
    expect(offenders.sort()).toEqual(['main/app/main.ts', 'main/app/preload.ts']);
  });

  it('nothing outside main/app imports main/app', () => {
    const offenders = [...sources('main'), ...sources('shared')]
      .filter((f) => !f.startsWith(`main${path.sep}app${path.sep}`))
      .filter((f) => runtimeImports(f).some((s) => s.startsWith('.') && path.resolve(path.dirname(path.join(REPO, f)), s).startsWith(path.join(REPO, 'main', 'app'))));
    expect(offenders).toEqual([]);
  });

  it('the renderer talks only to shared/ (no Node, no main/)', () => {
    for (const f of sources('renderer/src')) {
      for (const s of runtimeImports(f)) {
        expect(s.startsWith('node:') || s.includes('/main/') || ['fs', 'path', 'child_process'].includes(s), `${f} imports ${s}`).toBe(false);
      }
    }
  });
});
