import type { BundleId } from '../../../shared/api/bundles';
import type { K8sApi, K8sDeployment, K8sEvent, K8sList, K8sNode, K8sPod, K8sPods } from '../../../shared/api/k8s';
import { artifactChunks, artifactsOfKind, CHUNK_BYTES, megabytes, partialReadNote, readArtifactBytes, readArtifactText, wholeReadBytes, type ArtifactRow } from '../store/artifacts';
import { cachedParse, seedParsed } from '../store/parsed-cache';
import type { Db } from '../store/workspace';
import { byTimeDesc, toEvent } from './events';
import { toNode } from './nodes';
import { parseListingChunks, type Obj, type ParsedList } from './objects';
import { toPod } from './pods';
import { deploymentsWithReplicaSets, toReplicaSet } from './workloads';

interface Loaded<T> {
  items: T[];
  missing: string[];
  problems: string[];
}

/** The kinds of kubectl listings this module reads (object by object, with parseListingChunks). */
export const LISTING_KINDS = ['k8s-nodes', 'k8s-pods', 'k8s-events', 'k8s-deployments', 'k8s-replicasets'] as const;
type ListingKind = (typeof LISTING_KINDS)[number];
const PARSED_AS = 'k8s-list';

/** What each listing's objects become as soon as it is parsed (deployments stay whole: their ReplicaSets are matched later). */
const ITEM_OF = { 'k8s-nodes': toNode, 'k8s-pods': toPod, 'k8s-events': toEvent, 'k8s-deployments': (o: Obj): Obj => o, 'k8s-replicasets': toReplicaSet };
type ItemOf<K extends ListingKind> = ReturnType<(typeof ITEM_OF)[K]>;

/** A listing's items mapped, with the error of its parse. Cached so: the raw objects of a listing live only while it is mapped. */
export interface MappedList<K extends ListingKind> {
  items: ItemOf<K>[];
  error: string | null;
}

const isListingKind = (kind: string): kind is ListingKind => (LISTING_KINDS as readonly string[]).includes(kind);

/** A listing parsed and mapped elsewhere (the ingest's listing thread), with the kind it was mapped as. */
export interface MappedListing {
  kind: ListingKind;
  list: MappedList<ListingKind>;
}

/**
 * A listing's bytes, parsed and mapped as views and rules read it; null when `kind` is not a listing's.
 * `posted`: the result is sent to another thread (see parseListingChunks).
 */
export function mapListingBytes(kind: string, bytes: Buffer, posted = false): MappedListing | null {
  if (!isListingKind(kind)) return null;
  const item = ITEM_OF[kind] as (o: Obj) => ItemOf<ListingKind>;
  return { kind, list: parseListingChunks([bytes], () => bytes.toString('utf8'), item, { posted }) };
}

/**
 * The listings of a bundle mapped elsewhere (the ingest maps them on a thread of their own while it
 * reads), by artifact id: what load() then finds without parsing. One mapped as another kind is ignored.
 */
export function seedListings(db: Db, bundleId: number, mapped: ReadonlyMap<number, MappedListing>): void {
  if (!mapped.size) return;
  for (const a of artifactsOfKind(db, bundleId, ...LISTING_KINDS)) {
    const m = mapped.get(a.id);
    if (m && m.kind === a.kind) seedParsed(a, PARSED_AS, m.list);
  }
}

/**
 * The items of every artifact of a kind, each listing mapped as soon as it is parsed, with what was
 * absent or unreadable: the raw objects of one listing are held at a time, not those of every listing
 * (a cluster's pods in 500 per-namespace files, 67 MB of JSON, took an ingest's rules to 540 MB).
 */
function load<K extends ListingKind>(db: Db, bundleId: number, kind: K, what: string): Loaded<ItemOf<K>> {
  const artifacts = artifactsOfKind(db, bundleId, kind);
  const out: Loaded<ItemOf<K>> = { items: [], missing: artifacts.length ? [] : [what], problems: [] };
  for (const a of artifacts) {
    const listed = cachedParse(a, PARSED_AS, () => readListing(db, a, kind));
    if (listed.error) out.problems.push(`${a.path}: ${listed.error}`);
    // One at a time: a listing of more than ~100k objects overflows the stack as spread arguments.
    for (const item of listed.items) out.items.push(item);
  }
  return out;
}

/**
 * Bytes of a listing read object by object (past the 16 MiB once read whole): a namespace of 10,000 pods
 * is about 50 MB of kubectl JSON, 300 must-gather pods 16 MiB of YAML. Only the mapped objects are kept.
 */
export const STREAMED_LISTING_BYTES = 64 * 1024 * 1024;

/** A listing's items, mapped as each is read from its chunks, up to STREAMED_LISTING_BYTES. */
function readListing<K extends ListingKind>(db: Db, a: ArtifactRow, kind: K): MappedList<K> {
  const read = Math.min(a.bytes, STREAMED_LISTING_BYTES);
  const listed = readObjects(db, a, read, ITEM_OF[kind] as (o: Obj) => ItemOf<K>);
  // Read in part: its end is cut, and says so; a listing that gave nothing says why.
  if (read === a.bytes || (listed.items.length === 0 && listed.error)) return listed;
  return { items: listed.items, error: `${megabytes(a.bytes)}: nodescope read its first ${megabytes(read)} (${listed.items.length} objects)` };
}

/**
 * Every object of a listing, whatever its size, handed to `visit` and not kept (share collects the
 * names of a cluster's nodes and pods from them); why it could not be read to its end, if so.
 */
export function visitListing(db: Db, a: ArtifactRow, visit: (o: Obj) => void): string | null {
  return readObjects(db, a, a.bytes, (o) => {
    visit(o);
    return null;
  }).error;
}

/** A listing's objects, mapped by `each`, from its first `read` bytes, chunk by chunk. */
function readObjects<T>(db: Db, a: ArtifactRow, read: number, each: (o: Obj) => T): ParsedList<T> {
  const first = readArtifactBytes(db, a.id, 0, Math.min(CHUNK_BYTES, read));
  const whole = first.length === a.bytes;
  const wholeText = () => (whole ? first.toString('utf8') : a.bytes <= wholeReadBytes(a.kind) ? readArtifactText(db, a.id) : null);
  return parseListingChunks(withFirst(first, artifactChunks(db, a.id, first.length, read)), wholeText, each);
}

/**
 * What ingest says of a listing that views and rules will not read whole (partialReadNote's words for
 * the others): it is read object by object up to STREAMED_LISTING_BYTES.
 */
export function listingReadNote(kind: string, bytes: number): string | null {
  if (!isListingKind(kind)) return partialReadNote(kind, bytes);
  if (bytes <= STREAMED_LISTING_BYTES) return null;
  return `${megabytes(bytes)}: views and rules read its first ${megabytes(STREAMED_LISTING_BYTES)}, object by object (its raw bytes are all kept)`;
}

function* withFirst(first: Buffer, rest: Iterable<Buffer>): Generator<Buffer> {
  yield first;
  yield* rest;
}

function hostname(db: Db, bundleId: number): string | null {
  const row = db.prepare("SELECT value FROM facts WHERE bundle_id = ? AND key = 'hostname'").get(bundleId) as
    | { value: string }
    | undefined;
  return row?.value ?? null;
}

export function k8sNodesOf(db: Db, bundleId: BundleId): K8sList<K8sNode> {
  return load(db, bundleId, 'k8s-nodes', 'k8s/nodes.json (kubectl get nodes)');
}

/** Every pod of the listing, on any node: what events about pods elsewhere in the cluster are checked against. */
export function k8sAllPodsOf(db: Db, bundleId: BundleId): K8sList<K8sPod> {
  const listed = load(db, bundleId, 'k8s-pods', 'k8s/pods.json (kubectl get pods -A)');
  return { ...listed, items: latestCopies(listed.items) };
}

/**
 * One copy of each pod: the latest (its resourceVersion) when several listings hold it. Sonobuoy 0.15's
 * per-namespace pod files each hold every pod of the cluster, taken moments apart: a crash-looping pod
 * was counted once per file, in the state of each.
 */
export function latestCopies(pods: K8sPod[]): K8sPod[] {
  const kept = new Map<string, K8sPod>();
  for (const p of pods) {
    const key = p.uid ?? `${p.namespace}/${p.name}`;
    const seen = kept.get(key);
    if (!seen || isLater(p.resourceVersion, seen.resourceVersion)) kept.set(key, p);
  }
  return kept.size === pods.length ? pods : [...kept.values()];
}

/** resourceVersion a after b: compared as numbers when both are (etcd's revisions are); else the copy read later. */
function isLater(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a && b && /^\d{1,15}$/.test(a) && /^\d{1,15}$/.test(b)) return Number(a) > Number(b);
  return true;
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
  const l = load(db, bundleId, 'k8s-events', 'k8s/events.json (kubectl get events -A)');
  return { ...l, items: l.items.sort(byTimeDesc) };
}

export function k8sDeploymentsOf(db: Db, bundleId: BundleId): K8sList<K8sDeployment> {
  const d = load(db, bundleId, 'k8s-deployments', 'k8s/deployments.json (kubectl get deployments -A)');
  const r = load(db, bundleId, 'k8s-replicasets', 'k8s/replicasets.json (kubectl get replicasets -A)');
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
