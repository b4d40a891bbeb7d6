import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BlockFileReader } from './zip-file-reader';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-zip-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file of `size` random bytes, and its content. */
function randomFile(size: number): { file: string; data: Buffer } {
  const data = crypto.randomBytes(size);
  const file = path.join(dir, `f-${size}`);
  fs.writeFileSync(file, data);
  return { file, data };
}

/** A range as yauzl streams an entry's data (its createReadStream also counts references to the reader, and closes it at none). */
async function streamed(reader: BlockFileReader, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of reader._readStreamForRange(start, end)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('the block reader yauzl reads a zip file through', () => {
  it('gives back exactly the bytes asked for: small reads across block edges, large ranges streamed, the file end', async () => {
    const { file, data } = randomFile(3 * 1024 * 1024 + 12_345);
    const reader = await BlockFileReader.open(file);
    try {
      const ranges: [number, number][] = [
        [0, 30],
        [65_530, 65_550],
        [1_000_000, 1_000_000 + 2 * 1024 * 1024],
        [data.length - 10, data.length],
        [data.length - 10, data.length + 100],
        [5, 5],
      ];
      for (const [start, end] of ranges) {
        expect((await reader.bytes(start, end - start)).equals(data.subarray(start, end))).toBe(true);
        expect((await streamed(reader, start, end)).equals(data.subarray(start, end))).toBe(true);
      }
    } finally {
      await new Promise((resolve) => reader.close(resolve));
    }
  });

  it("reads each block of a zip's records once, however many records lie in it", async () => {
    const { file, data } = randomFile(256 * 1024);
    const reader = await BlockFileReader.open(file);
    const reads = vi.spyOn(fs, 'read');
    try {
      // 2,000 records of 46 bytes, in order, as yauzl reads a directory: four 64 KB blocks.
      for (let at = 0; at + 46 <= 2000 * 46; at += 46) expect((await reader.bytes(at, 46)).equals(data.subarray(at, at + 46))).toBe(true);
      expect(reads.mock.calls.length).toBe(Math.ceil((2000 * 46) / 65_536));
    } finally {
      reads.mockRestore();
      await new Promise((resolve) => reader.close(resolve));
    }
  });

  it('says so when asked for bytes past the end of the file', async () => {
    const { file } = randomFile(1000);
    const reader = await BlockFileReader.open(file);
    try {
      const err = await new Promise<Error | null>((resolve) => reader.read(Buffer.alloc(100), 0, 100, 950, resolve));
      expect(err?.message).toBe('the zip ends at byte 1000, before byte 1050');
    } finally {
      await new Promise((resolve) => reader.close(resolve));
    }
  });
});
