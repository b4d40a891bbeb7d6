import { describe, expect, it } from 'vitest';
import type { FlameNode, ProfileSummary } from '../../../../shared/api/profiles';
import { diffColor, deltaShare, FULL_AT } from './diffColor';
import { findPath, focusFunction, matchShare, mergeAt, pathOf, toDatum, type FlameDatum, type FlameHNode } from './flameData';
import { caselessLiteralRegex, exactNameRegex, literalMatcher, percent, shortName, signed, unitFormatter } from './format';
import { parseBaseline, pickSample, profileHash, readParams, type ProfileParams } from './params';
import { sortBy } from '../../lib/sort';
import { runningSums, topValue } from './topRows';

const node = (name: string, value: number, children: FlameNode[] = [], extra: Partial<FlameNode> = {}): FlameNode => ({ name, value, self: value - children.reduce((s, c) => s + c.value, 0), children, ...extra });

/** d3-hierarchy's shape (parent links, depth) over a datum, as d3-flame-graph hands nodes back. */
function hierarchy(d: FlameDatum, parent: FlameHNode | null = null): FlameHNode {
  const h: FlameHNode = { data: d, value: d.value, depth: parent ? parent.depth + 1 : 0, parent };
  h.children = d.children.map((c) => hierarchy(c, h));
  return h;
}

// A kubelet CPU profile in miniature: the PLEG relist loop under wait.Until, a "…" for narrow calls.
const PLEG = 'k8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).relist';
const kubelet = node('root', 1000, [
  node('runtime.goexit', 1000, [
    node('k8s.io/apimachinery/pkg/util/wait.Until', 700, [node(PLEG, 650, [node('runtime.chansend1', 50)]), node('…', 50, [], { elided: true })]),
    node('net/http.(*conn).serve', 300, [node('runtime.mallocgc', 120)]),
  ]),
]);

describe('numbers in the profile’s own unit', () => {
  it('prints CPU time as go tool pprof does: seconds, milliseconds', () => {
    const cpu = unitFormatter('cpu/nanoseconds');
    expect(cpu(205_170_000_000)).toBe('205.17 s');
    expect(cpu(430_000_000)).toBe('430.0 ms');
    expect(cpu(8_590_000)).toBe('8.59 ms');
    expect(signed(cpu, -135_900_000)).toBe('−135.9 ms');
  });
  it('prints heap sizes in binary units, counts as integers', () => {
    expect(unitFormatter('inuse_space/bytes')(1536)).toBe('1.50 KiB');
    expect(unitFormatter('alloc_space/bytes')(-3 * 1024 * 1024)).toBe('−3.00 MiB');
    expect(unitFormatter('goroutine/count')(2814)).toBe('2,814');
    expect(percent(5, 0)).toBe('0%');
  });
  it('has sum% as pprof -top prints it for large.cpu (time.Now, time.now, main.next)', () => {
    const rows = [
      { name: 'time.Now', flat: 205_170_000_000, cum: 205_170_000_000 },
      { name: 'time.now', flat: 22_910_000_000, cum: 22_910_000_000 },
      { name: 'main.next', flat: 8_810_000_000, cum: 217_070_000_000 },
    ];
    expect(runningSums(rows).map((s) => percent(s, 240_290_000_000))).toEqual(['85.38%', '94.92%', '98.59%']);
    expect(sortBy(rows, { key: 'cum', desc: true }, topValue).map((r) => r.name)).toEqual(['main.next', 'time.Now', 'time.now']);
    expect(sortBy(rows, { key: 'flat', desc: true }, topValue)).toEqual(rows);
    // A diff's largest change first, whatever its sign.
    const diff = [{ name: 'a', flat: 5, cum: 5 }, { name: 'b', flat: -9, cum: -9 }];
    expect(sortBy(diff, { key: 'flat', desc: true }, topValue).map((r) => r.name)).toEqual(['b', 'a']);
  });
});

describe('function names and searches', () => {
  it('shortens names by their package path, as pprof’s flame graph does', () => {
    expect(shortName(PLEG)).toBe('pleg.(*GenericPLEG).relist');
    expect(shortName('runtime.mallocgc')).toBe('runtime.mallocgc');
    expect(shortName('go.etcd.io/etcd/etcdserver.(*EtcdServer).Put')).toBe('etcdserver.(*EtcdServer).Put');
    // A slash inside a generic type argument is not a package separator.
    expect(shortName('k8s.io/client-go/tools/cache.(*Store[k8s.io/api/core/v1.Pod]).Add')).toBe('cache.(*Store[k8s.io/api/core/v1.Pod]).Add');
  });
  it('searches what the operator typed literally, in any case', () => {
    const m = literalMatcher('(*GenericPLEG)')!;
    expect(m(PLEG)).toBe(true);
    expect(m('k8s.io/kubernetes/pkg/kubelet.(*Kubelet).syncLoop')).toBe(false);
    expect(literalMatcher('  ')).toBeNull();
    const re = new RegExp(caselessLiteralRegex('TIME.NOW'));
    expect(re.test('time.Now')).toBe(true);
    expect(re.test('timeXnow')).toBe(false);
    expect(new RegExp(caselessLiteralRegex('wait.Until(')).test('k8s.io/apimachinery/pkg/util/wait.Until(0x1)')).toBe(true);
  });
  it('focuses on exactly one function when zooming', () => {
    const re = new RegExp(exactNameRegex('go.etcd.io/etcd/etcdserver.(*EtcdServer).Put'));
    expect(re.test('go.etcd.io/etcd/etcdserver.(*EtcdServer).Put')).toBe(true);
    expect(re.test('go.etcd.io/etcd/etcdserver.(*EtcdServer).PutX')).toBe(false);
    expect(re.test('goXetcdXio/etcd/etcdserver.(*EtcdServer).Put')).toBe(false);
  });
});

describe('the flame tree between the engine and d3-flame-graph', () => {
  it('finds a zoomed path again in the tree the engine sends after the zoom', () => {
    const h = hierarchy(toDatum(kubelet));
    const relist = h.children![0].children![0].children![0];
    expect(relist.data.name).toBe('pleg.(*GenericPLEG).relist');
    const path = pathOf(relist);
    expect(path).toEqual(['runtime.goexit', 'k8s.io/apimachinery/pkg/util/wait.Until', PLEG]);
    expect(findPath(hierarchy(toDatum(kubelet)), path).data.fn).toBe(PLEG);
    // Cut deeper than the new tree goes: the deepest node that is still there.
    expect(findPath(h, [...path, 'runtime.chansend1', 'runtime.gopark']).data.fn).toBe('runtime.chansend1');
  });
  it('zooming into "…" focuses on its caller, which has a function name', () => {
    const h = hierarchy(toDatum(kubelet));
    const dots = h.children![0].children![0].children![1];
    expect(dots.data.elided).toBe(true);
    expect(focusFunction(pathOf(dots), true)).toBe('k8s.io/apimachinery/pkg/util/wait.Until');
    expect(focusFunction([], false)).toBeNull();
  });
  it('counts matching frames, and a match inside a match once', () => {
    const recursive = node('root', 100, [node('main.walk', 100, [node('main.walk', 60, [node('main.walk', 20)]), node('…', 40, [], { elided: true })])]);
    expect(matchShare(toDatum(recursive), (n) => n === 'main.walk')).toEqual({ frames: 3, value: 100 });
    expect(matchShare(toDatum(kubelet), literalMatcher('…')!)).toEqual({ frames: 0, value: 0 });
    expect(matchShare(toDatum(kubelet), literalMatcher('runtime.')!)).toEqual({ frames: 3, value: 1000 });
  });
  it('draws a diff node as wide as A + B, so what B dropped stays visible', () => {
    const gone = toDatum(node('root', 80, [node('etcdserver.(*EtcdServer).Range', 0, [], { base: 30 })], { base: 100 }));
    expect(gone.value).toBe(180);
    expect(gone.children[0].value).toBe(30);
    expect(gone.children[0].target).toBe(0);
  });
  it('shows control characters in names as symbols (labels are text, never markup)', () => {
    expect(toDatum(node('evil\u001b[31m\u0007name', 1)).name).toBe('evil\u2407name');
  });
});

describe('differential colours: one normalisation, (B − A) / A’s total', () => {
  it('is grey without change, red for more in B, blue for less, full at ±FULL_AT', () => {
    expect(diffColor(0)).toBe('rgb(218,220,224)');
    expect(diffColor(FULL_AT)).toBe('rgb(214,48,39)');
    expect(diffColor(-FULL_AT)).toBe('rgb(49,104,214)');
    expect(diffColor(10 * FULL_AT)).toBe(diffColor(FULL_AT));
    expect(deltaShare(70, 10, 590)).toBeCloseTo(60 / 590);
    expect(deltaShare(1, 0, 0)).toBe(0);
  });
  it('gets redder as the increase grows', () => {
    const red = (s: number) => Number(/rgb\((\d+),(\d+)/.exec(diffColor(s))![2]);
    expect(red(0.01)).toBeGreaterThan(red(0.02));
    expect(red(0.02)).toBeGreaterThan(red(0.04));
  });
});

describe('the URL of a profile, a sample type, a diff', () => {
  const heap: ProfileSummary = {
    artifact: 'pprof/kube-apiserver/heap.pb.gz',
    component: 'kube-apiserver',
    kind: 'pprof',
    sampleTypes: ['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes'],
    defaultSampleType: 'inuse_space',
    durationNanos: null,
    time: null,
    error: null,
  };
  it('opens a heap profile on inuse_space, and takes pprof’s -sample_index names', () => {
    expect(pickSample(heap, null)).toBe('inuse_space/bytes');
    expect(pickSample(heap, 'alloc_space')).toBe('alloc_space/bytes');
    expect(pickSample(heap, 'nonsense')).toBe('alloc_objects/count');
  });
  it('round-trips a diff against another bundle through the hash', () => {
    const p: ProfileParams = {
      path: heap.artifact,
      sample: 'alloc_space/bytes',
      inverted: true,
      baseline: { bundle: 3, path: 'pprof/kube-apiserver/heap.pb.gz' },
      raw: true,
      focus: 'kubelet',
      ignore: '^runtime\\.',
      hide: 'gc',
      zoom: ['main.main', 'k8s.io/kubernetes/pkg/kubelet.(*Kubelet).Run'],
      zoomElided: false,
      selected: 'k8s.io/kubernetes/pkg/kubelet.(*Kubelet).Run',
      search: '/relist|sync/i',
      mode: 'sandwich',
    };
    const hash = profileHash(7, p);
    expect(hash.startsWith('#/b/7/profiles?')).toBe(true);
    expect(readParams(heap, new URLSearchParams(hash.split('?')[1]))).toEqual(p);
    expect(parseBaseline('x:y')).toBeNull();
  });
});

describe('regex highlight and the sandwich', () => {
  it('takes /regex/ (RE2, /…/i ignores case) besides literal text', () => {
    const m = literalMatcher('/^runtime\\.(gc|mcall)/')!;
    expect(m('runtime.gcBgMarkWorker')).toBe(true);
    expect(m('main.runtime.gc')).toBe(false);
    expect(literalMatcher('/PLEG/i')!('pleg.(*GenericPLEG).relist')).toBe(true);
    expect(literalMatcher('/(a)\\1/')!('aa')).toBe(false); // backreferences: not RE2, matches nothing
  });

  it('merges every frame of a function into one root, summing what is under it', () => {
    const leaf = (name: string, v: number): FlameNode => ({ name, value: v, self: v, children: [] });
    const tree: FlameNode = {
      name: 'root',
      value: 10,
      self: 0,
      children: [
        { name: 'a', value: 6, self: 0, children: [{ name: 'f', value: 6, self: 1, children: [leaf('x', 5)] }] },
        { name: 'b', value: 4, self: 0, children: [{ name: 'f', value: 4, self: 0, children: [leaf('x', 1), leaf('y', 3)] }] },
      ],
    };
    const merged = mergeAt(toDatum(tree), 'f');
    expect(merged.children).toHaveLength(1);
    const f = merged.children[0];
    expect([f.fn, f.target, f.self]).toEqual(['f', 10, 1]);
    expect(f.children.map((c) => [c.fn, c.target])).toEqual([
      ['x', 6],
      ['y', 3],
    ]);
  });
});
