import { describe, expect, it } from 'vitest';
import type { ArtifactRow } from './artifacts';
import { cachedParse, cachedSmall, PARSED_CACHE_BYTES, seedParsed } from './parsed-cache';

const artifact = (sha256: string, bytes: number): ArtifactRow => ({
  id: 1,
  bundleId: 1,
  path: 'network/iptables-save.txt',
  kind: 'iptables-save',
  kindGuessed: false,
  bytes,
  sha256,
  lineCount: 0,
  truncated: false,
  itemJson: null,
});

describe('the parse cache', () => {
  it("keeps a 96 MiB dump's parse when a line found in it is cached next (the rules' second pass reuses it)", () => {
    const dump = artifact('a'.repeat(64), 96 * 2 ** 20);
    let parses = 0;
    const parse = () => cachedParse(dump, 'iptables', () => ++parses);
    parse();
    expect(cachedSmall(dump, 'header', () => ({ line: 1 }))).toEqual({ line: 1 });
    parse();
    expect(parses).toBe(1);
  });

  it('finds a small value once per content, and again for another content', () => {
    let finds = 0;
    const find = () => ++finds;
    cachedSmall(artifact('b'.repeat(64), 10), 'header', find);
    cachedSmall(artifact('b'.repeat(64), 10), 'header', find);
    cachedSmall(artifact('c'.repeat(64), 10), 'header', find);
    expect(finds).toBe(2);
  });

  it('holds a bounded number of small values, the oldest dropped first', () => {
    let finds = 0;
    const find = () => ++finds;
    const sha = (i: number) => String(i).padStart(64, 'd');
    for (let i = 0; i < 300; i++) cachedSmall(artifact(sha(i), 10), 'header', find);
    cachedSmall(artifact(sha(299), 10), 'header', find);
    expect(finds).toBe(300);
    cachedSmall(artifact(sha(0), 10), 'header', find);
    expect(finds).toBe(301);
  });

  it('answers with a value parsed elsewhere (the ingest\'s listing thread) without parsing, within the same byte bound', () => {
    const listing = artifact('e'.repeat(64), 1000);
    seedParsed(listing, 'k8s-list', { items: ['seeded'] });
    seedParsed(listing, 'k8s-list', { items: ['seeded again'] });
    expect(cachedParse(listing, 'k8s-list', () => ({ items: ['parsed'] }))).toEqual({ items: ['seeded again'] });
    // Seeding past the bound drops the oldest, as parsing does.
    const big = (i: number) => artifact(String(i).padStart(64, 'f'), PARSED_CACHE_BYTES / 4);
    for (let i = 0; i < 5; i++) seedParsed(big(i), 'k8s-list', i);
    let parses = 0;
    expect(cachedParse(big(0), 'k8s-list', () => ++parses)).toBe(1);
    expect(cachedParse(big(4), 'k8s-list', () => ++parses)).toBe(4);
    expect(parses).toBe(1);
  });
});
