import type { BundleId } from '../../../shared/api/bundles';
import type { FleetNode } from '../../../shared/api/fleet';
import { requireBundle } from '../library/api';
import type { Db } from '../store/workspace';
import { nodeFeatures, type NodeFeatures } from './features';

export function fleetNode(db: Db, id: BundleId): FleetNode {
  const r = requireBundle(db, id);
  return { id, node: r.node, collectedAt: r.collected_at, name: r.name };
}

/**
 * Features of a bundle, kept per process: a bundle never changes once ingested, and the app asks for
 * the same fleet again as the operator picks other nodes.
 */
const cache = new Map<string, NodeFeatures>();
const CACHE_SIZE = 256;

export function cachedNodeFeatures(db: Db, id: BundleId): NodeFeatures {
  const sha = db.prepare('SELECT sha256 FROM bundles WHERE id = ?').pluck().get(id) as string | undefined;
  const key = `${db.name}\u0000${id}\u0000${sha ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const f = nodeFeatures(db, id);
  cache.set(key, f);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return f;
}

