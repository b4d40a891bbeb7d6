import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/cases/harness';
import { knownValues } from './names';

describe('the names share collects from the kubectl listings', () => {
  it('collects every namespace and pod of a pods listing past 16 MiB (read object by object): none goes out as it is', () => {
    const pod = (i: number) => ({ metadata: { name: `acme-web-${i}`, namespace: `acme-payments-${i % 7}` }, spec: { nodeName: 'node1', containers: [{ name: 'app', args: ['x'.repeat(1200)] }] } });
    const data = JSON.stringify({ kind: 'PodList', items: Array.from({ length: 14_000 }, (_, i) => pod(i)) }, null, 2);
    expect(data.length).toBeGreaterThan(17 * 2 ** 20);
    const nodes = JSON.stringify({ kind: 'NodeList', items: [{ metadata: { name: 'worker-7.acme.example' } }] });
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'cluster-resources/pods/all.json', kind: 'k8s-pods', data },
        { path: 'cluster-resources/nodes.json', kind: 'k8s-nodes', data: nodes },
      ],
    });
    const known = knownValues(db, bundleId, { k8sNames: true, words: [] });
    expect(known.names.get('acme-web-13999')).toBe('pod');
    expect(known.names.get('acme-payments-6')).toBe('namespace');
    expect([...known.names.values()].filter((k) => k === 'pod')).toHaveLength(14_000);
    expect(known.names.get('worker-7')).toBe('hostname');
    expect(known.domains.has('acme.example')).toBe(true);
  });

  it('collects the user of a home folder named only at the end of a 20 MiB journal, and across a chunk boundary', () => {
    const filler = 'Nov  5 10:00:00 node1 kubelet[1]: I1105 10:00:00.000000 1 kubelet.go:1] syncing\n';
    const head = filler.repeat(Math.ceil((20 * 2 ** 20) / filler.length));
    // A path cut by the 1 MiB chunk boundary: "/home/bob" in one chunk, "by" in the next.
    const cut = filler.repeat(Math.floor(2 ** 20 / filler.length));
    const across = `${cut}${'x'.repeat(2 ** 20 - cut.length - 9)}/home/bobby is full\n`;
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'logs/journal/sshd.log', kind: 'journal', data: `${head}Nov  5 10:00:01 node1 sshd[2]: Accepted key for alice: /home/alice/.ssh/authorized_keys\n` },
        { path: 'logs/text/df.txt', kind: 'text', data: across },
      ],
    });
    const known = knownValues(db, bundleId, { k8sNames: false, words: [] });
    expect(known.names.get('alice')).toBe('user');
    expect(known.names.get('bobby')).toBe('user');
    // Not the part of it the first chunk holds.
    expect(known.names.has('bob')).toBe(false);
  });
});
