import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTop } from '../../main/engine/profiles/diff';
import { toFolded, toPprof, toSpeedscope } from '../../main/engine/profiles/export';
import { buildDiffTree, buildTree, flameGraph, type FlameOptions } from '../../main/engine/profiles/flame';
import { decodeProfile } from '../../main/engine/profiles/load';
import { topTable } from '../../main/engine/profiles/top';
import type { CallTree, FlameNode } from '../../main/engine/profiles/tree';
import { hasSharedFixtures } from '../support/shared-fixtures';
import { fixture, PPROF_FIXTURES } from './fixtures';
import { largeCpuProfile } from './synthetic';
import { havePprof, pprofTop } from './pprof-reference';

// The stress profiles: ours made at test time (synthetic.ts), and google/pprof's large.cpu of ../shared.
const STRESS = [
  { from: 'synthetic, made at test time', skip: false, bytes: largeCpuProfile },
  { from: 'google-pprof large.cpu, ../shared', skip: !hasSharedFixtures, bytes: () => fixture('google-pprof/large.cpu') },
];
const etcdPut = decodeProfile(fixture('etcd-3.4.23/cpu-put.pb.gz'));
const etcdPutRange = decodeProfile(fixture('etcd-3.4.23/cpu-put-range.pb.gz'));

function expectConservation(tree: CallTree): void {
  const childSum = new Float64Array(tree.size);
  for (let i = 1; i < tree.size; i++) childSum[tree.parent.data[i]] += tree.value.data[i];
  const broken: number[] = [];
  for (let i = 0; i < tree.size; i++) if (tree.self.data[i] + childSum[i] !== tree.value.data[i]) broken.push(i);
  expect(broken).toEqual([]);
}

function walk(n: FlameNode, visit: (n: FlameNode) => void): void {
  visit(n);
  n.children.forEach((c) => walk(c, visit));
}

for (const stress of STRESS) describe.skipIf(stress.skip)(`flame graphs of the stress profile (${stress.from})`, () => {
  const large = stress.skip ? etcdPut : decodeProfile(stress.bytes());
  it('keeps every sample: each node is its own self plus its children, the root is pprof total', () => {
    const { tree } = buildTree(large, { sample: 'cpu' });
    expect(tree.value.data[0]).toBe(topTable(large, { sample: 'cpu' }).total);
    expect(tree.size).toBeGreaterThan(100_000);
    expectConservation(tree);
  });

  it('inverted, its first level is the flat column of pprof top', () => {
    const { tree } = buildTree(large, { sample: 'cpu', inverted: true });
    const firstLevel = new Map<string, number>();
    for (let i = 1; i < tree.size; i++) {
      if (tree.parent.data[i] === 0) firstLevel.set(tree.names.names[tree.nameId.data[i]], tree.value.data[i]);
    }
    const flat = topTable(large, { sample: 'cpu' }).rows.filter((r) => r.flat !== 0);
    expect(firstLevel.size).toBe(flat.length);
    for (const r of flat) expect(firstLevel.get(r.name)).toBe(r.flat);
  });

  it('is pruned under 10k nodes with one "…" per parent, and no value lost', () => {
    const g = flameGraph(large, { sample: 'cpu', minShare: 0 });
    expect(g.fullNodes).toBeGreaterThan(100_000);
    expect(g.nodes).toBeLessThanOrEqual(10_000);
    expect(g.minShare).toBeGreaterThan(0);
    let elided = 0;
    walk(g.root, (n) => {
      const children = n.children.reduce((a, c) => a + c.value, 0);
      expect(n.self + children).toBe(n.value);
      expect(n.children.filter((c) => c.elided).length).toBeLessThanOrEqual(1);
      if (n.elided) elided++;
    });
    expect(elided).toBeGreaterThan(0);
    expect(g.root.value).toBe(g.total);
  });
});

describe.skipIf(!havePprof())('filters and exports agree with go tool pprof', () => {
  const file = path.join(PPROF_FIXTURES, 'etcd-3.4.23/cpu-put-range.pb.gz');
  const cases: [string, FlameOptions['filter'], string[]][] = [
    ['focus on the mvcc range path', { focus: /mvcc/ }, ['-focus=mvcc']],
    ['ignore the runtime scheduler', { ignore: /runtime\.schedule/ }, ['-ignore=runtime\\.schedule']],
    ['hide runtime frames', { hide: /^runtime\./ }, ['-hide=^runtime\\.']],
  ];
  for (const [title, filter, flags] of cases) {
    it(title, () => {
      const ours = topTable(etcdPutRange, { sample: 'cpu', filter, limit: 50 });
      const theirs = pprofTop(file, 'cpu', 'nanoseconds', flags);
      expect(theirs.rows.length).toBeGreaterThan(0);
      expect(ours.rows).toEqual(theirs.rows.slice(0, 50));
      expect(ours.total).toBe(theirs.total);
    });
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-export-'));

  it('a filtered profile exported as pprof protobuf reads back in pprof with the same top', () => {
    const options = { sample: 'cpu', filter: { focus: /etcdserver/, hide: /^runtime\./ } };
    const { tree } = buildTree(etcdPutRange, options);
    const out = path.join(tmp, 'filtered.pb.gz');
    fs.writeFileSync(out, toPprof(tree, { sampleType: { type: 'cpu', unit: 'nanoseconds' } }));
    const theirs = pprofTop(out, 'cpu', 'nanoseconds');
    const ours = topTable(etcdPutRange, { ...options, limit: 50 });
    expect(ours.rows).toEqual(theirs.rows.slice(0, 50));
    expect(tree.value.data[0]).toBe(theirs.total);
    expect(tree.value.data[0]).toBeLessThan(ours.total);
  });

  it('a normalised diff exported as pprof protobuf is the same diff in pprof', () => {
    const { tree } = buildDiffTree(etcdPut, etcdPutRange, { sample: 'cpu' });
    const out = path.join(tmp, 'diff.pb.gz');
    fs.writeFileSync(out, toPprof(tree, { sampleType: { type: 'cpu', unit: 'nanoseconds' } }));
    const theirs = pprofTop(out, 'cpu', 'nanoseconds');
    const ours = diffTop(etcdPut, etcdPutRange, { sample: 'cpu', limit: 50 });
    expect(ours.rows).toEqual(theirs.rows.slice(0, 50));
    expect(ours.total).toBe(theirs.total);
  });
});

describe('folded stacks and speedscope JSON', () => {
  const { tree } = buildTree(etcdPutRange, { sample: 'cpu' });
  const total = topTable(etcdPutRange, { sample: 'cpu' }).total;

  it('folded: one `root;…;leaf value` line per stack, values summing to the total', () => {
    const lines = toFolded(tree).trimEnd().split('\n');
    let sum = 0;
    for (const line of lines) {
      const m = /^(.+) (\d+)$/.exec(line);
      expect(m, line).not.toBeNull();
      sum += Number(m![2]);
    }
    expect(sum).toBe(total);
    expect(new Set(lines.map((l) => l.replace(/ \d+$/, ''))).size).toBe(lines.length);
  });

  it('speedscope: a sampled profile whose weights sum to the total and whose frames all exist', () => {
    const doc = JSON.parse(toSpeedscope(tree, 'etcd cpu', 'nanoseconds')) as {
      shared: { frames: { name: string }[] };
      profiles: { type: string; unit: string; endValue: number; samples: number[][]; weights: number[] }[];
    };
    const p = doc.profiles[0];
    expect(p.type).toBe('sampled');
    expect(p.unit).toBe('nanoseconds');
    expect(p.weights.reduce((a, b) => a + b, 0)).toBe(total);
    expect(p.endValue).toBe(total);
    for (const s of p.samples) for (const f of s) expect(doc.shared.frames[f]).toBeDefined();
  });
});
