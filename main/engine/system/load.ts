import zlib from 'node:zlib';
import { artifactsOfKind, readArtifactText } from '../store/artifacts';
import type { Db } from '../store/workspace';

export interface ArtifactText {
  path: string;
  text: string;
}

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

/**
 * Every artifact of the kinds as text, read with one query: for the thousands of small per-process
 * files, where one read per artifact costs more than the parsing. Chunks are stored as by
 * store/artifacts.ts: deflate-raw, in seq order.
 */
export function bulkTextsOfKind(db: Db, bundleId: number, kinds: readonly string[]): ArtifactText[] {
  const marks = kinds.map(() => '?').join(', ');
  const rows = db
    .prepare(
      `SELECT a.id AS id, a.path AS path, c.data AS data FROM artifacts a JOIN artifact_chunks c ON c.artifact_id = a.id
       WHERE a.bundle_id = ? AND a.kind IN (${marks}) ORDER BY a.id, c.seq`,
    )
    .all(bundleId, ...kinds) as { id: number; path: string; data: Buffer }[];
  const byId = new Map<number, { path: string; parts: Buffer[] }>();
  for (const r of rows) {
    const a = byId.get(r.id) ?? { path: r.path, parts: [] };
    a.parts.push(zlib.inflateRawSync(r.data));
    byId.set(r.id, a);
  }
  return [...byId.values()].map((a) => ({ path: a.path, text: Buffer.concat(a.parts).toString('utf8') }));
}
