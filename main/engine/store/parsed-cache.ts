import type { ArtifactRow } from './artifacts';
import { ByteBudgetCache } from './byte-budget-cache';

/**
 * Parsed artifacts, cached by content hash for the whole process: the API, the rules and compare
 * read the same dump or listing again and again (the Network view asks for one chain after another;
 * the Kubernetes view, the timeline and two rules each read a must-gather's 7 MB of YAML, 0.8 s a time).
 * Bounded by the bytes of the artifacts it holds, the least recently used dropped first (a parsed
 * iptables rule costs ~1.5 KB of heap for ~140 B of text). Parsed values are shared: never mutated.
 */
export const PARSED_CACHE_BYTES = 16 << 20;
const cache = new ByteBudgetCache<string, unknown>(PARSED_CACHE_BYTES);

const keyOf = (a: ArtifactRow, what: string) => `${what}\u0000${a.sha256}\u0000${a.path}`;

/** The parsed value of an artifact, parsed once per content; it counts as the artifact's bytes. */
export function cachedParse<T>(a: ArtifactRow, what: string, parse: () => T): T {
  const key = keyOf(a, what);
  const hit = cache.get(key);
  if (hit !== undefined) return hit as T;
  const value = parse();
  cache.set(key, value, a.bytes);
  return value;
}

/** Puts the parsed value of an artifact in the cache, as cachedParse() would once it had parsed it. */
export function seedParsed(a: ArtifactRow, what: string, value: unknown): void {
  cache.set(keyOf(a, what), value, a.bytes);
}

/**
 * Small values found in an artifact (its header line), cached by content apart from the parses, by
 * count: counted as the artifact's bytes, a line found after a 96 MiB dump was parsed pushed the parse
 * out, and the rules' second pass parsed the dump again (0.4 s, 70 MB).
 */
const SMALL_ENTRIES = 256;
const small = new Map<string, unknown>();

export function cachedSmall<T>(a: ArtifactRow, what: string, find: () => T): T {
  const key = keyOf(a, what);
  if (small.has(key)) return small.get(key) as T;
  const value = find();
  small.set(key, value);
  if (small.size > SMALL_ENTRIES) small.delete(small.keys().next().value as string);
  return value;
}
