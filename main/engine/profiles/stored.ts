import { ArtifactTooLargeError, readArtifactBytes, wholeReadBytes } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { decodeProfile } from './load';
import type { Profile } from './model';

/** What decoding a stored profile needs of its artifact row. */
export interface StoredProfile {
  id: number;
  path: string;
  bytes: number;
}

/**
 * A bundle's profile, decoded for the work nodescope does unasked (rules, fleet features, exported
 * tables): past wholeReadBytes('pprof') it throws ArtifactTooLargeError, as the ingest notes. A
 * profile decodes to about 15 times its gzipped size (a 16 MB CPU profile took an ingest to 351 MB,
 * a 50 MB one `profile top` to 726 MB). Its views decode it whole when the operator opens it.
 */
export function decodeStoredProfile(db: Db, a: StoredProfile): Profile {
  requireDecodable(a);
  return decodeProfile(readArtifactBytes(db, a.id));
}

/** Throws ArtifactTooLargeError for a profile past what the rules decode (see decodeStoredProfile). */
export function requireDecodable(a: StoredProfile): void {
  const cap = wholeReadBytes('pprof');
  if (a.bytes > cap) throw new ArtifactTooLargeError(a.path, a.bytes, cap);
}
