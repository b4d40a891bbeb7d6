import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShareMap } from '../../main/engine/share/map';
import { tmpDir } from '../collector/fake-node';
import { plantedBundle, plantedValues } from './planted';
import { cli, findingCounts, members } from './shared-bundle';

describe('nodescope share: a bundle made by the real collector, with identifying values planted everywhere', () => {
  const work = tmpDir('share');
  const db = path.join(work, 'ws.db');
  const map = path.join(work, 'site-map.json');
  const out1 = path.join(work, 'worker-7-shared.tar.gz');
  const out2 = path.join(work, 'worker-8-shared.tar.gz');
  let original1 = '';
  let original2 = '';

  beforeAll(async () => {
    original1 = await plantedBundle('acme-worker-7');
    original2 = await plantedBundle('acme-worker-8');
    cli(db, 'share', original1, '-o', out1, '--map', map, '--k8s-names');
    cli(db, 'share', original2, '-o', out2, '--map', map, '--k8s-names');
  }, 180_000);

  it('leaves no original value in any member, file name, .gz inside or profile string', () => {
    for (const [out, host] of [[out1, 'acme-worker-7'], [out2, 'acme-worker-8']] as const) {
      const files = members(out);
      expect(files.size).toBeGreaterThan(20);
      for (const [name, text] of files) {
        for (const value of plantedValues(host)) {
          expect(name.toLowerCase(), `${value} in the name ${name}`).not.toContain(value);
          expect(text.toLowerCase(), `${value} in ${name}`).not.toContain(value);
        }
      }
    }
  });

  it('gives a value the same pseudonym in every file and in both bundles shared with one map', () => {
    const m = loadShareMap(map);
    const fake = `${m.ipv4Net24['10.20.30']}.40`;
    const withIt = (out: string) => [...members(out)].filter(([, text]) => text.includes(fake)).map(([name]) => name);
    expect(withIt(out1).length).toBeGreaterThan(2);
    expect(withIt(out2).length).toBeGreaterThan(2);
    const domain = m.values.domain?.['prod.acme-corp.com'];
    expect(domain).toMatch(/^d-[0-9a-f]{6}\.example\.invalid$/);
    expect([...members(out1).values()].some((t) => t.includes(domain!))).toBe(true);
    expect([...members(out2).values()].some((t) => t.includes(domain!))).toBe(true);
  });

  it('keeps subnet membership: one /24 stays one /24, one /16 one /16, in a reserved range', () => {
    const m = loadShareMap(map);
    expect(m.ipv4Net24['10.20.30']).toBeDefined();
    expect(m.ipv4Net24['10.20.31']).toBeDefined();
    const [a, b] = [m.ipv4Net24['10.20.30']!, m.ipv4Net24['10.20.31']!];
    expect(a.split('.').slice(0, 2)).toEqual(b.split('.').slice(0, 2));
    expect(a).not.toBe(b);
    expect(Number(a.split('.')[0])).toBeGreaterThanOrEqual(240);
    const text = [...members(out1).values()].join('\n');
    expect(text).toContain(`${a}.0/24`);
  });

  it('is written with the map outside it, mode 600, and a manifest that records counts but no value', () => {
    expect(fs.statSync(map).mode & 0o777).toBe(0o600);
    const files = members(out1);
    expect([...files.values()].some((t) => t.includes(loadShareMap(map).key))).toBe(false);
    const manifestName = [...files.keys()].find((n) => n.endsWith('/manifest.json'))!;
    const manifest = JSON.parse(files.get(manifestName)!) as { pseudonymisation: { kinds: { kind: string; occurrences: number }[] } };
    const kinds = manifest.pseudonymisation.kinds.map((k) => k.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ipv4', 'ipv6', 'mac', 'hostname', 'domain', 'email', 'user', 'namespace', 'pod']));
  });

  it('is a normal bundle: it ingests and yields the same findings (rule and count) as the original', () => {
    const shared = JSON.parse(cli(db, 'ingest', out1, '--json')) as { bundles: { incomplete: boolean; errors: unknown[] }[] };
    expect(shared.bundles[0]!.errors).toEqual([]);
    const before = findingCounts(db, original1);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    expect(findingCounts(db, out1)).toEqual(before);
  });

  it('unshare turns a report of the shared bundle back into the real values', () => {
    const sharedReport = path.join(work, 'shared-report.md');
    cli(db, 'report', out1, '-o', sharedReport, '--all');
    const text = fs.readFileSync(sharedReport, 'utf8');
    expect(text).not.toContain('acme-worker-7');
    const restored = cli(db, 'unshare', sharedReport, '--map', map);
    expect(restored).not.toMatch(/(?<![A-Za-z0-9-])(?:node|d|user|ns|pod)-[0-9a-f]{6}(?![A-Za-z0-9])/);
    expect(restored).toContain('acme-worker-7');
    const originalReport = path.join(work, 'original-report.md');
    cli(db, 'report', original1, '-o', originalReport, '--all');
    const quoted = (t: string) => t.split('\n').filter((l) => l.startsWith('    ') || l.startsWith('> ') || l.startsWith('| ') && !/sha256|Ingested|Generated|Bundle file|collected|^\| Bundle \|/i.test(l));
    expect(quoted(restored).filter((l) => !/[0-9a-f]{64}/.test(l))).toEqual(quoted(fs.readFileSync(originalReport, 'utf8')).filter((l) => !/[0-9a-f]{64}/.test(l)));
  });
});
