import type { Db } from './workspace';

/**
 * The bundle's log line ids, from its row (ingest records them); only a bundle stored without them
 * (older workspaces) costs a scan of the whole log_lines table, which has no index on bundle_id.
 */
export function bundleLineRange(db: Db, bundleId: number): { lo: number | null; hi: number | null } {
  const b = db.prepare('SELECT log_first AS lo, log_last AS hi FROM bundles WHERE id = ?').get(bundleId) as { lo: number | null; hi: number | null } | undefined;
  if (b && b.lo !== null && b.hi !== null) return b;
  return db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM log_lines WHERE bundle_id = ?').get(bundleId) as { lo: number | null; hi: number | null };
}
