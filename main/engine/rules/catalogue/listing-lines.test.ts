import { describe, expect, it } from 'vitest';
import type { K8sEvent, K8sPod } from '../../../../shared/api/k8s';
import { workspaceWith } from '../../../../test/cases/harness';
import type { ArtifactRow } from '../../store/artifacts';
import { BundleView } from '../view';
import { eventLines, podLines } from './listing-lines';

/**
 * A view that counts the artifact texts its rules read, and keeps few: a cluster's listings are more
 * than the view keeps (500 namespaces' pods, 67 MB).
 */
class CountingView extends BundleView {
  texts = 0;
  protected override textBudget = 1024;
  override text(artifact: ArtifactRow): string {
    this.texts++;
    return super.text(artifact);
  }
}

/** `kubectl get pods -n NS -o json` of these pods, pretty-printed as kubectl prints it. */
function podListing(ns: string, names: string[]) {
  const items = names.map((name) => ({ metadata: { name, namespace: ns }, status: { phase: 'Running' } }));
  return { path: `cluster-resources/pods/${ns}.json`, kind: 'k8s-pods', data: JSON.stringify({ kind: 'PodList', items }, null, 4) };
}

const pod = (namespace: string, name: string) => ({ namespace, name }) as K8sPod;

describe('the listing lines a finding quotes (each object in one pass over the listings)', () => {
  it('reads a cluster\'s 40 pod listings once for five pods (more than the view keeps), each quoted on its own name line', () => {
    const files = Array.from({ length: 40 }, (_, n) => podListing(`ns-${String(n).padStart(2, '0')}`, [`web-${n}`, `db-${n}`]));
    const { db, bundleId } = workspaceWith({ files });
    const view = new CountingView(db, bundleId);
    // The pods the listings hold last: looked up one by one, every listing was read for each.
    const quoted = [35, 36, 37, 38, 39].map((n) => ({ pod: pod(`ns-${n}`, `db-${n}`), note: `pod ${n}` }));
    const evidence = podLines(view, quoted);
    expect(evidence.map((e) => [e.artifact, e.text.trim(), e.note])).toEqual(
      [35, 36, 37, 38, 39].map((n) => [`cluster-resources/pods/ns-${n}.json`, `"name": "db-${n}",`, `pod ${n}`]),
    );
    expect(evidence.every((e) => e.line !== null && e.line > 1)).toBe(true);
    expect(view.texts).toBe(40);
  });

  it('quotes a pod whose name is in another namespace too by the listing of its own, and names one it cannot find', () => {
    const { db, bundleId } = workspaceWith({ files: [podListing('a', ['web']), podListing('b', ['web'])] });
    const [inB, missing] = podLines(new BundleView(db, bundleId), [
      { pod: pod('b', 'web'), note: 'b' },
      { pod: pod('c', 'gone'), note: 'c' },
    ]);
    expect(inB?.artifact).toBe('cluster-resources/pods/b.json');
    expect(missing).toMatchObject({ artifact: 'cluster-resources/pods/a.json', line: null, text: 'c/gone' });
  });

  it('quotes an event from the listing of its namespace first, though another listing has the same message earlier', () => {
    const message = 'Back-off restarting failed container app in pod web';
    const events = (ns: string) => ({
      path: `mg/namespaces/${ns}/core/events.yaml`,
      kind: 'k8s-events',
      data: ['apiVersion: v1', 'items:', '- involvedObject:', '    kind: Pod', '    name: web', `    namespace: ${ns}`, `  message: ${message}`, '  reason: BackOff', 'kind: EventList', ''].join('\n'),
    });
    const { db, bundleId } = workspaceWith({ files: [events('apps'), events('prod')] });
    const sample = { namespace: 'prod', objectName: 'web', reason: 'BackOff', message } as K8sEvent;
    const [e] = eventLines(new BundleView(db, bundleId), [{ o: { object: 'Pod/prod/web', count: 7, first: null, last: null, sample }, now: 'still waiting' }]);
    expect(e).toMatchObject({ artifact: 'mg/namespaces/prod/core/events.yaml', line: 7, note: 'Pod/prod/web: 7 events; now: still waiting' });
  });
});

describe('a listing past the 16 MiB read whole (read object by object)', () => {
  it('quotes an event within its first 16 MiB by its line, one past them by its message, and never reads it whole', () => {
    const event = (i: number) => ({ metadata: { name: `e${i}`, namespace: 'prod' }, involvedObject: { kind: 'Pod', name: `web-${i}`, namespace: 'prod' }, reason: 'BackOff', message: `Back-off restarting failed container app in pod web-${i} ${'x'.repeat(400)}` });
    const data = JSON.stringify({ kind: 'EventList', items: Array.from({ length: 40_000 }, (_, i) => event(i)) }, null, 2);
    expect(data.length).toBeGreaterThan(20 * 2 ** 20);
    const { db, bundleId } = workspaceWith({ files: [{ path: 'cluster-resources/events/prod.json', kind: 'k8s-events', data }] });
    const quoted = [0, 39_999].map((i) => {
      const sample = { namespace: 'prod', objectName: `web-${i}`, reason: 'BackOff', message: event(i).message } as K8sEvent;
      return { o: { object: `Pod/prod/web-${i}`, count: 3, first: null, last: null, sample } };
    });
    const [first, last] = eventLines(new BundleView(db, bundleId), quoted);
    expect(first).toMatchObject({ artifact: 'cluster-resources/events/prod.json', text: expect.stringContaining('"message": "Back-off restarting failed container app in pod web-0 ') });
    expect(first?.line).toBeGreaterThan(1);
    expect(last).toMatchObject({ artifact: 'cluster-resources/events/prod.json', line: null, text: expect.stringMatching(/^BackOff: Back-off restarting failed container app in pod web-39999 /) });
  });
});
