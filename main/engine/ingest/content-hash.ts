import crypto from 'node:crypto';

/**
 * Pieces up to this size are held (not copied) until a second one comes: an artifact of one piece is
 * then hashed in one call. A piece is not changed once pushed (the artifact writer stores its pending
 * pieces later too). Bigger ones go into a running hash at once, so none is held longer than the
 * artifact writer holds it anyway.
 */
const HELD_MAX_BYTES = 64 * 1024;

/**
 * The sha256 of an artifact's content as it streams in. Most artifacts of a node's bundle are one small
 * piece (a /proc file, a pod log of a few lines): for those, `crypto.hash` costs 0.4 µs where a Hash
 * object, updated and digested, costs 1.0 µs (150,000 per-process files: 150 ms against 60 ms).
 */
export class ContentHash {
  private held: Buffer | null = null;
  private running: crypto.Hash | null = null;

  update(piece: Buffer): void {
    if (this.running) {
      this.running.update(piece);
    } else if (this.held === null && piece.length <= HELD_MAX_BYTES) {
      this.held = piece;
    } else {
      this.running = crypto.createHash('sha256');
      if (this.held) this.running.update(this.held);
      this.held = null;
      this.running.update(piece);
    }
  }

  /** The hex digest of everything updated; call once. */
  digest(): string {
    if (this.running) return this.running.digest('hex');
    return crypto.hash('sha256', this.held ?? Buffer.alloc(0), 'hex');
  }
}
