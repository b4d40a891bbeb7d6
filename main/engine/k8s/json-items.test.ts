import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/cases/harness';
import { k8sAllPodsOf } from './api';
import { chunked } from './fixture';
import { parseListingChunks, parseObjectList, type Obj } from './objects';

const read = (text: string, sizes = [1 << 20]) => parseListingChunks(chunked(text, sizes), () => text, (o: Obj) => o);

/** The demo bundle's `kubectl get pods -A -o json` (made by our own scripts). */
const demoPods = fs.readFileSync(path.join(__dirname, '../../../test/demo/nodescope-demo-worker-1/k8s/pods.json'), 'utf8');

describe('a kubectl JSON listing read object by object from its chunks', () => {
  it('gives the objects JSON.parse gives, wherever the chunks are cut', () => {
    const whole = (JSON.parse(demoPods) as { items: Obj[] }).items;
    expect(whole.length).toBeGreaterThan(3);
    for (const sizes of [[1], [7, 3, 1], [4096], [1 << 20]]) expect(read(demoPods, sizes)).toEqual({ items: whole, error: null });
  });

  it('reads quotes, backslashes and brackets inside strings as text', () => {
    const text = '{"kind":"List","items":[{"m":"a \\"quoted\\" {[ word"},{"m":"ends in \\\\"},{"m":"]}"}]}';
    for (const sizes of [[1], [2, 5], [1 << 20]]) expect(read(text, sizes).items).toEqual([{ m: 'a "quoted" {[ word' }, { m: 'ends in \\' }, { m: ']}' }]);
  });

  it('takes the items of the List, not an "items" array deeper inside an object', () => {
    const text = '{"metadata":{"items":[{"x":1}]},"spec":{"items":"no"},"items":[{"y":2}],"kind":"List"}';
    expect(read(text)).toEqual({ items: [{ y: 2 }], error: null });
  });

  it('reads a bare array (troubleshoot before v0.40) and a single object as parseObjectList always did', () => {
    expect(read('[{"metadata":{"name":"a"}}, 3, null]')).toEqual({ items: [{ metadata: { name: 'a' } }], error: null });
    expect(read('[1, 2]').error).toBe('not a Kubernetes object or List');
    expect(read('[]')).toEqual({ items: [], error: null });
    expect(read('{"kind":"Pod","metadata":{"name":"a"}}')).toEqual({ items: [{ kind: 'Pod', metadata: { name: 'a' } }], error: null });
    expect(read('"text"').error).toBe('not a Kubernetes object or List');
    expect(parseObjectList('{"items": [').error).toMatch(/^not JSON/);
  });

  it('keeps the objects before a cut or a broken object, and says why it stopped', () => {
    const cut = read('{"items":[{"a":1},{"b":2},{"c":');
    expect(cut).toEqual({ items: [{ a: 1 }, { b: 2 }], error: 'not JSON (it ends before its last object closes)' });
    const broken = read('{"items":[{"a":1},{"b":tru},{"c":3}]}');
    expect(broken.items).toEqual([{ a: 1 }]);
    expect(broken.error).toMatch(/^not JSON \(/);
    expect(read('{"items":[{"a":1}]} {"items":[]}')).toEqual({ items: [{ a: 1 }], error: 'unexpected data after the end of the listing' });
  });

  it('reads a namespace of 20 MiB of pods, past the 16 MiB read whole (it was not read at all), every pod mapped', () => {
    const pod = (i: number) => ({ metadata: { name: `web-${i}`, namespace: 'big', uid: `u-${i}` }, spec: { nodeName: 'node1', containers: [{ name: 'app', args: ['x'.repeat(1500)] }] }, status: { phase: 'Running' } });
    const items = Array.from({ length: 12_000 }, (_, i) => pod(i));
    const data = JSON.stringify({ kind: 'PodList', items }, null, 2);
    expect(data.length).toBeGreaterThan(20 * 2 ** 20);
    const { db, bundleId } = workspaceWith({ files: [{ path: 'cluster-resources/pods/big.json', kind: 'k8s-pods', data }] });
    const listed = k8sAllPodsOf(db, bundleId);
    expect(listed.problems).toEqual([]);
    expect(listed.items).toHaveLength(12_000);
    expect(listed.items[11_999]).toMatchObject({ name: 'web-11999', namespace: 'big', node: 'node1', phase: 'Running' });
  });
});

describe('the key "items" of the List, however its strings around it are cut', () => {
  it('is not taken from a long value read after it, nor missed after a long key', () => {
    const long = 'v'.repeat(40);
    const text = `{"items":[{"a":1}],"${long}":"${long}","x":[{"not":"an item"}],"kind":"List"}`;
    for (const sizes of [[1], [3], [1 << 20]]) expect(read(text, sizes)).toEqual({ items: [{ a: 1 }], error: null });
    const after = `{"${long}":"items","apiVersion":"v1","items":[{"b":2}]}`;
    for (const sizes of [[1], [5], [1 << 20]]) expect(read(after, sizes)).toEqual({ items: [{ b: 2 }], error: null });
  });
});
