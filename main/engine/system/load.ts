import { artifactsOfKind, readParsedText, textsOfKind, type ArtifactText } from '../store/artifacts';
import type { Db } from '../store/workspace';

export type { ArtifactText };
export { textsOfKind };

/** The first artifact of the kinds whose path ends with `suffix` (or any, without one). */
export function textOfKind(db: Db, bundleId: number, kind: string, suffix?: string): ArtifactText | null {
  const rows = artifactsOfKind(db, bundleId, kind);
  const row = suffix ? rows.find((a) => a.path.endsWith(suffix)) : rows[0];
  const text = row ? readParsedText(db, row.id) : null;
  return row && text !== null ? { path: row.path, text } : null;
}

export function factsOf(db: Db, bundleId: number): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM facts WHERE bundle_id = ?').all(bundleId) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
