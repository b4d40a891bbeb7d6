import { TextDecoder } from 'node:util';

/**
 * Logs written in UTF-16 (PowerShell 5's `>` and Out-File on a Windows node) are told by their byte
 * order mark and indexed as the text they hold; the raw artifact keeps the bytes as written.
 */
export type Utf16 = 'utf-16le' | 'utf-16be';

export function utf16Of(head: Buffer): Utf16 | null {
  if (head.length < 2) return null;
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * What a head with a UTF-16 byte order mark holds, as UTF-8 for the sniffers; null for any other head,
 * and for one that is not UTF-16 text after all (binary data after FF FE: unpaired surrogates).
 */
export function utf16Head(head: Buffer): { encoding: Utf16; text: Buffer } | null {
  const encoding = utf16Of(head);
  if (!encoding) return null;
  const even = head.subarray(0, head.length & ~1);
  // The head may cut a surrogate pair at its end.
  for (const units of [even, even.subarray(0, Math.max(0, even.length - 2))]) {
    try {
      return { encoding, text: Buffer.from(new TextDecoder(encoding, { fatal: true }).decode(units), 'utf8') };
    } catch {
      // not UTF-16 as it stands
    }
  }
  return null;
}

/** A head as UTF-8 text when it is UTF-16, else as it is. */
export function utf8Head(head: Buffer): Buffer {
  return utf16Head(head)?.text ?? head;
}

/** Turns a UTF-16 stream into UTF-8 piece by piece (a character split between pieces is kept whole). */
export class Utf16ToUtf8 {
  private readonly decoder: TextDecoder;

  constructor(encoding: Utf16) {
    this.decoder = new TextDecoder(encoding);
  }

  push(chunk: Buffer): Buffer {
    return Buffer.from(this.decoder.decode(chunk, { stream: true }), 'utf8');
  }

  end(): Buffer {
    return Buffer.from(this.decoder.decode(), 'utf8');
  }
}
