import zlib from 'node:zlib';
import { gunzipBounded } from '../ingest/archive/gzip';
import { PROFILE_RATIO, PROFILE_RATIO_FLOOR } from '../profiles/load';

/** Profiles larger than this (uncompressed) are left out of a share rather than decoded whole. */
export const MAX_PROFILE_BYTES = 256 << 20;

/** profile.proto: `repeated string string_table = 6`. */
const STRING_TABLE_FIELD = 6;

function readVarint(buf: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  throw new Error('not a protobuf: a varint runs past the end');
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

/**
 * A pprof profile with every string of its string table (function and file names, label keys and
 * values, mapping paths) passed through `rewrite`, gzipped again when it came gzipped. The rewrite is
 * done on the wire: every other field is copied byte for byte, so indexes and numbers stay exact.
 */
export function rewriteProfile(bytes: Buffer, rewrite: (s: string) => string): Buffer {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  // Bounded like every profile decode: a gzip bomb is refused, not expanded.
  const raw = gzipped ? gunzipBounded(bytes, { ratio: PROFILE_RATIO, floor: PROFILE_RATIO_FLOOR, max: MAX_PROFILE_BYTES }) : bytes;
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const [key, afterKey] = readVarint(raw, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let end: number;
    if (wire === 0) end = readVarint(raw, afterKey)[1];
    else if (wire === 1) end = afterKey + 8;
    else if (wire === 5) end = afterKey + 4;
    else if (wire === 2) {
      const [length, start] = readVarint(raw, afterKey);
      end = start + length;
      if (end > raw.length) throw new Error('not a protobuf: a field runs past the end');
      if (field === STRING_TABLE_FIELD) {
        const text = Buffer.from(rewrite(raw.subarray(start, end).toString('utf8')), 'utf8');
        parts.push(raw.subarray(at, afterKey), varint(text.length), text);
        at = end;
        continue;
      }
    } else throw new Error(`not a protobuf: wire type ${wire}`);
    if (end > raw.length) throw new Error('not a protobuf: a field runs past the end');
    parts.push(raw.subarray(at, end));
    at = end;
  }
  const out = Buffer.concat(parts);
  return gzipped ? zlib.gzipSync(out) : out;
}
