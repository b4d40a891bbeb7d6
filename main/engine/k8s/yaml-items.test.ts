import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/cases/harness';
import { k8sAllPodsOf, k8sEventsOf } from './api';
import { chunked, demoK8sItems } from './fixture';
import { parseListingChunks, parseObjectList, type Obj } from './objects';
import { YamlItemScanner } from './yaml-items';

const read = (text: string, sizes = [1 << 20], whole: () => string | null = () => text) => parseListingChunks(chunked(text, sizes), whole, (o: Obj) => o);
const CUTS = [[1], [7, 3, 1], [4096], [1 << 20]];
/** What a parse of the whole document gives, as the listing was read before. */
const parsedWhole = (text: string) => jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) as { items: Obj[] };

/** The demo bundle's pods (made by our own scripts), as `kubectl get -o yaml` writes them, and as js-yaml and Python do (items indented). */
const demoPods = demoK8sItems('pods.json');
const asKubectl = (items: Obj[]) => `---\n${jsYaml.dump({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, { noArrayIndent: true, lineWidth: -1 })}`;
const asIndented = (items: Obj[]) => jsYaml.dump({ apiVersion: 'v1', items, kind: 'List' }, { lineWidth: -1 });

describe("a must-gather's kubectl YAML listing read object by object from its chunks", () => {
  it('gives the objects a parse of the whole gives, wherever the chunks are cut, with the items at either indentation', () => {
    expect(demoPods.length).toBeGreaterThan(3);
    expect(asKubectl(demoPods)).toMatch(/^- apiVersion: v1$/m);
    expect(asIndented(demoPods)).toMatch(/^ {2}- apiVersion: v1$/m);
    for (const text of [asKubectl(demoPods), asIndented(demoPods)]) {
      for (const sizes of CUTS) expect(read(text, sizes, () => null)).toEqual({ items: demoPods, error: null });
    }
  });

  it('keeps block scalars whole: their blank lines, their "#" lines and their "- " lines belong to the item', () => {
    const items = [
      { metadata: { name: 'a', annotations: { script: 'set -e\n\n# not a comment\n- not an item\nexit 0\n' } } },
      { metadata: { name: 'b' }, spec: { args: ['--x', '--y'] } },
    ];
    for (const text of [asKubectl(items), asIndented(items), asKubectl(items).replace(/\n/g, '\r\n')]) {
      expect(parsedWhole(text).items).toEqual(items);
      for (const sizes of CUTS) expect(read(text, sizes, () => null)).toEqual({ items, error: null });
    }
  });

  it('takes the items of the List, not an "items" key inside its metadata or inside an object', () => {
    const text = 'apiVersion: v1\nmetadata:\n  items:\n  - not: an item\nitems:\n- spec:\n    items:\n    - key: a\n# a comment at the top\nkind: List\n';
    expect(read(text, [1 << 20], () => null)).toEqual({ items: [{ spec: { items: [{ key: 'a' }] } }], error: null });
    expect(read('apiVersion: v1\nitems: []\nkind: List\n', [1 << 20], () => null)).toEqual({ items: [], error: null });
  });

  it('parses a document of another shape whole, as before: one object, flow style, several documents', () => {
    expect(read('apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n')).toEqual({ items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }], error: null });
    expect(read('kind: List\nitems: [{a: 1}, {b: 2}]\n')).toEqual({ items: [{ a: 1 }, { b: 2 }], error: null });
    expect(read('---\nkind: List\nitems:\n- a: 1\n---\nkind: List\n').error).toMatch(/^not YAML \(expected a single document/);
    // Too large to be parsed whole: said so, not read.
    expect(read('kind: Node\nmetadata:\n  name: n1\n', [1 << 20], () => null)).toEqual({ items: [], error: 'one object too large to be parsed whole: not read' });
  });

  it('keeps the objects before a broken one, in its batch too, and names the broken line as a whole parse would', () => {
    const text = 'apiVersion: v1\nitems:\n- a: 1\n- b: 2\n- c: 3\n   d: 4\n- e: 5\nkind: List\n';
    const whole = (() => {
      try {
        parsedWhole(text);
        return null;
      } catch (e) {
        return (e as Error).message.split('\n')[0];
      }
    })();
    expect(whole).toMatch(/\(6:\d+\)$/);
    // One batch of items, damaged: read again item by item, the two before the damage are kept (a whole
    // parse kept none); the line is the file's.
    expect(read(text)).toEqual({ items: [{ a: 1 }, { b: 2 }], error: `not YAML (${whole})` });
  });

  it("parses only the items a reader asks for: kube-system's CoreDNS ConfigMap among 400 others, at either indentation", () => {
    const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system' }, data });
    const others = Array.from({ length: 400 }, (_, i) => cm(`chart-values-${i}`, { 'values.yaml': `replicas: ${i}\nscript: |\n  - not an item\n` }));
    const coredns = cm('rke2-coredns-rke2-coredns', { Corefile: '.:53 {\n    forward . /etc/resolv.conf\n}\n' });
    const items = [...others.slice(0, 250), coredns, ...others.slice(250)];
    for (const text of [asKubectl(items), asIndented(items), asKubectl(items).replace(/\n/g, '\r\n')]) {
      expect(parseObjectList(text, (item) => /coredns|Corefile/i.test(item))).toEqual({ items: [coredns], error: null });
      for (const sizes of CUTS) {
        const parsed: string[] = [];
        const kept: unknown[] = [];
        const scanner = new YamlItemScanner(
          (batch) => (parsed.push(batch), jsYaml.load(batch, { schema: jsYaml.CORE_SCHEMA })),
          (item) => kept.push(item),
          (item) => /coredns|Corefile/i.test(item),
        );
        for (const chunk of chunked(text, sizes)) scanner.push(chunk);
        expect(scanner.end()).toBeNull();
        expect(kept).toEqual([coredns]);
        // One item's text parsed (about 150 characters), not the 400 others'.
        expect(parsed.join('').length).toBeLessThan(400);
      }
    }
  });

  it('names the line of a broken item it was asked for, counted in the whole listing', () => {
    const text = 'apiVersion: v1\nitems:\n- name: a\n- name: coredns\n  data: 1\n   d: 4\n- name: e\nkind: List\n';
    expect(parseObjectList(text, (item) => item.includes('coredns')).error).toMatch(/\(6:\d+\)\)$/);
  });

  it('reads a namespace of 20 MiB of pods.yaml and of events.yaml, past the 16 MiB read whole (they were not read at all)', () => {
    const pod = (i: number) => ({ metadata: { name: `web-${i}`, namespace: 'big', uid: `u-${i}` }, spec: { nodeName: 'node1', containers: [{ name: 'app', args: ['x'.repeat(1500)] }] }, status: { phase: 'Running' } });
    const event = (i: number) => ({ kind: 'Event', metadata: { name: `web-${i}.1`, namespace: 'big' }, involvedObject: { kind: 'Pod', name: `web-${i}`, namespace: 'big' }, reason: 'BackOff', message: `Back-off restarting failed container app in pod web-${i} ${'x'.repeat(1400)}`, lastTimestamp: '2026-11-05T09:59:00Z', type: 'Warning' });
    const pods = asKubectl(Array.from({ length: 13_000 }, (_, i) => pod(i)));
    const events = asKubectl(Array.from({ length: 14_000 }, (_, i) => event(i)));
    expect(Math.min(pods.length, events.length)).toBeGreaterThan(20 * 2 ** 20);
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'namespaces/big/core/pods.yaml', kind: 'k8s-pods', data: pods },
        { path: 'namespaces/big/core/events.yaml', kind: 'k8s-events', data: events },
      ],
    });
    const listed = k8sAllPodsOf(db, bundleId);
    expect(listed.problems).toEqual([]);
    expect(listed.items).toHaveLength(13_000);
    expect(listed.items[12_999]).toMatchObject({ name: 'web-12999', namespace: 'big', node: 'node1', phase: 'Running' });
    const listedEvents = k8sEventsOf(db, bundleId);
    expect(listedEvents.problems).toEqual([]);
    expect(listedEvents.items).toHaveLength(14_000);
  });
});
