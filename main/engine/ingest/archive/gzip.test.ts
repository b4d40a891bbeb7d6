import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipStream } from './gzip';

async function* pieces(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

describe('gunzip of a bundle', () => {
  it("hands a slice's output over in pieces of up to 1 MiB: a trip through the thread pool each, not one per 64 KiB out", async () => {
    const text = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `2026-11-05T10:00:00Z node1 kubelet[548]: I1105 probe ${i % 997} of pod web-${i % 131} ok\n`).join(''));
    const packed = zlib.gzipSync(text);
    const slices = Math.ceil(packed.length / (64 * 1024));
    const out: Buffer[] = [];
    const stream = gunzipStream(pieces(packed, 1 << 20));
    for await (const c of stream) out.push(c);
    expect(stream.problem()).toBeNull();
    expect(Buffer.concat(out).equals(text)).toBe(true);
    expect(text.length / packed.length).toBeGreaterThan(4);
    // A piece ends where a 64 KiB slice of input does, or at 1 MiB of output (240 pieces of 64 KiB before).
    expect(out.length).toBeLessThanOrEqual(slices + Math.ceil(text.length / 2 ** 20));
  });
});

describe('gunzip while the ingest parses', () => {
  /** Compressed bytes the gunzip had taken from its input when the consumer got the first output. */
  async function readWhenFirstOut(packed: Buffer): Promise<{ taken: number; whole: Buffer }> {
    let taken = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      // 64 KiB reads, as a file stream gives them: each is one slice for the inflater.
      for await (const p of pieces(packed, 64 * 1024)) {
        taken += p.length;
        yield p;
      }
    }
    let takenAtFirst = -1;
    const out: Buffer[] = [];
    for await (const c of gunzipStream(counted())) {
      if (takenAtFirst < 0) takenAtFirst = taken;
      out.push(c);
    }
    return { taken: takenAtFirst, whole: Buffer.concat(out) };
  }

  it('decodes the next 64 KiB slice while the first one\'s output is parsed: the ingest thread never waits for the pool', async () => {
    const text = Buffer.from(Array.from({ length: 100_000 }, (_, i) => `2026-11-05T10:00:00Z kubelet[548]: pod web-${(i * 2654435761) >>> 12} probe ${i} failed\n`).join(''));
    const packed = zlib.gzipSync(text);
    expect(packed.length).toBeGreaterThan(3 * 64 * 1024);
    const r = await readWhenFirstOut(packed);
    expect(r.whole.equals(text)).toBe(true);
    expect(r.taken).toBe(2 * 64 * 1024);
  });

  it('does not decode ahead of a slice that expanded like a bomb (past 4 MiB): one slice\'s output at a time', async () => {
    // 32 MiB of zeros with 16 random bytes every 4 KiB: about 115:1, so a 64 KiB slice expands to ~7 MiB.
    const bomb = Buffer.alloc(32 * 1024 * 1024);
    for (let i = 0; i < bomb.length; i += 4096) crypto.randomFillSync(bomb, i, 16);
    const packed = zlib.gzipSync(bomb);
    expect(packed.length).toBeGreaterThan(2 * 64 * 1024);
    const r = await readWhenFirstOut(packed);
    expect(r.whole.equals(bomb)).toBe(true);
    expect(r.taken).toBe(64 * 1024);
  });
});
