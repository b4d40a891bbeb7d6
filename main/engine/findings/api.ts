import type { Finding, FindingsApi, RuleInfo } from '../../../shared/api';
import type { Db } from '../store/workspace';
import { requireBundle } from '../library/api';

/** Findings as the rules stored them at ingest, most severe first. */
export function storedFindings(db: Db, bundleId: number): Finding[] {
  requireBundle(db, bundleId);
  const rows = db.prepare('SELECT json FROM findings WHERE bundle_id = ? ORDER BY severity, id').all(bundleId) as { json: string }[];
  return rows.map((r) => JSON.parse(r.json) as Finding);
}

export function findingsApi(db: Db, rules: () => RuleInfo[]): FindingsApi {
  return {
    async findings(bundle) {
      return storedFindings(db, bundle);
    },
    async rules() {
      return rules();
    },
  };
}
