import type * as JsYaml from 'js-yaml';

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

export type ParsedList = { items: Obj[]; error: null } | { items: []; error: string };

/** The objects of a List, or the one object when the file holds a single object. */
export function parseObjectList(text: string): ParsedList {
  let doc: unknown;
  const head = text.slice(0, 4096);
  const yaml = !/^\s*[[{]/.test(head) && /^(?:---|apiVersion:|kind:|items:|metadata:)/m.test(head);
  const json = !yaml;
  try {
    // kubectl -o yaml (must-gather's namespaces/*/core/events.yaml) as well as -o json.
    doc = json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return { items: [], error: `not ${json ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0]})` };
  }
  // Troubleshoot (replicatedhq) bundles before v0.40 store a bare JSON array of objects.
  if (Array.isArray(doc)) {
    const items = arr(doc);
    return items.length > 0 || doc.length === 0 ? { items, error: null } : { items: [], error: 'not a Kubernetes object or List' };
  }
  if (!isObj(doc)) return { items: [], error: 'not a Kubernetes object or List' };
  if (Array.isArray(doc.items)) return { items: arr(doc.items), error: null };
  if (typeof doc.kind === 'string' || isObj(doc.metadata)) return { items: [doc], error: null };
  return { items: [], error: 'not a Kubernetes object or List' };
}

export function metadata(o: Obj): { name: string; namespace: string | null; uid: string | null; createdAt: string | null } {
  const m = obj(o.metadata);
  return { name: str(m.name) ?? '?', namespace: str(m.namespace), uid: str(m.uid), createdAt: str(m.creationTimestamp) };
}

/** The controlling owner reference (or the first one). */
export function owner(o: Obj): { kind: string; name: string; uid: string | null } | null {
  const refs = arr(obj(o.metadata).ownerReferences);
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  const kind = str(ref?.kind);
  const name = str(ref?.name);
  return ref && kind && name ? { kind, name, uid: str(ref.uid) } : null;
}
