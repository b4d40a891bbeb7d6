/**
 * Content that arrived as one raw deflate stream (a small zip entry, inflated in one call): the stream,
 * by the buffer it inflated to. An artifact read whole from such a buffer stores the stream itself as
 * its one chunk (chunks are raw deflate: store/artifacts.ts) instead of deflating the same bytes again
 * on the chunk deflater's thread. Keyed by the buffer object: content decoded further (a .gz inside the
 * zip) or cut short is another buffer, never matched with a stream it does not come from.
 */
const streams = new WeakMap<Buffer, Buffer>();

/** `deflated` is one whole raw deflate stream that inflates to exactly `content`. */
export function rememberDeflated(content: Buffer, deflated: Buffer): void {
  streams.set(content, deflated);
}

/** The raw deflate stream `content` was inflated from, when it came whole from one. */
export function deflatedStreamOf(content: Buffer): Buffer | undefined {
  return streams.get(content);
}
