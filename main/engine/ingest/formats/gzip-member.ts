import zlib from 'node:zlib';
import { rememberDeflated } from '../deflated-content';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;
/** CRC-32 and size of the content, after the deflate data. */
const TRAILER_BYTES = 8;

/** Where the deflate data of a gzip member starts (RFC 1952 2.3), or null for a header this does not read. */
export function gzipDataStart(data: Buffer): number | null {
  if (data.length < 10 || data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) return null;
  const flags = data[3];
  if (flags & RESERVED) return null;
  let at = 10;
  if (flags & FEXTRA) at = data.length >= at + 2 ? at + 2 + data.readUInt16LE(at) : data.length + 1;
  if (flags & FNAME) at = zeroEnded(data, at);
  if (flags & FCOMMENT) at = zeroEnded(data, at);
  if (flags & FHCRC) at += 2;
  return at <= data.length ? at : null;
}

function zeroEnded(data: Buffer, from: number): number {
  const end = data.indexOf(0, from);
  return end < 0 ? data.length + 1 : end + 1;
}

/**
 * A small gzip file of exactly one member, inflated in one call: its content, remembered with the
 * member's deflate data (deflated-content.ts), so the artifact stores that data instead of deflating
 * its content again. Null when it is anything else (several members, bytes after the member, a size
 * or CRC that does not check out, damage, more than the output allows): the caller gunzips it as before.
 */
export function inflateSingleMember(data: Buffer, options: { chunkSize: number; maxOutputLength: number }): Buffer | null {
  const start = gzipDataStart(data);
  if (start === null || data.length < start + TRAILER_BYTES) return null;
  const deflated = data.subarray(start, data.length - TRAILER_BYTES);
  let out: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    out = zlib.inflateRawSync(deflated, { ...options, info: true }) as unknown as typeof out;
  } catch {
    return null;
  }
  const content = out.buffer;
  const trailer = data.subarray(data.length - TRAILER_BYTES);
  const whole = out.engine.bytesWritten === deflated.length && trailer.readUInt32LE(4) === content.length % 2 ** 32;
  if (!whole || trailer.readUInt32LE(0) !== zlib.crc32(content)) return null;
  rememberDeflated(content, deflated);
  return content;
}
