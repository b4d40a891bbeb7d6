import { beginDiagnosis } from '../rules';
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

/**
 * Work done once per bundle after every artifact is in (e.g. the rules): begun while the full-text
 * index is finished (it holds the lines up to `indexedTo`), in a read transaction; finished once the
 * index is complete, in the transaction that publishes the bundle.
 */
export type BundleFinisher = (db: Db, bundleId: number, indexedTo: number) => { finish(): void };

export const BUNDLE_FINISHERS: BundleFinisher[] = [
  // Findings are computed at ingest and stored, so opening a bundle shows them at once.
  (db, bundleId, indexedTo) => {
    const diagnosis = beginDiagnosis(db, bundleId, indexedTo);
    return { finish: () => void diagnosis.finish() };
  },
];
