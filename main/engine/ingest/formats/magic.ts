import zlib from 'node:zlib';

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

/**
 * A compressed stream told by more than its magic number, for a file whose name says nothing of it (a
 * log gzipped in place under its own name): a gzip member's header (deflate, no reserved flag, a known
 * XFL and OS), an xz stream header whose flags match their CRC32, a zstd frame header with its reserved
 * bit clear, a bzip2 stream whose first block (or end) has its 48-bit magic. Text or binary data that
 * merely starts with 1f 8b, "BZh9" or the like is none of them.
 */
export function compressedStreamHeader(head: Buffer): 'gzip' | 'xz' | 'bzip2' | 'zstd' | null {
  switch (packingOf(head)) {
    case 'gzip':
      return head.length >= 10 && head[2] === 8 && (head[3] & 0xe0) === 0 && GZIP_XFL.has(head[8]) && (head[9] <= 13 || head[9] === 255) ? 'gzip' : null;
    case 'xz':
      return head.length >= 12 && head[6] === 0 && XZ_CHECKS.has(head[7]) && zlib.crc32(head.subarray(6, 8)) === head.readUInt32LE(8) ? 'xz' : null;
    case 'zstd':
      return head.length >= 5 && (head[4] & 0x08) === 0 ? 'zstd' : null;
    case 'bzip2':
      return head.length >= 10 && BZIP2_MAGICS.some((m) => head.subarray(4, 10).equals(m)) ? 'bzip2' : null;
    default:
      return null;
  }
}

/** gzip's XFL: none, slowest, fastest. */
const GZIP_XFL = new Set([0, 2, 4]);
/** xz's check types: none, CRC32, CRC64, SHA-256. */
const XZ_CHECKS = new Set([0x00, 0x01, 0x04, 0x0a]);
/** A bzip2 block's magic (the digits of pi) and the end of stream's (of sqrt(pi)). */
const BZIP2_MAGICS = [Buffer.from('314159265359', 'hex'), Buffer.from('177245385090', 'hex')];

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
