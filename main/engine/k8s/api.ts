import type { BundleId } from '../../../shared/api/bundles';
import type { K8sApi, K8sDeployment, K8sEvent, K8sList, K8sNode, K8sPod, K8sPods } from '../../../shared/api/k8s';
import { artifactsOfKind, megabytes, readParsedText, wholeReadBytes, type ArtifactRow } from '../store/artifacts';
import { cachedParse, seedParsed } from '../store/parsed-cache';
import type { Db } from '../store/workspace';
import { byTimeDesc, toEvent } from './events';
import { toNode } from './nodes';
import { parseObjectList, type Obj, type ParsedList } from './objects';
import { toPod } from './pods';
import { deploymentsWithReplicaSets, toReplicaSet } from './workloads';

interface Loaded<T> {
  items: T[];
  missing: string[];
  problems: string[];
}

/** The kinds of kubectl listings this module reads (each whole, with parseObjectList). */
export const LISTING_KINDS = ['k8s-nodes', 'k8s-pods', 'k8s-events', 'k8s-deployments', 'k8s-replicasets'] as const;
type ListingKind = (typeof LISTING_KINDS)[number];
const PARSED_AS = 'k8s-list';

/**
 * The listings of a bundle parsed elsewhere (the ingest parses them on a thread of their own while it
 * reads), by artifact id: what load() then finds without parsing. Those of other kinds are ignored.
 */
export function seedListings(db: Db, bundleId: number, parsed: ReadonlyMap<number, ParsedList>): void {
  if (!parsed.size) return;
  for (const a of artifactsOfKind(db, bundleId, ...LISTING_KINDS)) {
    const list = parsed.get(a.id);
    if (list) seedParsed(a, PARSED_AS, list);
  }
}

/**
 * The items of every artifact of a kind, each mapped as soon as its listing is parsed, with what was
 * absent or unreadable: the raw objects of one listing are held at a time, not those of every listing
 * (a cluster's pods in 500 per-namespace files, 67 MB of JSON, took an ingest's rules to 540 MB).
 */
function load<T>(db: Db, bundleId: number, kind: ListingKind, what: string, map: (o: Obj) => T): Loaded<T> {
  const artifacts = artifactsOfKind(db, bundleId, kind);
  const out: Loaded<T> = { items: [], missing: artifacts.length ? [] : [what], problems: [] };
  for (const a of artifacts) {
    const parsed = cachedParse(a, PARSED_AS, () => parseListing(db, a));
    if (parsed.error) out.problems.push(`${a.path}: ${parsed.error}`);
    // One at a time: a listing of more than ~100k objects overflows the stack as spread arguments.
    for (const item of parsed.items) out.items.push(map(item));
  }
  return out;
}

function parseListing(db: Db, a: ArtifactRow): ParsedList {
  const text = readParsedText(db, a.id);
  if (text === null) return { items: [], error: `${megabytes(a.bytes)}, more than the ${megabytes(wholeReadBytes(a.kind))} nodescope parses whole: not read` };
  return parseObjectList(text);
}

function hostname(db: Db, bundleId: number): string | null {
  const row = db.prepare("SELECT value FROM facts WHERE bundle_id = ? AND key = 'hostname'").get(bundleId) as
    | { value: string }
    | undefined;
  return row?.value ?? null;
}

export function k8sNodesOf(db: Db, bundleId: BundleId): K8sList<K8sNode> {
  return load(db, bundleId, 'k8s-nodes', 'k8s/nodes.json (kubectl get nodes)', toNode);
}

/** Every pod of the listing, on any node: what events about pods elsewhere in the cluster are checked against. */
export function k8sAllPodsOf(db: Db, bundleId: BundleId): K8sList<K8sPod> {
  return load(db, bundleId, 'k8s-pods', 'k8s/pods.json (kubectl get pods -A)', toPod);
}

/**
 * Pods on the bundle's node. The node name is usually the hostname, but not always (cloud nodes are
 * often named after their private DNS name): when no pod runs on a node of that name, every pod is
 * shown. From the whole listing when the caller has it already (the rules parse it once).
 */
export function k8sPodsOf(db: Db, bundleId: BundleId, listed: K8sList<K8sPod> = k8sAllPodsOf(db, bundleId)): K8sPods {
  const pods = listed.items;
  const host = hostname(db, bundleId);
  const short = host?.split('.')[0];
  const onNode = pods.filter((p) => p.node !== null && (p.node === host || p.node.split('.')[0] === short));
  const items = host && onNode.length ? onNode : pods;
  return { items, node: items === onNode ? host : null, elsewhere: pods.length - items.length, missing: listed.missing, problems: listed.problems };
}

export function k8sEventsOf(db: Db, bundleId: BundleId): K8sList<K8sEvent> {
  const l = load(db, bundleId, 'k8s-events', 'k8s/events.json (kubectl get events -A)', toEvent);
  return { ...l, items: l.items.sort(byTimeDesc) };
}

export function k8sDeploymentsOf(db: Db, bundleId: BundleId): K8sList<K8sDeployment> {
  const d = load(db, bundleId, 'k8s-deployments', 'k8s/deployments.json (kubectl get deployments -A)', (o) => o);
  const r = load(db, bundleId, 'k8s-replicasets', 'k8s/replicasets.json (kubectl get replicasets -A)', toReplicaSet);
  return {
    items: deploymentsWithReplicaSets(d.items, r.items),
    missing: [...d.missing, ...r.missing],
    problems: [...d.problems, ...r.problems],
  };
}

export function createK8sApi(db: Db): K8sApi {
  return {
    k8sNodes: async (bundle) => k8sNodesOf(db, bundle),
    k8sPods: async (bundle) => k8sPodsOf(db, bundle),
    k8sEvents: async (bundle) => k8sEventsOf(db, bundle),
    k8sDeployments: async (bundle) => k8sDeploymentsOf(db, bundle),
  };
}
