import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The pseudonym map: what each real value became. It stays on the site (mode 600, beside the
 * workspace, never inside a shared bundle): with it `unshare` turns a vendor's answer back into the
 * real names. One map shared by several bundles gives the same value the same pseudonym in all of
 * them, so a fleet stays comparable.
 */
export const MAP_FORMAT = 'nodescope-share-map';

/** What a value is, as the review lists it. */
export type ValueKind = 'ipv4' | 'ipv6' | 'mac' | 'hostname' | 'domain' | 'email' | 'user' | 'namespace' | 'pod' | 'word';

export const VALUE_KINDS: readonly ValueKind[] = ['ipv4', 'ipv6', 'mac', 'hostname', 'domain', 'email', 'user', 'namespace', 'pod', 'word'];

export interface ShareMapFile {
  format: typeof MAP_FORMAT;
  version: 1;
  /** The secret that makes pseudonyms unguessable from the real values (hex). */
  key: string;
  /** IPv4 /16 prefixes ("10.244") → pseudonym prefixes in 240.0.0.0/4 ("241.7"). */
  ipv4Net16: Record<string, string>;
  /** IPv4 /24 prefixes ("10.244.3") → pseudonym prefixes ("241.7.200"). */
  ipv4Net24: Record<string, string>;
  /** IPv6 /64 prefixes (8 hex groups' first 4, expanded) → pseudonym prefixes in 2001:db8::/32. */
  ipv6Net64: Record<string, string>;
  /** Whole values of the other kinds → pseudonyms. */
  values: Partial<Record<ValueKind, Record<string, string>>>;
}

export function newShareMap(): ShareMapFile {
  return {
    format: MAP_FORMAT,
    version: 1,
    key: crypto.randomBytes(32).toString('hex'),
    ipv4Net16: {},
    ipv4Net24: {},
    ipv6Net64: {},
    values: {},
  };
}

export class ShareMapError extends Error {}

function record(v: unknown, where: string, file: string): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShareMapError(`${file}: "${where}" must be an object`);
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== 'string') throw new ShareMapError(`${file}: "${where}.${k}" must be a string`);
  }
  return v as Record<string, string>;
}

/** Reads a map file, checking its shape; a missing file is a new map. */
export function loadShareMap(file: string): ShareMapFile {
  if (!fs.existsSync(file)) return newShareMap();
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ShareMapError(`${file}: not a nodescope share map (${(e as Error).message})`);
  }
  const o = raw as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || o.format !== MAP_FORMAT) throw new ShareMapError(`${file}: not a nodescope share map (no "format": "${MAP_FORMAT}")`);
  if (o.version !== 1) throw new ShareMapError(`${file}: share map version ${String(o.version)} is not one this nodescope reads`);
  if (typeof o.key !== 'string' || !/^[0-9a-f]{64}$/.test(o.key)) throw new ShareMapError(`${file}: "key" must be 64 hex digits`);
  const values: ShareMapFile['values'] = {};
  const rawValues = (o.values ?? {}) as Record<string, unknown>;
  for (const kind of VALUE_KINDS) {
    if (rawValues[kind] !== undefined) values[kind] = record(rawValues[kind], `values.${kind}`, file);
  }
  return {
    format: MAP_FORMAT,
    version: 1,
    key: o.key,
    ipv4Net16: record(o.ipv4Net16, 'ipv4Net16', file),
    ipv4Net24: record(o.ipv4Net24, 'ipv4Net24', file),
    ipv6Net64: record(o.ipv6Net64, 'ipv6Net64', file),
    values,
  };
}

/** Writes the map readable by its owner only (0600), atomically. */
export function saveShareMap(file: string, map: ShareMapFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(map, null, 1)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** The default map of a workspace: one per workspace, so every bundle shared from it agrees. */
export function defaultMapPath(workspaceFile: string): string {
  return path.join(path.dirname(path.resolve(workspaceFile)), 'share-map.json');
}

/** A keyed hash of a value, for pseudonyms nobody can compute without the map's key. */
export function keyedHash(key: string, kind: string, value: string): Buffer {
  return crypto.createHmac('sha256', Buffer.from(key, 'hex')).update(`${kind}\0${value}`).digest();
}
