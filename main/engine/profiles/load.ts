import { gunzipBounded, GzipBoundError } from '../ingest/archive/gzip';
import { ProfileError, type Profile } from './model';
import { decodeRaw } from './proto';
import { resolveProfile } from './resolve';

/** Most a profile may expand to: a hostile gzip must not take the process down. */
export const MAX_PROFILE_BYTES = 1024 * 1024 * 1024;
/**
 * Expansion a gzipped profile may have past PROFILE_RATIO_FLOOR bytes (pprof protobufs compress a few
 * times, never a hundred): beyond it decoding stops, so memory stays near the floor for a bomb.
 */
export const PROFILE_RATIO = 100;
export const PROFILE_RATIO_FLOOR = 64 * 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The protobuf bytes of a profile file: gunzipped when the content is gzip, whatever its name. */
export function profileBytes(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipBounded(bytes, { ratio: PROFILE_RATIO, floor: PROFILE_RATIO_FLOOR, max: MAX_PROFILE_BYTES });
  } catch (e) {
    if (e instanceof GzipBoundError) throw new ProfileError(e.message);
    throw new ProfileError(`not a readable gzip stream: ${(e as Error).message}`);
  }
}

const LEGACY_TEXT = /^(heap profile:|goroutine profile:|threadcreate profile:|--- contention|--- mutex|goroutine \d+ \[)/;

/** Decodes a pprof profile (profile.proto, gzipped or raw). Throws ProfileError with a readable reason. */
export function decodeProfile(bytes: Uint8Array): Profile {
  const data = profileBytes(bytes);
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(64, data.byteLength)).toString('latin1');
  if (LEGACY_TEXT.test(head)) throw new ProfileError('a text profile (debug=1/2), not profile.proto');
  if (data.byteLength >= 8 && data[0] === 0 && data[1] === 0 && data[2] === 0 && data[3] === 0) {
    throw new ProfileError('a legacy binary CPU profile (pre-protobuf), which nodescope does not read');
  }
  let profile: Profile;
  try {
    profile = resolveProfile(decodeRaw(data));
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    throw new ProfileError(`not a valid profile.proto: ${(e as Error).message}`);
  }
  if (profile.sampleTypes.length === 0) throw new ProfileError('not a profile: it declares no sample types');
  return profile;
}

/** True when the bytes look like a pprof protobuf profile (used to recognise profiles by content). */
export function looksLikeProfile(bytes: Uint8Array): boolean {
  try {
    decodeProfile(bytes);
    return true;
  } catch {
    return false;
  }
}
