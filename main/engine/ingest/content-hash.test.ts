import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ContentHash } from './content-hash';

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

function hashed(pieces: Buffer[]): string {
  const h = new ContentHash();
  for (const p of pieces) h.update(p);
  return h.digest();
}

describe('an artifact’s sha256, one piece or many', () => {
  const small = Buffer.from('Name:\tkubelet\nState:\tS (sleeping)\n');
  const big = crypto.randomBytes(200 * 1024);

  it('is the sha256 of the whole content whatever the pieces', () => {
    for (const pieces of [[], [Buffer.alloc(0)], [small], [big], [small, small], [small, big], [big, small], [small, big, small, small]]) {
      expect(hashed(pieces)).toBe(sha256(Buffer.concat(pieces)));
    }
  });
});
