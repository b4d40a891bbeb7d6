import { indexLineRange } from '../../main/engine/ingest/search-sink';
import { createBundleIndex, SEARCH_SCHEMA } from '../../main/engine/store/search-index';
import type { Db } from '../../main/engine/store/workspace';

/**
 * As an index build stopped halfway leaves a bundle: its own table holds its lines up to `mid`, and its
 * progress mark says so. The table is built again (a bundle's table cannot delete rows).
 */
export function indexOnlyTo(db: Db, bundleId: number, mid: number): void {
  const { first } = db.prepare('SELECT min(id) AS first FROM log_lines WHERE bundle_id = ?').get(bundleId) as { first: number };
  db.transaction(() => {
    createBundleIndex(db, SEARCH_SCHEMA, bundleId, true);
    indexLineRange(db, { lines: 'main', index: SEARCH_SCHEMA }, bundleId, first, mid);
  })();
}
