import { diagnoseBundle } from '../rules';
import type { Db } from '../store/workspace';

/**
 * Work done once per artifact at ingest, inside the ingest transaction, for kinds whose views need
 * more than raw bytes and log lines (e.g. per-function profile totals). Each area registers its own.
 */
export interface ArtifactIndexer {
  kinds: readonly string[];
  index(db: Db, bundleId: number, artifactId: number, content: Buffer): void;
}

export const ARTIFACT_INDEXERS: ArtifactIndexer[] = [];

/** Work done once per bundle after every artifact is in (e.g. the rules). */
export type BundleFinisher = (db: Db, bundleId: number) => void;

export const BUNDLE_FINISHERS: BundleFinisher[] = [
  // Findings are computed at ingest and stored, so opening a bundle shows them at once.
  (db, bundleId) => void diagnoseBundle(db, bundleId),
];
