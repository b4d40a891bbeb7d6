/**
 * The evaluation corpus: every bundle the rules are measured on, each with where it comes from and a
 * way to diagnose it. Sources: the field cases, bundles written from the components' message formats
 * (synthetic.ts), fixture logs, dumps and profiles of the team share assembled into bundles, the real
 * third-party bundles of the share (peer-bundles/), and the collector's bundle of this machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../shared/api/findings';
import type { NodeFacts } from '../../shared/bundle-format';
import { ingestBundle } from '../../main/engine/ingest';
import { diagnoseBundle } from '../../main/engine/rules';
import { storedFindings } from '../../main/engine/findings/api';
import { openWorkspace } from '../../main/engine/store/workspace';
import { FIELD_BUNDLES, NODE, type FieldBundle } from '../cases/field-bundles';
import { storeBundle, type StoredFile } from '../cases/store-bundle';
import { hasSharedFixtures, readSharedFixture, sharedFixture, sharedSkipReason } from '../support/shared-fixtures';
import { peerBundleInput, peerBundleNames } from './peer';
import type { Label } from './score';
import { SYNTHETIC_BUNDLES } from './synthetic';

export type Origin = 'field case' | 'message formats' | 'share fixtures' | 'peer bundle' | 'this machine';

export interface CorpusEntry {
  /** Also the label file's name (labels/<name>.json). */
  name: string;
  origin: Origin;
  diagnose(tmp: string): Promise<Finding[] | { skip: string }>;
  /** What was measured independently while the bundle was made, added to the committed label. */
  adjustLabel?: (label: Label) => Label;
}

function facts(node: Partial<NodeFacts>): Record<string, string> {
  return Object.fromEntries(Object.entries({ ...NODE, ...node }).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}

/** Files straight into a workspace (as the ingest stores them) and the rules run on them. */
function stored(b: FieldBundle): Finding[] {
  const db = openWorkspace(':memory:');
  try {
    const f = { ...facts(b.node ?? {}), ...b.facts };
    const id = storeBundle(db, { node: f.hostname, facts: f, files: b.files });
    return diagnoseBundle(db, id);
  } finally {
    db.close();
  }
}

async function ingested(file: string, tmp: string): Promise<Finding[]> {
  const db = openWorkspace(path.join(fs.mkdtempSync(path.join(tmp, 'ws-')), 'ws.db'));
  try {
    const { id } = await ingestBundle(db, file);
    return storedFindings(db, id);
  } finally {
    db.close();
  }
}

const memo = (origin: Origin, bundles: Record<string, () => FieldBundle>): CorpusEntry[] =>
  Object.entries(bundles).map(([name, make]) => ({ name, origin, diagnose: async () => stored(make()) }));

/** Share fixtures as bundle files: a missing share skips the entry with the share's reason. */
function shared(name: string, make: () => StoredFile[], node: Partial<NodeFacts> = {}): CorpusEntry {
  return {
    name,
    origin: 'share fixtures',
    diagnose: async () => (hasSharedFixtures ? stored({ files: make(), node }) : { skip: sharedSkipReason }),
  };
}

const text = (rel: string) => readSharedFixture(rel).toString('utf8');
const file = (p: string, kind: string, rel: string): StoredFile => ({ path: p, kind, data: readSharedFixture(rel) });

const SHARED: CorpusEntry[] = [
  // Kernel reports of node-problem-detector's test data, saved as .txt: no sniffer claims them (kind text).
  shared('npd-docker-hung-txt', () => [{ path: 'node/kernel-docker_hung.txt', kind: 'text', data: text('kernel/npd-docker_hung.txt') }]),
  shared('npd-aufs-umount-hung-txt', () => [{ path: 'node/kernel-aufs_umount_hung.txt', kind: 'text', data: text('kernel/npd-aufs_umount_hung.txt') }]),
  shared('npd-oom-kill-txt', () => [{ path: 'node/kernel-oom_kill.txt', kind: 'text', data: text('kernel/npd-oom_kill.txt') }]),
  shared('npd-unregister-netdevice-txt', () => [{ path: 'node/kernel-unregister_netdevice.txt', kind: 'text', data: text('kernel/npd-unregister_netdevice.txt') }]),
  shared('openshift-kubelet-journal', () => [file('logs/journal/kubelet.log', 'syslog', 'kubelet-journal/openshift-kubenswrapper-journal-50lines.log')]),
  shared('minikube-events-failedscheduling-backoff', () => [file('k8s/events.json', 'k8s-events', 'nodes-events/troubleshoot-minikube-events-failedscheduling-backoff.json')]),
  shared('minikube-events-oci-runtime-create-failed', () => [file('k8s/events.json', 'k8s-events', 'nodes-events/troubleshoot-minikube-events-oci-runtime-create-failed.json')]),
  shared('k3d-events-and-node', () => [file('k8s/events.json', 'k8s-events', 'nodes-events/troubleshoot-k3d-events-default.json'), file('k8s/nodes.json', 'k8s-nodes', 'nodes-events/troubleshoot-k3d-single-node.json')], { hostname: 'k3d-k3s-default-server-0' }),
  shared('openshift-worker-node', () => [file('k8s/nodes.json', 'k8s-nodes', 'nodes-events/openshift-worker-node.json')]),
  shared('etcd-3.4-profiles-under-put-load', () => [
    file('pprof/etcd/cpu.pb.gz', 'pprof', 'pprof/etcd-3.4.23/cpu-put.pb.gz'),
    file('pprof/etcd/cpu-range.pb.gz', 'pprof', 'pprof/etcd-3.4.23/cpu-put-range.pb.gz'),
    file('pprof/etcd/heap.pb.gz', 'pprof', 'pprof/etcd-3.4.23/heap.pb.gz'),
    file('pprof/etcd/goroutine-debug2.txt', 'goroutine-dump', 'pprof/etcd-3.4.23/goroutine-debug2.txt'),
  ]),
  shared('parca-profiles', () => fs.existsSync(sharedFixture('pprof/parca')) ? fs.readdirSync(sharedFixture('pprof/parca')).map((f) => file(`pprof/app-${f.replace(/\W+/g, '-')}/profile.pb.gz`, 'pprof', `pprof/parca/${f}`)) : []),
];

function peers(): CorpusEntry[] {
  return peerBundleNames().map((name) => ({
    name: `peer-${name.replace(/\.(?:tar\.gz|tgz|tar\.xz|zip|tar)$/, '')}`,
    origin: 'peer bundle' as const,
    diagnose: async (tmp: string) => {
      const input = peerBundleInput(name, tmp);
      return 'skip' in input ? input : ingested(input.path, tmp);
    },
  }));
}

/** Every entry; peer bundles only when the share is there (their names come from it). */
export function corpus(): CorpusEntry[] {
  return [...memo('field case', FIELD_BUNDLES), ...memo('message formats', SYNTHETIC_BUNDLES), ...SHARED, ...peers()];
}

export { ingested };
