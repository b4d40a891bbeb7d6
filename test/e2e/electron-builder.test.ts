import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './harness';

/**
 * The subset of YAML electron-builder.yml uses: nested maps, lists of scalars or maps, quoted and bare
 * scalars, comments. Enough to read our own file, not a general parser.
 */
type Yaml = string | number | boolean | null | Yaml[] | { [k: string]: Yaml };

function scalar(raw: string): Yaml {
  const v = raw.trim();
  if (/^".*"$/.test(v) || /^'.*'$/.test(v)) return v.slice(1, -1);
  if (v === 'null' || v === '~') return null;
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

function parseYaml(text: string): Yaml {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, ''))
    .filter((l) => l.trim() !== '')
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;
  const block = (indent: number): Yaml => {
    if (lines[i].text.startsWith('- ')) {
      const list: Yaml[] = [];
      while (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('- ')) {
        const item = lines[i].text.slice(2);
        if (/^[\w.-]+:(\s|$)/.test(item)) {
          // A map inside a list item: re-read its first key at the item's inner indent.
          lines[i] = { indent: indent + 2, text: item };
          list.push(block(indent + 2));
        } else {
          list.push(scalar(item));
          i++;
        }
      }
      return list;
    }
    const map: { [k: string]: Yaml } = {};
    while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith('- ')) {
      const m = /^([\w.-]+):\s*(.*)$/.exec(lines[i].text);
      if (!m) throw new Error(`cannot read line: ${lines[i].text}`);
      i++;
      if (m[2] !== '') map[m[1]] = scalar(m[2]);
      else if (i < lines.length && lines[i].indent > indent) map[m[1]] = block(lines[i].indent);
      else if (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('- ')) map[m[1]] = block(indent);
      else map[m[1]] = null;
    }
    return map;
  };
  return block(0);
}

const config = parseYaml(fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, Yaml> & Yaml>;

function targets(platform: string): string[] {
  const t = (config[platform] as Record<string, Yaml>).target as Yaml[];
  return t.map((x) => (typeof x === 'string' ? x : String((x as Record<string, Yaml>).target)));
}

describe('electron-builder.yml (checked here, built on a packaging machine)', () => {
  it('builds AppImage and deb for Linux, dmg for macOS, nsis for Windows', () => {
    expect(targets('linux').sort()).toEqual(['AppImage', 'deb']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(targets('win')).toEqual(['nsis']);
  });

  it('unpacks the native SQLite module from the asar archive, and ships the Electron build of it', () => {
    expect(config.asar).toBe(true);
    const unpack = config.asarUnpack as unknown as string[];
    expect(unpack.some((p) => p.includes('better-sqlite3') && p.endsWith('*.node'))).toBe(true);
    expect(unpack).toContain('build-electron/**/*.node');
    expect(config.files as unknown as string[]).toContain('build-electron/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    // An in-place rebuild would replace the Node build the CLI and tests use.
    expect(config.npmRebuild).toBe(false);
  });

  it('packs the compiled app and the renderer, and starts from package.json main', () => {
    const files = config.files as unknown as string[];
    for (const f of ['dist/main/**', 'dist/renderer/**', 'package.json']) expect(files).toContain(f);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/app/main.js');
    expect(fs.existsSync(path.join(REPO, 'main', 'app', 'main.ts'))).toBe(true);
  });

  it('turns off the fuses an attacker could use to run the binary as plain Node', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('associates bundle files on every OS (NSIS needs a per-machine install for that)', () => {
    const assoc = config.fileAssociations as unknown as Record<string, string>[];
    expect(assoc.map((a) => a.ext)).toContain('k8sbundle');
    for (const a of assoc) expect(typeof a.ext).toBe('string');
    expect((config.nsis as Record<string, Yaml>).perMachine).toBe(true);
    expect(config.publish).toBeNull();
  });
});
