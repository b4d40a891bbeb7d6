import { parseObjectList } from '../k8s/objects';

/**
 * Finds ConfigMap data (the CoreDNS Corefile, k3s NodeHosts) in `kubectl get -o json` output, in a
 * kubectl List in YAML (parsed as every listing is: k8s/objects.ts), or in YAML manifests, where the
 * few shapes ConfigMap data takes (block scalars `|`, `|-`, `|+`, plain and quoted one-line values)
 * are read directly, with the line each value starts at.
 */

export interface ConfigMapData {
  /** namespace/name, or just the name. */
  name: string;
  data: Record<string, ConfigMapValue>;
}

export interface ConfigMapValue {
  value: string;
  /** 1-based artifact line where the value's text starts (YAML), or null (JSON: one string). */
  startLine: number | null;
}

/** Sets an own property even for a key like "__proto__": keys come from the bundle. */
function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fromObject(o: Record<string, unknown>): ConfigMapData | null {
  if (o.kind !== 'ConfigMap' || !isRecord(o.data)) return null;
  const meta = isRecord(o.metadata) ? o.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  const data: Record<string, ConfigMapValue> = {};
  for (const [k, v] of Object.entries(o.data)) if (typeof v === 'string') setOwn(data, k, { value: v, startLine: null });
  return { name: ns ? `${ns}/${name}` : name, data };
}

/** Every ConfigMap of a JSON document: a ConfigMap, or a List of them. Null when it is not JSON. */
export function configMapsFromJson(text: string): ConfigMapData[] | null {
  const parsed = parseJson(text);
  return 'doc' in parsed ? configMapsOfDocument(parsed.doc) : null;
}

function parseJson(text: string): { doc: unknown } | { error: string } {
  try {
    return { doc: JSON.parse(text) };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] as string };
  }
}

function configMapsOfDocument(doc: unknown): ConfigMapData[] {
  if (!isRecord(doc)) return [];
  const items = Array.isArray(doc.items) ? doc.items : [doc];
  return items.filter(isRecord).map(fromObject).filter((c): c is ConfigMapData => c !== null);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function unquote(v: string): string {
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** The value of a block scalar whose header is at `at`: the more-indented lines after it, dedented. */
function blockScalar(lines: string[], at: number, keyIndent: number, chomp: string): { value: string; end: number } {
  let end = at + 1;
  let indent = -1;
  const body: string[] = [];
  for (; end < lines.length; end++) {
    const l = lines[end];
    if (l.trim() === '') {
      body.push('');
      continue;
    }
    if (indentOf(l) <= keyIndent) break;
    if (indent < 0) indent = indentOf(l);
    body.push(l.slice(Math.min(indent, indentOf(l))));
  }
  let value = body.join('\n');
  if (chomp === '+') value += '\n';
  else {
    value = value.replace(/\n+$/, '');
    if (chomp !== '-') value += '\n';
  }
  return { value, end };
}

function yamlData(lines: string[], from: number, to: number, base: number): Record<string, ConfigMapValue> {
  const data: Record<string, ConfigMapValue> = {};
  const dataAt = lines.slice(from, to).findIndex((l) => /^data:\s*$/.test(l));
  if (dataAt < 0) return data;
  let i = from + dataAt + 1;
  while (i < to) {
    const l = lines[i];
    if (l.trim() === '' || l.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    if (indentOf(l) === 0) break;
    const m = /^(\s+)([A-Za-z0-9_.-]+|"[^"]*"|'[^']*'):\s*(.*)$/.exec(l);
    if (!m) {
      i++;
      continue;
    }
    const key = unquote(m[2]);
    const rest = m[3].trim();
    const block = /^[|>]([+-]?)\d*$/.exec(rest);
    if (block) {
      const { value, end } = blockScalar(lines, i, m[1].length, block[1]);
      setOwn(data, key, { value, startLine: base + i + 2 });
      i = end;
    } else {
      setOwn(data, key, { value: unquote(rest), startLine: base + i + 1 });
      i++;
    }
  }
  return data;
}

/** Every ConfigMap of a YAML stream (documents separated by `---`), with the line each value starts at. */
export function configMapsFromYaml(text: string): ConfigMapData[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: ConfigMapData[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !/^---/.test(lines[i])) continue;
    const doc = lines.slice(start, i);
    if (doc.some((l) => /^kind:\s*ConfigMap\s*$/.test(l))) {
      const metaAt = doc.findIndex((l) => /^metadata:\s*$/.test(l));
      const name = metaAt >= 0 ? doc.slice(metaAt + 1).find((l) => /^\s+name:/.test(l))?.replace(/^\s+name:\s*/, '') : undefined;
      const ns = metaAt >= 0 ? doc.slice(metaAt + 1).find((l) => /^\s+namespace:/.test(l))?.replace(/^\s+namespace:\s*/, '') : undefined;
      const n = unquote((name ?? '').trim());
      out.push({ name: ns ? `${unquote(ns.trim())}/${n}` : n, data: yamlData(lines, start, i, 0) });
    }
    start = i + 1;
  }
  return out;
}

/**
 * Every ConfigMap of a kubectl List in YAML (`kubectl get configmaps -o yaml`, which a Harvester support
 * bundle and a must-gather keep per namespace): the live objects, as kubectl's JSON holds them. Null when
 * the text is not such a List (no `items:` at the top).
 */
export function configMapsFromYamlList(text: string, keepItem?: (itemText: string) => boolean): ConfigMapData[] | null {
  return readYamlList(text, keepItem)?.configMaps ?? null;
}

/** A YAML List's ConfigMaps and why it could not be read to its end (those before the damage are kept). */
function readYamlList(text: string, keepItem?: (itemText: string) => boolean): { configMaps: ConfigMapData[]; problem: string | null } | null {
  if (!/^items:[ \t]*\r?$/m.test(text)) return null;
  const list = parseObjectList(text, keepItem);
  return { configMaps: list.items.map(fromObject).filter((c): c is ConfigMapData => c !== null), problem: list.error };
}

/** The ConfigMaps of a file, which form they were in, and what kept it from being read whole (null when nothing did). */
export interface ConfigMapsRead {
  format: 'json' | 'list' | 'yaml';
  configMaps: ConfigMapData[];
  problem: string | null;
}

/**
 * ConfigMaps of JSON, a YAML List or YAML manifests. `keepItem` may skip, unparsed, the items of a
 * YAML List whose text it refuses.
 */
export function configMapsFrom(text: string, keepItem?: (itemText: string) => boolean): ConfigMapsRead {
  const json = parseJson(text);
  if ('doc' in json) return { format: 'json', configMaps: configMapsOfDocument(json.doc), problem: null };
  // Text that opens as a JSON object (kubectl -o json) and does not parse is broken JSON, not YAML.
  if (text.trimStart().startsWith('{')) return { format: 'json', configMaps: [], problem: `not JSON (${json.error})` };
  const list = readYamlList(text, keepItem);
  return list ? { format: 'list', ...list } : { format: 'yaml', configMaps: configMapsFromYaml(text), problem: null };
}
