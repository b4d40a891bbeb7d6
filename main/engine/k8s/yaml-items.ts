import { MAX_ITEM_BYTES } from './json-items';

/**
 * The objects of a `kubectl get -o yaml` List (a must-gather's namespaces/NS/core/pods.yaml), read from
 * its bytes chunk by chunk: the items are cut out at the lines that open them (`- ` at the items'
 * indentation, which no line inside an item can have) and parsed a batch at a time. A must-gather pod
 * is 20-60 KB of YAML: 300 pods of a namespace passed the 16 MiB a listing was parsed whole, and were
 * not read; under it, one parse of the whole held every field of every object at once (a 15 MiB
 * pods.yaml took an ingest to 377 MB).
 *
 * Only the block style kubectl (and js-yaml, Python's yaml) write is cut so: a document of any other
 * shape (flow style, several documents, directives, no `items:` at the top) says so in `shape`, and
 * the caller parses it whole as before.
 */

/** Characters of items parsed together: one parse per item would cost the parser's set-up per pod. */
const BATCH_BYTES = 64 * 1024;
/** A line's first bytes are enough to tell what it opens; an indentation this deep is inside an item. */
const HEAD_BYTES = 64;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const DASH = 0x2d;
const HASH = 0x23;

/** What the listing turned out to be: a List (`items:` found at the top), one object, or another shape. */
export type YamlShape = 'list' | 'object' | 'other';

type State = 'top' | 'first-item' | 'items' | 'stopped';

export class YamlItemScanner {
  private state: State = 'top';
  /** The indentation of the dashes that open items. */
  private itemIndent = 0;
  private sawDocumentStart = false;
  private sawKey = false;
  private sawItems = false;
  private documentEnded = false;
  /** The start of a line cut by a chunk's end, read again with the rest of it. */
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** The bytes of the batch being cut out, before the current buffer, and where it starts in the current one. */
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private batchStart = -1;
  private batchFirstLine = 0;
  /** Stream offsets: the current buffer's first byte, and the current item's. */
  private offset = 0;
  private itemStart = 0;
  private line = 0;
  private otherShape = false;
  error: string | null = null;

  /**
   * `keepItem`, when given, is asked about each item's text before anything is parsed: the items it
   * refuses are never parsed (the DNS view wants the one CoreDNS ConfigMap of kube-system's list).
   */
  constructor(
    private readonly parse: (text: string) => unknown,
    private readonly onItem: (item: unknown) => void,
    private readonly keepItem?: (itemText: string) => boolean,
  ) {}

  get shape(): YamlShape {
    if (this.otherShape) return 'other';
    return this.sawItems ? 'list' : 'object';
  }

  /** Reads the next bytes of the listing; false once it stopped (at an error, or at a shape it does not cut). */
  push(chunk: Buffer): boolean {
    if (this.state === 'stopped') return false;
    if (this.tail.length === 0) return this.read(chunk, false);
    // The line begun in the last chunk, completed: read alone, then the rest of this chunk.
    const nl = chunk.indexOf(NEWLINE);
    if (nl < 0) {
      this.tail.push(chunk);
      this.tailBytes += chunk.length;
      return this.checkItemSize(this.offset + this.tailBytes);
    }
    const line = Buffer.concat([...this.tail, chunk.subarray(0, nl + 1)]);
    this.tail = [];
    this.tailBytes = 0;
    return this.read(line, false) && this.read(chunk.subarray(nl + 1), false);
  }

  /** After the last chunk: the error, if one stopped the reading. */
  end(): string | null {
    if (this.state !== 'stopped') {
      const last = this.tail.length ? Buffer.concat(this.tail) : null;
      this.tail = [];
      if (!last || this.read(last, true)) {
        if (this.state === 'items') this.closeBatch(null, 0);
        else if (this.state === 'first-item') this.stopAsOther();
      }
    }
    return this.error;
  }

  /** The lines of `buf`; one cut by its end is kept for the next chunk (read as the last line when `final`). */
  private read(buf: Buffer, final: boolean): boolean {
    if (this.batchStart < 0 && this.state === 'items') this.batchStart = 0;
    let pos = 0;
    while (pos < buf.length) {
      let nl = buf.indexOf(NEWLINE, pos);
      if (nl < 0) {
        if (!final) break;
        nl = buf.length;
      }
      if (!this.readLine(buf, pos, nl)) return false;
      this.line++;
      pos = nl + 1;
    }
    const kept = Math.min(pos, buf.length);
    if (this.batchStart >= 0) {
      if (kept > this.batchStart) this.batch.push(buf.subarray(this.batchStart, kept));
      this.batchBytes += kept - this.batchStart;
      this.batchStart = 0;
    }
    this.offset += kept;
    if (kept < buf.length) {
      this.tail.push(buf.subarray(kept));
      this.tailBytes += buf.length - kept;
    }
    return this.state === 'items' ? this.checkItemSize(this.offset + this.tailBytes) : true;
  }

  /** One line, [start, end) of `buf`: what it opens or closes. */
  private readLine(buf: Buffer, start: number, end: number): boolean {
    const deepest = Math.min(end, start + HEAD_BYTES);
    let at = start;
    while (at < deepest && buf[at] === SPACE) at++;
    const indent = at - start;
    const first = at < end ? buf[at] : undefined;
    const blank = first === undefined || first === RETURN || first === HASH;
    if (this.state === 'items') {
      if (blank || indent > this.itemIndent || at === deepest) return true;
      if (indent === this.itemIndent && opensItem(buf, at, end)) return this.nextItem(buf, start);
      // Back at the top: the items have ended.
      if (!this.closeBatch(buf, start)) return false;
      this.state = 'top';
    }
    if (blank) return true;
    if (this.state === 'first-item') {
      if (!opensItem(buf, at, end) || indent >= HEAD_BYTES / 2) return this.stopAsOther();
      this.state = 'items';
      this.itemIndent = indent;
      this.batchStart = start;
      this.batchFirstLine = this.line;
      this.itemStart = this.offset + start;
      return true;
    }
    return indent === 0 ? this.readTopLine(buf.toString('latin1', start, deepest).trimEnd()) : true;
  }

  /** A line at the document's top level: its start and end markers, `items:`, or another key. */
  private readTopLine(text: string): boolean {
    if (this.documentEnded) return this.stopAsOther();
    if (text.startsWith('---')) {
      if (this.sawDocumentStart || this.sawKey || !/^---(?:\s+#.*)?$/.test(text)) return this.stopAsOther();
      this.sawDocumentStart = true;
      return true;
    }
    if (text === '...') {
      this.documentEnded = true;
      return true;
    }
    const items = /^items:\s*(.*)$/.exec(text);
    if (items) {
      if (this.sawItems) return this.stopAsOther();
      this.sawItems = true;
      this.sawKey = true;
      const rest = items[1] as string;
      if (rest === '[]') return true;
      if (rest !== '' && !rest.startsWith('#')) return this.stopAsOther();
      this.state = 'first-item';
      return true;
    }
    // A plain key (`kind: List`, `metadata:`); anything else (a bare sequence, flow style, a quoted or
    // complex key, a directive) is for the parser of whole documents.
    if (!/^[A-Za-z_][\w.-]*:(?:\s|$)/.test(text)) return this.stopAsOther();
    this.sawKey = true;
    return true;
  }

  /** A line that opens the next item, at `start` of `buf`: the batch is parsed there once it is full. */
  private nextItem(buf: Buffer, start: number): boolean {
    this.itemStart = this.offset + start;
    if (this.batchBytes + (start - this.batchStart) < BATCH_BYTES) return true;
    if (!this.closeBatch(buf, start)) return false;
    this.batchStart = start;
    this.batchFirstLine = this.line;
    return true;
  }

  /** Parses the batch cut out up to `start` of `buf` (its end when `buf` is null). */
  private closeBatch(buf: Buffer | null, start: number): boolean {
    const parts = this.batch;
    if (buf && this.batchStart >= 0 && start > this.batchStart) parts.push(buf.subarray(this.batchStart, start));
    this.batch = [];
    this.batchBytes = 0;
    this.batchStart = -1;
    if (parts.length === 0) return true;
    const text = Buffer.concat(parts).toString('utf8');
    if (!this.keepItem) {
      const values = this.tryParse(text);
      if (values) {
        for (const v of values) this.onItem(v);
        return true;
      }
    }
    // Asked to skip items, or the batch is damaged: item by item, so that those before the damage are kept.
    for (const item of itemsOf(text, this.itemIndent)) {
      if (this.keepItem && !this.keepItem(item.text)) continue;
      if (!this.parseItems(item.text, this.batchFirstLine + item.line)) return false;
    }
    return true;
  }

  /** The items of a batch, or null when it does not parse as a list of them. */
  private tryParse(text: string): unknown[] | null {
    try {
      const values = this.parse(text);
      return Array.isArray(values) ? values : null;
    } catch {
      return null;
    }
  }

  /** Parses items cut out of the listing, the first on line `firstLine` (from 0), and hands them over. */
  private parseItems(text: string, firstLine: number): boolean {
    let values: unknown;
    try {
      values = this.parse(text);
    } catch (e) {
      return this.fail(`not YAML (${describe(e as Error, firstLine)})`);
    }
    if (!Array.isArray(values)) return this.fail('not YAML (its items are not a list)');
    for (const v of values) this.onItem(v);
    return true;
  }

  private checkItemSize(at: number): boolean {
    if (this.state !== 'items' || at - this.itemStart <= MAX_ITEM_BYTES) return true;
    return this.fail(`an object of more than ${MAX_ITEM_BYTES} bytes`);
  }

  private stopAsOther(): false {
    this.otherShape = true;
    this.state = 'stopped';
    return false;
  }

  /** Stops at the first problem; the items parsed before it are kept. */
  private fail(message: string): false {
    this.error ??= message;
    this.state = 'stopped';
    return false;
  }
}

/** The items of a batch (which starts with one), each with its line in the batch (from 0): cut where a line opens one at `indent`. */
function* itemsOf(batch: string, indent: number): Generator<{ text: string; line: number }> {
  const opens = new RegExp(`^ {${indent}}-(?: |\\r?$)`, 'gm');
  let start = 0;
  let line = 0;
  for (const m of batch.matchAll(opens)) {
    if (m.index === 0) continue;
    const text = batch.slice(start, m.index);
    yield { text, line };
    line += newlines(text);
    start = m.index;
  }
  yield { text: batch.slice(start), line };
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `- ` (or a lone `-`) at `at` of a line ending at `end`: the line opens a sequence entry. */
function opensItem(buf: Buffer, at: number, end: number): boolean {
  if (buf[at] !== DASH) return false;
  return at + 1 === end || buf[at + 1] === SPACE || buf[at + 1] === RETURN;
}

/** A parser's error, its line counted in the listing (a batch starts at `firstLine`, from 0). */
function describe(e: Error & { reason?: unknown; mark?: { line?: unknown; column?: unknown } }, firstLine: number): string {
  const { reason, mark } = e;
  if (typeof reason === 'string' && typeof mark?.line === 'number' && typeof mark.column === 'number') {
    return `${reason} (${firstLine + mark.line + 1}:${mark.column + 1})`;
  }
  return e.message.split('\n')[0] as string;
}
