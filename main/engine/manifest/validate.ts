import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
  type ManifestItem,
} from '../../../shared/bundle-format';

/** Why a manifest.json cannot be used, in words an operator can act on. */
export class ManifestError extends Error {}

type Json = Record<string, unknown>;

/**
 * Parses and checks manifest.json. Throws ManifestError naming the field and the problem.
 * Unknown fields are ignored (a newer collector may add some within the same formatVersion).
 */
/**
 * Items a manifest may list: the collector writes a few thousand. A manifest claiming more (a hostile
 * one listing 900 000 absent files) is refused whole, and kinds are guessed instead.
 */
export const MAX_MANIFEST_ITEMS = 50_000;

export function parseManifest(text: string): BundleManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`manifest.json is not valid JSON: ${(e as Error).message}`);
  }
  const m = object(raw, 'manifest.json');
  if (m.format !== BUNDLE_FORMAT) {
    throw new ManifestError(`manifest.json: "format" must be "${BUNDLE_FORMAT}", found ${show(m.format)}`);
  }
  const version = m.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ManifestError(`manifest.json: "formatVersion" must be a whole number from 1, found ${show(version)}`);
  }
  if (version > BUNDLE_FORMAT_VERSION) {
    throw new ManifestError(
      `manifest.json: bundle format version ${version} is newer than this nodescope understands ` +
        `(up to ${BUNDLE_FORMAT_VERSION}); update nodescope to open it`,
    );
  }
  const collector = object(m.collector, 'collector');
  const node = object(m.node, 'node');
  const collection = object(m.collection, 'collection');
  if (!Array.isArray(m.items)) throw new ManifestError(`manifest.json: "items" must be an array, found ${show(m.items)}`);
  if (m.items.length > MAX_MANIFEST_ITEMS) {
    throw new ManifestError(`manifest.json lists ${m.items.length} items, more than the ${MAX_MANIFEST_ITEMS} a bundle may hold`);
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: version,
    collector: {
      name: str(collector.name, 'collector.name'),
      version: str(collector.version, 'collector.version'),
      scriptSha256: str(collector.scriptSha256, 'collector.scriptSha256'),
    },
    node: {
      hostname: str(node.hostname, 'node.hostname'),
      kernel: optStr(node.kernel, 'node.kernel'),
      os: optStr(node.os, 'node.os'),
      kubeletVersion: optStr(node.kubeletVersion, 'node.kubeletVersion'),
      containerRuntime: optStr(node.containerRuntime, 'node.containerRuntime'),
      cgroupVersion: cgroupVersion(node.cgroupVersion),
      timezone: optStr(node.timezone, 'node.timezone'),
      clockSynced: optBool(node.clockSynced, 'node.clockSynced'),
    },
    collection: {
      startedAt: instant(collection.startedAt, 'collection.startedAt'),
      endedAt: instant(collection.endedAt, 'collection.endedAt'),
      options: options(collection.options),
      user: optStr(collection.user, 'collection.user'),
      root: optStr(collection.root, 'collection.root'),
      deadlineReached: optBool(collection.deadlineReached, 'collection.deadlineReached') ?? false,
    },
    items: m.items.map((it, i) => item(it, `items[${i}]`)),
    redactions: m.redactions === undefined ? [] : redactions(m.redactions),
  };
  const seen = new Set<string>();
  for (const it of manifest.items) {
    if (it.skipped) continue;
    if (seen.has(it.path)) throw new ManifestError(`manifest.json: item path "${it.path}" is listed twice`);
    seen.add(it.path);
  }
  return manifest;
}

function item(v: unknown, where: string): ManifestItem {
  const o = object(v, where);
  const path = str(o.path, `${where}.path`);
  if (path.startsWith('/') || path.split('/').includes('..')) {
    throw new ManifestError(`manifest.json: ${where}.path "${path}" must be relative, without ".."`);
  }
  return {
    path,
    kind: str(o.kind, `${where}.kind`),
    command: optStr(o.command, `${where}.command`),
    source: optStr(o.source, `${where}.source`),
    exitCode: optInt(o.exitCode, `${where}.exitCode`),
    timedOut: optBool(o.timedOut, `${where}.timedOut`) ?? false,
    durationMs: optNum(o.durationMs, `${where}.durationMs`),
    bytes: optInt(o.bytes, `${where}.bytes`),
    originalBytes: optInt(o.originalBytes, `${where}.originalBytes`),
    truncated: optBool(o.truncated, `${where}.truncated`) ?? false,
    sha256: optStr(o.sha256, `${where}.sha256`),
    stderrPath: optStr(o.stderrPath, `${where}.stderrPath`),
    skipped: optStr(o.skipped, `${where}.skipped`),
    status: optStr(o.status, `${where}.status`),
  };
}

function redactions(v: unknown): BundleManifest['redactions'] {
  if (!Array.isArray(v)) throw new ManifestError(`manifest.json: "redactions" must be an array, found ${show(v)}`);
  return v.map((r, i) => {
    const o = object(r, `redactions[${i}]`);
    const count = optInt(o.count, `redactions[${i}].count`);
    if (count === null || count < 0) throw new ManifestError(`manifest.json: redactions[${i}].count must be a count`);
    return { path: str(o.path, `redactions[${i}].path`), rule: str(o.rule, `redactions[${i}].rule`), count };
  });
}

function options(v: unknown): BundleManifest['collection']['options'] {
  if (v === undefined || v === null) return {};
  const o = object(v, 'collection.options');
  const out: BundleManifest['collection']['options'] = {};
  for (const [k, val] of Object.entries(o)) {
    const ok =
      val === null ||
      ['string', 'number', 'boolean'].includes(typeof val) ||
      (Array.isArray(val) && val.every((x) => typeof x === 'string'));
    if (!ok) throw new ManifestError(`manifest.json: collection.options.${k} must be a string, number, boolean or list of strings`);
    out[k] = val as string | number | boolean | string[] | null;
  }
  return out;
}

function object(v: unknown, where: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ManifestError(`manifest.json: ${where === 'manifest.json' ? 'the document' : `"${where}"`} must be an object, found ${show(v)}`);
  }
  return v as Json;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new ManifestError(`manifest.json: "${where}" must be a non-empty string, found ${show(v)}`);
  return v;
}

function optStr(v: unknown, where: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new ManifestError(`manifest.json: "${where}" must be a string or null, found ${show(v)}`);
  return v;
}

function optBool(v: unknown, where: string): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') throw new ManifestError(`manifest.json: "${where}" must be true, false or null, found ${show(v)}`);
  return v;
}

function optNum(v: unknown, where: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ManifestError(`manifest.json: "${where}" must be a number or null, found ${show(v)}`);
  return v;
}

function optInt(v: unknown, where: string): number | null {
  const n = optNum(v, where);
  if (n !== null && !Number.isInteger(n)) throw new ManifestError(`manifest.json: "${where}" must be a whole number, found ${show(v)}`);
  return n;
}

function cgroupVersion(v: unknown): 1 | 2 | null {
  if (v === undefined || v === null) return null;
  if (v === 1 || v === 2) return v;
  throw new ManifestError(`manifest.json: "node.cgroupVersion" must be 1, 2 or null, found ${show(v)}`);
}

function instant(v: unknown, where: string): string {
  const s = str(v, where);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) || Number.isNaN(Date.parse(s))) {
    throw new ManifestError(`manifest.json: "${where}" must be an ISO 8601 time such as 2026-11-05T09:50:27Z, found ${show(v)}`);
  }
  return s;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
