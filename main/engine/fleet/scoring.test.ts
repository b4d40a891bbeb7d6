import { describe, expect, it } from 'vitest';
import type { FeatureValue, NodeFeatures } from './features';
import { pairsAbove, separators } from './groups';
import { EvidenceResolver, reasonOf } from './reasons';
import { nodeScore, poolFeatures, rarity, scoreFeature, THRESHOLD } from './scoring';

/** A node's features from plain values: strings are categories, numbers measures unless listed as counts. */
function node(values: Record<string, string | number>, counts: string[] = [], sources = ['facts', 'logs', 'system']): NodeFeatures {
  const m = new Map<string, FeatureValue>();
  for (const [key, value] of Object.entries(values)) {
    const count = counts.includes(key);
    m.set(key, {
      kind: count ? 'log' : typeof value === 'string' ? 'fact' : 'system',
      type: count ? 'count' : typeof value === 'string' ? 'category' : 'measure',
      label: key,
      source: count ? 'logs' : typeof value === 'string' ? 'facts' : 'system',
      value,
      unit: count ? 'lines' : typeof value === 'number' ? '%' : undefined,
      evidence: { artifact: `a/${key}`, line: 1, text: String(value) },
    });
  }
  return { values: m, sources: new Set(sources) };
}

const noDb = { resolve: (r: unknown) => r } as unknown as EvidenceResolver;

function scores(nodes: NodeFeatures[], key: string): (number | null)[] {
  const f = poolFeatures(nodes).find((p) => p.key === key);
  return scoreFeature(f!)!.scores;
}

describe('rarity of a category value', () => {
  it('is notable for one node in four or more when a majority shares another value, never for the majority', () => {
    expect(rarity(1, 4, 3)).toBe(3.5);
    expect(rarity(1, 8, 7)).toBeCloseTo(5.25);
    expect(rarity(2, 10, 8)).toBeCloseTo(4.06);
    expect(rarity(2, 8, 6)).toBeLessThan(THRESHOLD);
    expect(rarity(5, 20, 15)).toBeLessThan(THRESHOLD);
    expect(rarity(3, 8, 5)).toBeLessThan(THRESHOLD);
    expect(rarity(7, 8, 7)).toBe(0);
    expect(rarity(1, 100, 99)).toBe(10);
    // No majority (every node its own value): nobody is rare.
    expect(rarity(1, 10, 2)).toBeLessThan(THRESHOLD);
  });
});

describe('scores over a pool', () => {
  const kernels = [...Array(9).fill('3.10.0-1160.el7.x86_64'), '3.10.0-862.el7.x86_64'];
  const pool = kernels.map((k, i) => node({ kernel: k, steal: 1 + (i % 3) * 0.5 }));

  it('names the one node with another kernel, in plain words, with its evidence', () => {
    const f = poolFeatures(pool).find((p) => p.key === 'kernel')!;
    const s = scoreFeature(f)!;
    expect(s.scores.slice(0, 9)).toEqual(Array(9).fill(0));
    expect(s.scores[9]).toBeGreaterThanOrEqual(THRESHOLD);
    const r = reasonOf(s, 9, s.scores[9]!, noDb);
    expect(r).toMatchObject({ feature: 'kernel', value: '3.10.0-862.el7.x86_64', usual: '3.10.0-1160.el7.x86_64 on 9 of the other 9 nodes' });
    expect(r.evidence).toEqual({ artifact: 'a/kernel', line: 1, text: '3.10.0-862.el7.x86_64' });
  });

  it('numbers within a few points of each other are never notable (the floor of the scale)', () => {
    expect(Math.max(...(scores(pool, 'steal') as number[]))).toBeLessThan(THRESHOLD);
  });

  it('a number far from the median is notable in both directions (median/MAD)', () => {
    const p = [...pool.slice(0, 9), node({ kernel: 'x', steal: 40 })];
    expect(scores(p, 'steal')[9]).toBeGreaterThanOrEqual(THRESHOLD);
    const low = Array.from({ length: 10 }, (_, i) => node({ kernel: 'x', steal: i === 3 ? 2 : 60 + i }));
    expect(scores(low, 'steal')[3]).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('a MAD of zero still gives a finite score (the floor), capped at 10', () => {
    const p = Array.from({ length: 8 }, (_, i) => node({ storm: i === 5 ? 4210 : 0 }, ['storm']));
    const s = scores(p, 'storm');
    expect(s[5]).toBe(10);
    expect(s.filter((x) => x === 0)).toHaveLength(7);
  });

  it('a log template counts as 0 lines on nodes with logs that lack it, and only a count above the pool is unusual', () => {
    const p = Array.from({ length: 8 }, (_, i) => (i === 2 ? node({}, [], ['logs']) : node({ chatter: 1000 + i }, ['chatter'])));
    const f = poolFeatures(p).find((x) => x.key === 'chatter')!;
    expect(f.values[2]?.value).toBe(0);
    expect(scoreFeature(f)!.scores[2]).toBe(0);
    // A node without logs at all has no value: it is neither usual nor unusual.
    const q = p.map((n, i) => (i === 2 ? node({}, [], ['facts']) : n));
    expect(poolFeatures(q).find((x) => x.key === 'chatter')!.values[2]).toBeNull();
  });

  it('one line more or less of a template is noise; a template only one node has, many times, is not', () => {
    const p = Array.from({ length: 8 }, (_, i) => node({ t: 100 + (i % 2), u: i === 4 ? 60 : 0 }, ['t', 'u']));
    expect(Math.max(...(scores(p, 't') as number[]))).toBeLessThan(1);
    expect(scores(p, 'u')[4]).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('fewer than three nodes with a value: not compared', () => {
    const p = [node({ a: 'x' }), node({ a: 'y' }), node({}, [], [])];
    expect(scoreFeature(poolFeatures(p)[0]!)).toBeNull();
  });

  it("a node's score adds up its five most unusual notable features", () => {
    expect(nodeScore([1, 2, 3])).toBe(0);
    expect(nodeScore([10, 10, 10, 10, 10, 10, 4, 1])).toBe(50);
    expect(nodeScore([3.5, 5])).toBe(8.5);
  });
});

describe('what separates two groups', () => {
  it('ranks the feature every node of B differs in first, and drops features alike in both', () => {
    const a = Array.from({ length: 5 }, (_, i) => node({ kubelet: 'v1.27.3', steal: 1 + i, os: 'Ubuntu' }));
    const b = Array.from({ length: 3 }, (_, i) => node({ kubelet: 'v1.28.1', steal: 4 + i, os: 'Ubuntu' }));
    const s = separators(a, b);
    expect(s[0]).toMatchObject({ feature: 'kubelet', separation: 1, a: 'v1.27.3 on 5 of 5', b: 'v1.28.1 on 3 of 3' });
    expect(s.find((x) => x.feature === 'os')).toBeUndefined();
    const steal = s.find((x) => x.feature === 'steal')!;
    expect(steal.separation).toBeGreaterThan(0);
    expect(steal.separation).toBeLessThan(1);
  });

  it('counts the pairs where B is above A (ties half) in one walk of both groups, not every pair', () => {
    const every = (xa: number[], xb: number[]) => xb.reduce((n, y) => n + xa.reduce((m, x) => m + (y > x ? 1 : y === x ? 0.5 : 0), 0), 0);
    const sorted = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 7919 + seed) % 13) / 2).sort((x, y) => x - y);
    for (const [na, nb] of [[0, 3], [3, 0], [1, 1], [17, 9], [40, 55]]) {
      const xa = sorted(na, 3);
      const xb = sorted(nb, 5);
      expect(pairsAbove(xa, xb), `${na} x ${nb}`).toBe(every(xa, xb));
    }
    // 100 nodes against 100: reads of A grow with the nodes, not with their pairs.
    let reads = 0;
    const xa = sorted(100, 1);
    const counted = new Proxy(xa, { get: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(t, k)) });
    expect(pairsAbove(counted, sorted(100, 2))).toBe(every(xa, sorted(100, 2)));
    expect(reads).toBeLessThanOrEqual(3 * (100 + 100));
  });
});
