import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestFor } from '../../../test/support/manifest';
import { tempDir, writeTar, type TarEntry } from '../../../test/support/tarball';
import { createK8sApi } from '../k8s/api';
import { createProcessesApi } from '../processes/api';
import { ingestBundle } from '../ingest';
import { openWorkspace } from '../store/workspace';
import { createSystemApi } from './api';
import { artifactsFromTree, fixtureDir, type TestArtifact } from './testing/bundle';

/**
 * The three views over bundles that went through the real ingest: the build VM's system capture, the
 * field case 3 processes and the demo node's objects, as the collector lays them out under one top folder.
 */
const TOP = 'nodescope-vm-20261122T052000Z';
/** The demo node's objects (test/demo/node-shapes.mjs). */
const k8s = (name: string, at: string, kind: string): TestArtifact => ({
  path: at,
  kind,
  bytes: fs.readFileSync(path.join(__dirname, '../../../test/demo/nodescope-demo-worker-1/k8s', name)),
});
const files = [
  ...artifactsFromTree(fixtureDir('system', 'this-vm')),
  ...artifactsFromTree(fixtureDir('processes', 'zap-pid-ns')),
  k8s('nodes.json', 'k8s/nodes.json', 'k8s-nodes'),
  k8s('pods.json', 'k8s/pods.json', 'k8s-pods'),
  k8s('events.json', 'k8s/events.json', 'k8s-events'),
];

const { dir, cleanup } = tempDir();
afterAll(cleanup);

async function ingest(entries: TarEntry[]): Promise<{ api: ReturnType<typeof apis>; id: number }> {
  const db = openWorkspace(':memory:');
  const file = await writeTar(path.join(dir, `b${Math.random()}.tar.gz`), entries);
  const result = await ingestBundle(db, file);
  return { api: apis(db), id: result.id };
}

function apis(db: ReturnType<typeof openWorkspace>): {
  system: ReturnType<typeof createSystemApi>;
  processes: ReturnType<typeof createProcessesApi>;
  k8s: ReturnType<typeof createK8sApi>;
} {
  return { system: createSystemApi(db), processes: createProcessesApi(db), k8s: createK8sApi(db) };
}

describe.each([
  ['with a manifest naming every kind', true],
  ['as a plain archive (kinds guessed from paths)', false],
])('a bundle ingested %s', (_label, withManifest) => {
  const entries = (): TarEntry[] => {
    const data = files.map((f) => ({ name: `${TOP}/${f.path}`, content: f.bytes }));
    if (!withManifest) return data;
    const manifest = manifestFor('demo-worker-1', files.map((f) => ({ path: f.path, kind: f.kind, bytes: f.bytes.length })));
    return [{ name: `${TOP}/manifest.json`, content: JSON.stringify(manifest) }, ...data];
  };

  it('shows the system numbers, the stuck processes and the pods of the node', async () => {
    const { api, id } = await ingest(entries());
    const system = await api.system.system(id);
    expect(system.cpu!.basis).toBe('interval');
    expect(system.disks!.devices.find((d) => d.device === 'vda')!.rates).not.toBeNull();
    expect(system.limits.map((l) => l.name)).toContain('conntrack entries (nf_conntrack_max)');
    expect(system.missing).toEqual(['proc/modules']);
    const groups = await api.processes.dStateGroups(id);
    expect(groups.map((g) => g.pids)).toEqual([[11207, 11208]]);
    const table = await api.processes.processes(id);
    expect(table.processes.find((p) => p.pid === 11206)!.netNamespaceGone).toBe(true);
    const nodes = await api.k8s.k8sNodes(id);
    expect(nodes.items.map((n) => n.name)).toEqual(['demo-worker-1', 'demo-worker-2', 'demo-control-1']);
    const pods = await api.k8s.k8sPods(id);
    expect(pods.items).toHaveLength(5);
    expect((await api.k8s.k8sEvents(id)).items).toHaveLength(8);
  });
});
