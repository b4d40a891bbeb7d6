import { rediagnoseStale } from './rules';
import { openWorkspace, type Db } from './store/workspace';

/**
 * Opens a workspace for use: schema migrated, and bundles diagnosed by an older rule set re-diagnosed,
 * so an old workspace benefits from new rules. The CLI, the server and the app all open it here.
 */
export function openEngine(file: string): Db {
  const db = openWorkspace(file);
  rediagnoseStale(db);
  return db;
}
