import type * as JsYaml from 'js-yaml';
import { JsonItemScanner } from './json-items';
import { YamlItemScanner } from './yaml-items';

/**
 * The YAML parser, loaded by the first YAML listing: most bundles hold JSON. js-yaml, not the `yaml`
 * package: a must-gather's 112 events.yaml and pods.yaml files (7 MB) parsed in 0.4-0.6 s instead of
 * 3.4-4.8 s, to the same objects.
 */
let jsYaml: typeof JsYaml | null = null;
function parseYaml(text: string): unknown {
  jsYaml ??= require('js-yaml') as typeof JsYaml;
  // The core schema, as YAML 1.2 reads it: an unquoted date stays a string, `<<` is a key.
  const doc = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  if (expandsPast(doc, text.length)) throw new Error('its aliases expand it past its own size');
  return doc;
}

/**
 * True when walking the document visits more than `limit` values. Without anchors and aliases every
 * value takes at least one character of the text, so a listing never does; aliases of aliases (a
 * "billion laughs" file, which the parser keeps as shared references) would make every later reader
 * of the objects walk an exponential tree. Kubectl writes no anchors.
 */
function expandsPast(doc: unknown, limit: number): boolean {
  let left = limit;
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop();
    if (--left < 0) return true;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

/**
 * Reading `kubectl get -o json` output without trusting it: a List (`items`), a single object, or
 * something else. Accessors return null instead of throwing on a wrong shape.
 */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function numOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** String values of a map (labels, capacity); non-string values are skipped. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

/** A listing's objects (mapped or raw), and why it could not be read whole (its objects before that are kept). */
export interface ParsedList<T = Obj> {
  items: T[];
  error: string | null;
}

/** The first bytes of kubectl -o yaml (a must-gather's namespaces/NS/core/events.yaml), not -o json. */
function isYamlListing(head: string): boolean {
  return !/^\s*[[{]/.test(head) && /^(?:---|apiVersion:|kind:|items:|metadata:)/m.test(head);
}

/**
 * The objects of a List, or the one object when the file holds a single object. With `keepItem`, the
 * items of a YAML List whose text it refuses are skipped unparsed; other shapes are parsed whole, so
 * the caller still picks its objects.
 */
export function parseObjectList(text: string, keepItem?: (itemText: string) => boolean): ParsedList {
  return parseListingChunks([Buffer.from(text)], () => text, (o) => o, { keepItem });
}

export interface ListingOptions {
  /** The items are sent to another thread, which copies them (see parseYamlBatch). */
  posted?: boolean;
  /** Asked about each item's text of a YAML List before it is parsed (see YamlItemScanner). */
  keepItem?: (itemText: string) => boolean;
}

/**
 * A listing read chunk by chunk, each object mapped by `each` as soon as it is parsed: kubectl's JSON
 * (JsonItemScanner) or YAML (YamlItemScanner), told by its first bytes. A file of one object, or of a
 * shape not cut object by object, is parsed whole, from `whole()`: null when it is too large to be.
 */
export function parseListingChunks<T>(chunks: Iterable<Buffer>, whole: () => string | null, each: (o: Obj) => T, options: ListingOptions = {}): ParsedList<T> {
  const rest = chunks[Symbol.iterator]();
  // Told by the first 4 KB, however the chunks cut them.
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < SNIFF_BYTES) {
    const r = rest.next();
    if (r.done) break;
    head.push(r.value);
    headBytes += r.value.length;
  }
  const all = prepend(head, rest);
  const yaml = isYamlListing((head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head)).toString('utf8', 0, SNIFF_BYTES));
  return yaml ? parseYamlChunks(all, whole, each, options.posted ? parseYaml : parseYamlBatch, options.keepItem) : parseJsonChunks(all, whole, each);
}

const SNIFF_BYTES = 4096;

function* prepend(head: Buffer[], rest: Iterator<Buffer>): Generator<Buffer> {
  yield* head;
  for (let r = rest.next(); !r.done; r = rest.next()) yield r.value;
}

const TOO_LARGE_WHOLE = 'one object too large to be parsed whole: not read';

/** What reads a listing's chunks and hands over each item it cuts out (JsonItemScanner, YamlItemScanner). */
interface ItemScanner {
  push(chunk: Buffer): boolean;
  end(): string | null;
}

/** The objects `scanner` cuts out of the chunks, each mapped by `each` as soon as it is parsed, and why it stopped. */
function scanItems<T, S extends ItemScanner>(make: (take: (v: unknown) => void) => S, chunks: Iterable<Buffer>, each: (o: Obj) => T): { scanner: S; items: T[]; error: string | null } {
  const items: T[] = [];
  const scanner = make((v) => {
    if (isObj(v)) items.push(each(v));
  });
  for (const chunk of chunks) if (!scanner.push(chunk)) break;
  return { scanner, items, error: scanner.end() };
}

function parseJsonChunks<T>(chunks: Iterable<Buffer>, whole: () => string | null, each: (o: Obj) => T): ParsedList<T> {
  const { scanner, items, error } = scanItems((take) => new JsonItemScanner(take), chunks, each);
  if (scanner.shape === 'other' || (scanner.shape === 'object' && error === null)) {
    const text = whole();
    if (text === null) return { items: [], error: TOO_LARGE_WHOLE };
    try {
      return documentObjects(JSON.parse(text), each);
    } catch (e) {
      return { items: [], error: `not JSON (${(e as Error).message.split('\n')[0]})` };
    }
  }
  if (scanner.shape === 'array' && error === null && items.length === 0 && scanner.sawValue) return { items: [], error: NOT_A_LISTING };
  return { items, error };
}

const NOT_A_LISTING = 'not a Kubernetes object or List';

/**
 * A batch of a YAML listing's items, its strings copied out of the batch's text: the parser's strings
 * are slices of it, and a name or message kept by a mapped pod kept its batch's whole text alive (the
 * 60,000 events of a 25 MiB events.yaml held 53 MB once mapped, 24 MB read from JSON). YAML's .nan and
 * .inf, which kubectl never writes, become null, as the accessors (numOrNull) read them anyway. Items
 * posted to another thread are copied by the posting: the listing thread skips this.
 */
function parseYamlBatch(text: string): unknown {
  return JSON.parse(JSON.stringify(parseYaml(text)));
}

function parseYamlChunks<T>(
  chunks: Iterable<Buffer>,
  whole: () => string | null,
  each: (o: Obj) => T,
  parseBatch: (text: string) => unknown,
  keepItem?: (itemText: string) => boolean,
): ParsedList<T> {
  const { scanner, items, error } = scanItems((take) => new YamlItemScanner(parseBatch, take, keepItem), chunks, each);
  if (scanner.shape === 'list') return { items, error };
  const text = whole();
  if (text === null) return { items: [], error: scanner.shape === 'object' ? TOO_LARGE_WHOLE : 'YAML not in kubectl\'s block style, too large to be parsed whole: not read' };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { items: [], error: `not YAML (${(e as Error).message.split('\n')[0]})` };
  }
  return documentObjects(doc, each);
}

/** The objects of a parsed document: a List's items, a bare array's objects (troubleshoot before v0.40), or the one object. */
function documentObjects<T>(doc: unknown, each: (o: Obj) => T): ParsedList<T> {
  if (Array.isArray(doc)) {
    const items = arr(doc);
    return items.length > 0 || doc.length === 0 ? { items: items.map(each), error: null } : { items: [], error: NOT_A_LISTING };
  }
  if (!isObj(doc)) return { items: [], error: NOT_A_LISTING };
  if (Array.isArray(doc.items)) return { items: arr(doc.items).map(each), error: null };
  if (typeof doc.kind === 'string' || isObj(doc.metadata)) return { items: [each(doc)], error: null };
  return { items: [], error: NOT_A_LISTING };
}

export function metadata(o: Obj): { name: string; namespace: string | null; uid: string | null; createdAt: string | null; resourceVersion: string | null } {
  const m = obj(o.metadata);
  return { name: str(m.name) ?? '?', namespace: str(m.namespace), uid: str(m.uid), createdAt: str(m.creationTimestamp), resourceVersion: str(m.resourceVersion) };
}

/** The controlling owner reference (or the first one). */
export function owner(o: Obj): { kind: string; name: string; uid: string | null } | null {
  const refs = arr(obj(o.metadata).ownerReferences);
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  const kind = str(ref?.kind);
  const name = str(ref?.name);
  return ref && kind && name ? { kind, name, uid: str(ref.uid) } : null;
}
