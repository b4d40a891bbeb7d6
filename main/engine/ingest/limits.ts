/** Bounds that keep a hostile or broken bundle from exhausting memory, disk or time. */
export interface IngestLimits {
  /** Bytes one entry may expand to; the rest is skipped and the artifact marked truncated. */
  maxEntryBytes: number;
  /** Bytes the whole archive may expand to before reading stops. */
  maxTotalBytes: number;
  /**
   * Expansion ratio (expanded / compressed) past which, beyond `ratioFloorBytes`, the archive is a bomb.
   * Chunks of zero bytes alone do not count: they are bounded by `maxZeroBytes`.
   */
  maxRatio: number;
  ratioFloorBytes: number;
  /**
   * Bytes of all-zero chunks the archive may expand to before reading stops. A sparse file archived
   * without `tar --sparse` (a /var/log/lastlog of hundreds of MB) expands past 1000:1 like a bomb does,
   * and stopped the reading of a `tar czf` of /var/log at it; a bomb of zeros still stops here, in about
   * 2 s of decompression. Archived with `tar --sparse`, its holes are zeros the tar reader makes: they
   * count here too, so a sparse map declaring a terabyte of holes stops here as well.
   */
  maxZeroBytes: number;
  /** Size of manifest.json, read whole. */
  maxManifestBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 1000,
  ratioFloorBytes: 256 * 1024 ** 2,
  maxZeroBytes: 1024 ** 3,
  maxManifestBytes: 16 * 1024 ** 2,
};
