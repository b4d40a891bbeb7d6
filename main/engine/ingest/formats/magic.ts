/**
 * How a file or an archive entry is packed, told by its first bytes (never by its name: operators rename
 * bundles, and a `.tar.gz` is sometimes a plain tar).
 */
export type Packing = 'gzip' | 'xz' | 'bzip2' | 'zstd' | 'zip' | 'tar';

export function packingOf(head: Buffer): Packing | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 6 && head.subarray(0, 6).equals(XZ_MAGIC)) return 'xz';
  if (head.length >= 4 && head.toString('latin1', 0, 3) === 'BZh' && head[3] >= 0x31 && head[3] <= 0x39) return 'bzip2';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  // A zip starts with a local file header, or (empty archive) with the end-of-central-directory record.
  if (head.length >= 4 && (head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50)) return 'zip';
  if (looksLikeTar(head)) return 'tar';
  return null;
}

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/** A tar header block: "ustar" magic, or (old v7 tar) a matching header checksum. */
export function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return false;
  if (head.toString('latin1', 257, 262) === 'ustar') return true;
  const stored = parseInt(head.toString('latin1', 148, 156).replace(/\0.*$/, '').trim(), 8);
  if (Number.isNaN(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : head[i];
  return sum === stored;
}

/** The name of a packed file without its packing suffix: "node1.zip" → "node1", "x.tar.xz" → "x". */
export function stripPackingSuffix(name: string): string {
  return name.replace(/\.(?:tar\.(?:gz|xz|bz2|zst)|tgz|txz|tbz2?|tzst|tar|zip|gz|xz|bz2|zst)$/i, '');
}
