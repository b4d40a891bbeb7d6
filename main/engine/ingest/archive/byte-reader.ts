/**
 * Pull-based reading of a chunked byte stream: exact reads, bounded takes, skips and push-back, with
 * the count of bytes consumed. The archive decoders (gzip, tar) are written against it.
 */
export class ByteReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  /** Bytes handed out (or skipped) so far: the position in the stream. */
  offset = 0;

  constructor(input: AsyncIterable<Buffer>) {
    this.iterator = input[Symbol.asyncIterator]();
  }

  /** Buffers at least n bytes unless the stream ends first; returns the bytes buffered. */
  private async fill(n: number): Promise<number> {
    while (this.buffered < n && !this.ended) {
      const r = await this.iterator.next();
      if (r.done) this.ended = true;
      else if (r.value.length) {
        this.chunks.push(r.value);
        this.buffered += r.value.length;
      }
    }
    return this.buffered;
  }

  /** Exactly n bytes, or fewer when the stream ends first. */
  async read(n: number): Promise<Buffer> {
    await this.fill(n);
    return this.consume(Math.min(n, this.buffered));
  }

  /** The next n bytes (fewer at the end), without consuming them. */
  async peek(n: number): Promise<Buffer> {
    await this.fill(n);
    const out = this.consume(Math.min(n, this.buffered));
    this.unread(out);
    return out;
  }

  /** Between 1 and max bytes (0 only at the end), without copying when one chunk holds them. */
  async take(max: number): Promise<Buffer> {
    await this.fill(1);
    return this.consume(Math.min(max, this.chunks[0]?.length ?? 0));
  }

  /** Exactly n bytes when they are buffered already (consumed), else null and nothing consumed. */
  takeBuffered(n: number): Buffer | null {
    return this.buffered >= n ? this.consume(n) : null;
  }

  /** Skips n bytes when they are buffered already (true), else skips nothing (false). */
  skipBuffered(n: number): boolean {
    if (this.buffered < n) return false;
    let left = n;
    while (left > 0) {
      const c = this.chunks[0];
      if (c.length > left) {
        this.chunks[0] = c.subarray(left);
        break;
      }
      this.chunks.shift();
      left -= c.length;
    }
    this.buffered -= n;
    this.offset += n;
    return true;
  }

  /** Skips n bytes; returns how many could be skipped. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const got = await this.take(Math.min(left, 1 << 20));
      if (got.length === 0) break;
      left -= got.length;
    }
    return n - left;
  }

  /** Puts bytes back in front of the stream (they were read but belong to the next reader). */
  unread(data: Buffer): void {
    if (data.length === 0) return;
    this.chunks.unshift(data);
    this.buffered += data.length;
    this.offset -= data.length;
  }

  /** Stops reading the underlying stream. */
  async close(): Promise<void> {
    this.chunks = [];
    this.buffered = 0;
    await this.iterator.return?.();
  }

  private consume(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    let out: Buffer;
    const first = this.chunks[0];
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let at = 0;
      while (at < n) {
        const c = this.chunks[0];
        const part = Math.min(c.length, n - at);
        c.copy(out, at, 0, part);
        at += part;
        if (part === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(part);
      }
    }
    this.buffered -= n;
    this.offset += n;
    return out;
  }
}
