/** A run of zero bytes to compare chunks against (memcmp: stops at a chunk's first other byte). */
const ZEROS = Buffer.alloc(64 * 1024);

/**
 * True when every byte of the chunk is zero: the hole of a sparse file archived without `tar --sparse`
 * (/var/log/lastlog of a host whose users have large uids is gigabytes of them), or a bomb of zeros.
 */
export function isAllZeros(chunk: Buffer): boolean {
  for (let at = 0; at < chunk.length; at += ZEROS.length) {
    const part = chunk.subarray(at, Math.min(chunk.length, at + ZEROS.length));
    if (!part.equals(ZEROS.subarray(0, part.length))) return false;
  }
  return true;
}
