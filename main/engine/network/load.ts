import type { IpvsTable, IptablesRuleset, ListeningView } from '../../../shared/api/network';
import { artifactsOfKind, readArtifactText, type ArtifactRow } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { parseIptablesList } from './iptables-list';
import { parseIptablesSave } from './iptables-save';
import { parseIpvsadm } from './ipvs';
import { parseListening } from './listening';

/**
 * Parsed network artifacts of a bundle, for the API, the rules and compare. Parses are cached by
 * content hash: the Network view asks for one chain after another of the same dump. The cache is
 * bounded by the bytes of the artifacts it holds (a parsed rule costs ~1.5 KB of heap, its text ~140 B).
 */
const CACHE_BYTES = 16 << 20;
const cache = new Map<string, { value: unknown; bytes: number }>();
let cachedBytes = 0;

function cached<T>(a: ArtifactRow, what: string, parse: () => T): T {
  const key = `${what}\u0000${a.sha256}\u0000${a.path}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.value as T;
  }
  const value = parse();
  cache.set(key, { value, bytes: a.bytes });
  cachedBytes += a.bytes;
  for (const [k, e] of cache) {
    if (cachedBytes <= CACHE_BYTES || k === key) break;
    cache.delete(k);
    cachedBytes -= e.bytes;
  }
  return value;
}

/** `iptables -L` output has "Chain X (policy ...)" headers and no "*table" lines. */
export function looksLikeListOutput(text: string): boolean {
  return /^Chain \S+ \((policy|\d+ references)/m.test(text) && !/^\*\w+/m.test(text);
}

function tableHint(path: string): string {
  return /\b(nat|mangle|raw|security|filter)\b/.exec(path.split('/').pop() ?? '')?.[1] ?? 'filter';
}

export function parseIptablesArtifact(a: ArtifactRow, text: string): IptablesRuleset {
  const family = a.kind === 'ip6tables-save' || /ip6tables/.test(a.path) ? 'ipv6' : undefined;
  if (looksLikeListOutput(text)) return parseIptablesList(text, a.path, tableHint(a.path));
  return parseIptablesSave(text, a.path, { family });
}

/** Every iptables and ip6tables dump of the bundle (save or -L form), by path. */
export function loadIptables(db: Db, bundleId: number): IptablesRuleset[] {
  return artifactsOfKind(db, bundleId, 'iptables-save', 'ip6tables-save').map((a) =>
    cached(a, 'iptables', () => parseIptablesArtifact(a, readArtifactText(db, a.id))),
  );
}

export function loadIpvs(db: Db, bundleId: number): IpvsTable[] {
  return artifactsOfKind(db, bundleId, 'ipvsadm').map((a) => cached(a, 'ipvs', () => parseIpvsadm(readArtifactText(db, a.id), a.path)));
}

export function loadListening(db: Db, bundleId: number): ListeningView[] {
  return artifactsOfKind(db, bundleId, 'ss').map((a) => cached(a, 'ss', () => parseListening(readArtifactText(db, a.id), a.path)));
}
