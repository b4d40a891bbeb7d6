/**
 * The objects of a kubectl JSON listing, read from its bytes chunk by chunk: each object of `items` (of a
 * List) or of a bare top-level array (troubleshoot before v0.40) is cut out and parsed alone. A listing is
 * never one string, and the raw objects of one item live at a time: a whole JSON.parse held a listing's
 * every field until its items were mapped, and a listing past 16 MiB was not read at all.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** One object of a listing larger than this is not read (a pod is a few KB; a node with its images 100 KB). */
export const MAX_ITEM_BYTES = 16 * 1024 * 1024;
/** Characters of items parsed together (see parseBatch). */
const BATCH_CHARS = 64 * 1024;
/** A string at the top object's level longer than this is not the key "items". */
const KEY_BYTES = 16;

const isBlank = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * What the listing turned out to be: a List (items found), a bare array, one object (no items), or
 * something else (a scalar, or not JSON at all: `error: You must be logged in`), read no further.
 */
export type JsonShape = 'list' | 'array' | 'object' | 'other';

export class JsonItemScanner {
  /** Containers open around the byte being read. */
  private depth = 0;
  private inString = false;
  /** The previous byte was a backslash inside a string. */
  private escaped = false;
  /** The depth of the array whose objects are the items (1 for a bare array, 2 for a List's `items`). */
  private itemsDepth: number | null = null;
  /** The items' array was read to its end (a List has one). */
  private itemsRead = false;
  /** Bytes of the string being read at the top object's level, while it may still be a key. */
  private topString: number[] | null = null;
  private lastTopString: string | null = null;
  /** The parts of the item being cut out, when one is. */
  private item: Buffer[] | null = null;
  private itemBytes = 0;
  private ended = false;
  /** Items cut out and not parsed yet, and their characters. */
  private batch: string[] = [];
  private batchBytes = 0;
  /** The chunk the last backslash search ran on, and what it found. */
  private backslashChunk: Buffer | null = null;
  private backslashAt = -1;
  shape: JsonShape | null = null;
  /** Something other than blanks and commas stood among the items (an array of numbers is no listing). */
  sawValue = false;
  error: string | null = null;
  /** Bytes read so far. */
  bytes = 0;

  constructor(private readonly onItem: (item: unknown) => void) {}

  /** Reads the next bytes of the listing; false once it stopped (at an error, or at a document that is not a container). */
  push(chunk: Buffer): boolean {
    if (this.error) return false;
    let i = 0;
    let itemStart = this.item ? 0 : -1;
    const n = chunk.length;
    while (i < n) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        continue;
      }
      const c = chunk[i] as number;
      if (this.depth === this.itemsDepth && !this.sawValue && !isBlank(c) && c !== 0x2c && c !== CLOSE_ARRAY) this.sawValue = true;
      if (this.ended) {
        if (!isBlank(c)) return this.fail('unexpected data after the end of the listing');
      } else if (this.depth === 0 && c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
        if (!isBlank(c)) {
          // Not a container: no listing, and nothing to read object by object (see JsonShape).
          this.shape = 'other';
          return false;
        }
      } else if (c === QUOTE) {
        this.inString = true;
        this.topString = this.depth === 1 && this.shape === 'object' ? [] : null;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (this.depth === 0) {
          this.shape = c === OPEN_OBJECT ? 'object' : 'array';
          if (c === OPEN_ARRAY) this.itemsDepth = 1;
        } else if (c === OPEN_ARRAY && this.depth === 1 && this.shape === 'object' && this.lastTopString === 'items' && this.itemsDepth === null && !this.itemsRead) {
          this.shape = 'list';
          this.itemsDepth = 2;
        } else if (c === OPEN_OBJECT && this.depth === this.itemsDepth) {
          this.item = [];
          this.itemBytes = 0;
          itemStart = i;
        }
        this.depth++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth === 0) return this.fail(`unexpected "${String.fromCharCode(c)}"`);
        this.depth--;
        if (this.depth === 0) this.ended = true;
        if (this.itemsDepth !== null && this.depth < this.itemsDepth) {
          // The items' array closed: an array of objects under another key holds no items.
          this.itemsDepth = null;
          this.itemsRead = true;
        }
        if (this.item && this.depth === this.itemsDepth) {
          if (!this.endItem(chunk.subarray(itemStart, i + 1))) return false;
          itemStart = -1;
        }
      }
      i++;
    }
    this.bytes += n;
    if (this.item && itemStart >= 0) {
      const part = chunk.subarray(itemStart);
      this.itemBytes += part.length;
      if (this.itemBytes > MAX_ITEM_BYTES) return this.fail(`an object of more than ${MAX_ITEM_BYTES} bytes`);
      this.item.push(part);
    }
    return true;
  }

  /** After the last chunk: the error, if the listing was cut or never began. */
  end(): string | null {
    // The items cut out before a stop are kept, whatever stopped the reading.
    this.parseBatch();
    if (!this.error && this.shape !== 'other' && (!this.ended || this.inString)) this.error = this.bytes === 0 ? 'not JSON (empty)' : 'not JSON (it ends before its last object closes)';
    return this.error;
  }

  /** Reads a string from `i` to its closing quote (or the chunk's end); returns where to go on. */
  private skipString(chunk: Buffer, i: number): number {
    if (this.topString) return this.readTopString(chunk, i);
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    // Jumps from quote to quote (native search); a quote after a backslash is part of the string.
    while (i < chunk.length) {
      const quote = chunk.indexOf(QUOTE, i);
      const backslash = this.nextBackslash(chunk, i);
      if (backslash >= 0 && (quote < 0 || backslash < quote)) {
        i = backslash + 2;
        if (i > chunk.length) this.escaped = true;
        continue;
      }
      if (quote < 0) return chunk.length;
      this.inString = false;
      this.endTopString();
      return quote + 1;
    }
    return chunk.length;
  }

  /** The first backslash of the chunk at or after `i` (-1: none), found once per stretch of the chunk. */
  private nextBackslash(chunk: Buffer, i: number): number {
    if (this.backslashChunk !== chunk || (this.backslashAt >= 0 && this.backslashAt < i)) {
      this.backslashChunk = chunk;
      this.backslashAt = chunk.indexOf(BACKSLASH, i);
    }
    return this.backslashAt;
  }

  /** A string at the top object's level, byte by byte: it may be the key "items". */
  private readTopString(chunk: Buffer, i: number): number {
    for (; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) {
        this.inString = false;
        this.endTopString();
        return i + 1;
      }
      if (this.topString) {
        if (this.topString.length < KEY_BYTES) this.topString.push(c);
        else this.topString = null;
      }
    }
    return i;
  }

  private endTopString(): void {
    if (this.depth !== 1 || this.shape !== 'object') return;
    this.lastTopString = this.topString ? String.fromCharCode(...this.topString) : null;
    this.topString = null;
  }

  /** An item cut out: batched with the next ones, parsed once the batch is full. */
  private endItem(last: Buffer): boolean {
    const parts = this.item as Buffer[];
    this.item = null;
    parts.push(last);
    const text = (parts.length === 1 ? last : Buffer.concat(parts)).toString('utf8');
    this.batch.push(text);
    this.batchBytes += text.length;
    return this.batchBytes < BATCH_CHARS || this.parseBatch();
  }

  /**
   * Parses the batched items in one JSON.parse (one call per item cost twice a whole parse of the
   * listing); a batch that does not parse is parsed item by item, to keep those before the broken one.
   */
  private parseBatch(): boolean {
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    if (batch.length === 0) return true;
    let values: unknown[] | null = null;
    try {
      values = JSON.parse(`[${batch.join(',')}]`) as unknown[];
    } catch {
      // found below, item by item
    }
    if (values) {
      for (const v of values) this.onItem(v);
      return true;
    }
    for (const text of batch) {
      try {
        this.onItem(JSON.parse(text));
      } catch (e) {
        return this.fail(`not JSON (${(e as Error).message.split('\n')[0]})`);
      }
    }
    return true;
  }

  /** Stops at the first problem (a later one, met parsing the batch, does not replace it). */
  private fail(message: string): false {
    this.error ??= message;
    return false;
  }
}
