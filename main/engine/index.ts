import { rediagnoseStale, type RediagnoseProgress } from './rules';
import { catchUpSearchIndex } from './store/search-index';
import { removeAbandonedStages } from './store/staging';
import { openWorkspace, type Db } from './store/workspace';

/**
 * Opens a workspace for use: schema migrated, what a killed ingest left removed, the full-text index
 * completed (a workspace from before migration 6, an index file lost), bundles diagnosed by an
 * older rule set re-diagnosed,
 * so an old workspace benefits from new rules. The CLI, the server and the app all open it here.
 */
export function openEngine(file: string, options: { onRediagnose?: RediagnoseProgress } = {}): Db {
  const db = openWorkspace(file);
  removeAbandonedStages(db);
  catchUpSearchIndex(db);
  rediagnoseStale(db, options.onRediagnose);
  return db;
}
