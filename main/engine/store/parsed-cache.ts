import type { ArtifactRow } from './artifacts';

/**
 * Parsed artifacts, cached by content hash for the whole process: the API, the rules and compare
 * read the same dump or listing again and again (the Network view asks for one chain after another;
 * the Kubernetes view, the timeline and two rules each read a must-gather's 7 MB of YAML, 0.8 s a time).
 * Bounded by the bytes of the artifacts it holds, the least recently used dropped first (a parsed
 * iptables rule costs ~1.5 KB of heap for ~140 B of text). Parsed values are shared: never mutated.
 */
const CACHE_BYTES = 16 << 20;
const cache = new Map<string, { value: unknown; bytes: number }>();
let cachedBytes = 0;

/**
 * The parsed value of an artifact, parsed once per content. It counts as the artifact's bytes in the
 * cache, unless the caller knows it to be smaller (`bytes`: a line found in it).
 */
export function cachedParse<T>(a: ArtifactRow, what: string, parse: () => T, bytes = a.bytes): T {
  const key = `${what}\u0000${a.sha256}\u0000${a.path}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.value as T;
  }
  const value = parse();
  cache.set(key, { value, bytes });
  cachedBytes += bytes;
  for (const [k, e] of cache) {
    if (cachedBytes <= CACHE_BYTES || k === key) break;
    cache.delete(k);
    cachedBytes -= e.bytes;
  }
  return value;
}
