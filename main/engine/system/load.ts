import { artifactsOfKind, readArtifactText, type ArtifactText } from '../store/artifacts';
import type { Db } from '../store/workspace';

export type { ArtifactText };

/** Every artifact of the kinds, as text, ordered by path (so stat.1 comes before stat.2). */
export function textsOfKind(db: Db, bundleId: number, ...kinds: string[]): ArtifactText[] {
  return artifactsOfKind(db, bundleId, ...kinds).map((a) => ({ path: a.path, text: readArtifactText(db, a.id) }));
}

/** The first artifact of the kinds whose path ends with `suffix` (or any, without one). */
export function textOfKind(db: Db, bundleId: number, kind: string, suffix?: string): ArtifactText | null {
  const rows = artifactsOfKind(db, bundleId, kind);
  const row = suffix ? rows.find((a) => a.path.endsWith(suffix)) : rows[0];
  return row ? { path: row.path, text: readArtifactText(db, row.id) } : null;
}

export function factsOf(db: Db, bundleId: number): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM facts WHERE bundle_id = ?').all(bundleId) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
