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
