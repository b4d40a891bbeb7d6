import { deleteSearchRows } from './search-index';
import type { Db } from './workspace';

/** A bundle being ingested, by this or another process. */
export interface StagedBundle {
  id: number;
  sha256: string;
  pid: number | null;
}

function processAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes a bundle and everything keyed by it, its full-text rows included (they have no foreign key). */
export function deleteBundleRows(db: Db, bundleId: number): void {
  db.transaction(() => {
    const range = db.prepare('SELECT log_first, log_last FROM bundles WHERE id = ?').get(bundleId) as
      | { log_first: number | null; log_last: number | null }
      | undefined;
    deleteSearchRows(db, bundleId, range?.log_first ?? null, range?.log_last ?? null);
    db.prepare('DELETE FROM bundles WHERE id = ?').run(bundleId);
  })();
}

/**
 * Removes what ingests killed midway left behind (their bundles never became visible). A stage whose
 * process still runs is left alone: another nodescope is ingesting it right now.
 */
export function removeAbandonedStages(db: Db): number {
  const staged = db.prepare("SELECT id, sha256, ingest_pid AS pid FROM bundles WHERE state = 'ingesting'").all() as StagedBundle[];
  let removed = 0;
  for (const s of staged) {
    if (s.pid === process.pid || processAlive(s.pid)) continue;
    deleteBundleRows(db, s.id);
    removed++;
  }
  return removed;
}

/** The stage of the same bundle by a live process, if any (after abandoned stages are removed). */
export function liveStageOf(db: Db, sha256: string): StagedBundle | undefined {
  removeAbandonedStages(db);
  return db.prepare("SELECT id, sha256, ingest_pid AS pid FROM bundles WHERE state = 'ingesting' AND sha256 = ?").get(sha256) as
    | StagedBundle
    | undefined;
}
