import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflatedStreamOf } from '../deflated-content';
import { gzipDataStart, inflateSingleMember } from './gzip-member';

const OPTIONS = { chunkSize: 64 * 1024, maxOutputLength: 16 * 1024 * 1024 };
const content = Buffer.from('Dec  1 10:00:00 node1 kubelet[812]: Failed to pull image "registry.local/app:1.2"\n'.repeat(200));

/** A gzip member written field by field (RFC 1952), with the optional header fields asked for. */
function member(data: Buffer, fields: { extra?: Buffer; name?: string; comment?: string; headerCrc?: boolean } = {}): Buffer {
  const flags = (fields.headerCrc ? 0x02 : 0) | (fields.extra ? 0x04 : 0) | (fields.name ? 0x08 : 0) | (fields.comment ? 0x10 : 0);
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3])];
  if (fields.extra) parts.push(Buffer.from([fields.extra.length & 0xff, fields.extra.length >> 8]), fields.extra);
  if (fields.name) parts.push(Buffer.from(`${fields.name}\0`, 'latin1'));
  if (fields.comment) parts.push(Buffer.from(`${fields.comment}\0`, 'latin1'));
  if (fields.headerCrc) parts.push(Buffer.from([0, 0]));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(data), 0);
  trailer.writeUInt32LE(data.length, 4);
  return Buffer.concat([...parts, zlib.deflateRawSync(data), trailer]);
}

describe("a rotated log's gzip, inflated with its deflate data kept for the chunk store", () => {
  it('reads what gzip itself writes (the file name in the header) and keeps the data that inflates to it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-gzip-'));
    const file = path.join(dir, 'syslog.2');
    fs.writeFileSync(file, content);
    const gz = execFileSync('gzip', ['-c', '-9', file]);
    fs.rmSync(dir, { recursive: true });
    expect(gzipDataStart(gz)).toBeGreaterThan(10);
    const out = inflateSingleMember(gz, OPTIONS);
    expect(out?.equals(content)).toBe(true);
    expect(zlib.inflateRawSync(deflatedStreamOf(out!)!).equals(content)).toBe(true);
  });

  it('steps over every optional header field', () => {
    const gz = member(content, { extra: Buffer.from('AP\x02\x00hi'), name: 'syslog.2', comment: 'rotated', headerCrc: true });
    expect(inflateSingleMember(gz, OPTIONS)?.equals(content)).toBe(true);
  });

  it('leaves to gunzip what is not exactly one whole member: two members, bytes after it, a wrong CRC or size, damage', () => {
    const one = member(content);
    const badCrc = Buffer.from(one);
    badCrc.writeUInt32LE((badCrc.readUInt32LE(badCrc.length - 8) ^ 1) >>> 0, badCrc.length - 8);
    const badSize = Buffer.from(one);
    badSize.writeUInt32LE(content.length + 1, badSize.length - 4);
    const damaged = Buffer.from(one);
    damaged[20] ^= 0xff;
    for (const gz of [Buffer.concat([one, member(Buffer.from('more\n'))]), Buffer.concat([one, Buffer.from('junk')]), badCrc, badSize, damaged, one.subarray(0, 40)]) {
      expect(inflateSingleMember(gz, OPTIONS)).toBeNull();
    }
    // Two members are still read whole, by gunzip, and have no single stream to store.
    const two = zlib.gunzipSync(Buffer.concat([one, member(Buffer.from('more\n'))]));
    expect(deflatedStreamOf(two)).toBeUndefined();
  });

  it('refuses a header with reserved flags or cut inside its fields', () => {
    const gz = member(content, { name: 'x' });
    const reserved = Buffer.from(gz);
    reserved[3] |= 0x20;
    expect(gzipDataStart(reserved)).toBeNull();
    expect(gzipDataStart(member(Buffer.alloc(0), { name: 'a-very-long-name' }).subarray(0, 14))).toBeNull();
  });
});
