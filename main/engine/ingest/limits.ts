/** Bounds that keep a hostile or broken bundle from exhausting memory, disk or time. */
export interface IngestLimits {
  /** Bytes one entry may expand to; the rest is skipped and the artifact marked truncated. */
  maxEntryBytes: number;
  /** Bytes the whole archive may expand to before reading stops. */
  maxTotalBytes: number;
  /** Expansion ratio (expanded / compressed) past which, beyond `ratioFloorBytes`, the archive is a bomb. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Size of manifest.json, read whole. */
  maxManifestBytes: number;
  /** Size of an artifact kept whole in memory for an indexer (profiles). */
  maxIndexedBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 1000,
  ratioFloorBytes: 256 * 1024 ** 2,
  maxManifestBytes: 16 * 1024 ** 2,
  maxIndexedBytes: 512 * 1024 ** 2,
};
