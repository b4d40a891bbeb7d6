import type { IngestError } from '../../../shared/api';
import { readArtifactBytes } from '../store/artifacts';
import type { Db } from '../store/workspace';

/**
 * A copy made by `nodescope share` of a bundle that was read incomplete holds only what could be read:
 * a log cut short in the original looks whole in the copy. Its record (the manifest's
 * `pseudonymisation`, or `nodescope-share.json` beside a plain bundle) lists the original's problems
 * under `originalIncomplete`; the copy is as incomplete as its original, and says why.
 */

/** The record of a plain bundle's shared copy, at the copy's top. */
export const PLAIN_SHARE_RECORD = 'nodescope-share.json';
const MAX_RECORD_BYTES = 4 << 20;
const MAX_MESSAGE = 1000;

/** The original's problems as errors of this ingest; none when the record lists none. */
export function originalProblems(record: unknown): IngestError[] {
  if (typeof record !== 'object' || record === null) return [];
  const r = record as { tool?: unknown; originalIncomplete?: unknown };
  if (r.tool !== 'nodescope share' || !Array.isArray(r.originalIncomplete)) return [];
  return r.originalIncomplete.map((p: { path?: unknown; message?: unknown } | null) => ({
    path: typeof p?.path === 'string' ? p.path : null,
    message: `the original of this shared copy was read incomplete: ${String(p?.message ?? 'no reason given').slice(0, MAX_MESSAGE)}`,
  }));
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** From a nodescope manifest's text: only a shared copy's manifest names originalIncomplete, so others are not parsed again. */
export function originalProblemsOfManifest(data: Buffer): IngestError[] {
  if (!data.includes('"originalIncomplete"')) return [];
  return originalProblems((parsed(data.toString('utf8')) as { pseudonymisation?: unknown } | null)?.pseudonymisation);
}

/** From a plain bundle's nodescope-share.json, when it has one. */
export function originalProblemsOfPlainBundle(db: Db, bundleId: number): IngestError[] {
  const row = db.prepare('SELECT id, bytes FROM artifacts WHERE bundle_id = ? AND path = ?').get(bundleId, PLAIN_SHARE_RECORD) as { id: number; bytes: number } | undefined;
  if (!row || row.bytes > MAX_RECORD_BYTES) return [];
  return originalProblems(parsed(readArtifactBytes(db, row.id).toString('utf8')));
}
