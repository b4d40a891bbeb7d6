import type { DecodedStream } from './archive/decoded';

/** The first bytes of a stream, read without losing them: `replay` gives the whole stream back. */
export interface StreamHead {
  data: Buffer;
  /** The stream ended within these bytes. */
  done: boolean;
}

/**
 * Reads at least `n` bytes (fewer when the stream ends first). A head that came in one piece (a small
 * file inflated whole) is that piece, not a copy of it.
 */
export async function readHead(reader: AsyncIterator<Buffer>, n: number): Promise<StreamHead> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < n) {
    const r = await reader.next();
    if (r.done) return { data: joined(parts), done: true };
    parts.push(r.value);
    size += r.value.length;
  }
  return { data: joined(parts), done: false };
}

function joined(parts: Buffer[]): Buffer {
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/**
 * The head, then the rest of the stream. A reader that stops early closes the stream under it, as a
 * `for await` over it would (a decompressing process is stopped, not left blocked on a full pipe).
 */
export async function* replay(head: StreamHead, reader: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  let ended = head.done;
  try {
    if (head.data.length) yield head.data;
    if (head.done) return;
    for (let r = await reader.next(); !r.done; r = await reader.next()) yield r.value;
    ended = true;
  } finally {
    if (!ended) await reader.return?.();
  }
}

/** A decoded stream's first `n` bytes, and the whole stream again, with what its decoding ran into. */
export async function peekDecoded(decoded: DecodedStream, n: number): Promise<{ head: Buffer; content: DecodedStream }> {
  const reader = decoded[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await readHead(reader, n);
  return { head: head.data, content: { [Symbol.asyncIterator]: () => replay(head, reader), problem: () => decoded.problem() } };
}
