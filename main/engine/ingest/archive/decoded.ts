/**
 * What a decompressor (gzip today; xz, bzip2, zstd beside it) hands the tar reader: the decoded bytes,
 * and once they are exhausted, what went wrong if anything. A decoder never throws on damaged input:
 * it yields every byte it could decode and then says why it stopped.
 */
export interface DecodeProblem {
  /**
   * 'truncated': the input ended inside the compressed data; 'corrupt': the compressed data is damaged
   * (what came before it was yielded); 'trailing': the compressed data ended properly and bytes that
   * are not compressed data follow (ignored, as gzip and GNU tar do).
   */
  kind: 'truncated' | 'corrupt' | 'trailing';
  message: string;
}

export interface DecodedStream extends AsyncIterable<Buffer> {
  /** Valid once iteration has ended. */
  problem(): DecodeProblem | null;
}

/** A stream that needs no decoding (a plain .tar). */
export function plainStream(input: AsyncIterable<Buffer>): DecodedStream {
  return { [Symbol.asyncIterator]: () => input[Symbol.asyncIterator](), problem: () => null };
}
