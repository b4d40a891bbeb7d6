import zlib from 'node:zlib';
import { storedBlockContent } from './stored-block';
import type { Db } from './workspace';

/** Raw artifact bytes are stored deflated in chunks of this many (uncompressed) bytes. */
export const CHUNK_BYTES = 1 << 20;

export interface ArtifactRow {
  id: number;
  bundleId: number;
  path: string;
  kind: string;
  kindGuessed: boolean;
  bytes: number;
  sha256: string;
  lineCount: number;
  truncated: boolean;
  /** The manifest item's JSON, when the bundle has a manifest that lists this artifact. */
  itemJson: string | null;
}

interface RawArtifactRow {
  id: number;
  bundle_id: number;
  path: string;
  kind: string;
  kind_guessed: number;
  bytes: number;
  sha256: string;
  line_count: number;
  truncated: number;
  item_json: string | null;
}

const COLUMNS = 'id, bundle_id, path, kind, kind_guessed, bytes, sha256, line_count, truncated, item_json';

function toArtifact(r: RawArtifactRow): ArtifactRow {
  return {
    id: r.id,
    bundleId: r.bundle_id,
    path: r.path,
    kind: r.kind,
    kindGuessed: r.kind_guessed === 1,
    bytes: r.bytes,
    sha256: r.sha256,
    lineCount: r.line_count,
    truncated: r.truncated === 1,
    itemJson: r.item_json,
  };
}

/** The artifact at a path, or the one an alias at that path (a link inside the bundle) points to. */
export function findArtifact(db: Db, bundleId: number, path: string): ArtifactRow | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM artifacts WHERE bundle_id = ? AND path = ?`).get(bundleId, path) as
    | RawArtifactRow
    | undefined;
  if (r) return toArtifact(r);
  const alias = db.prepare('SELECT target FROM artifact_aliases WHERE bundle_id = ? AND path = ?').get(bundleId, path) as
    | { target: string }
    | undefined;
  if (!alias) return undefined;
  const t = db.prepare(`SELECT ${COLUMNS} FROM artifacts WHERE bundle_id = ? AND path = ?`).get(bundleId, alias.target) as
    | RawArtifactRow
    | undefined;
  return t && toArtifact(t);
}

export function listArtifacts(db: Db, bundleId: number): ArtifactRow[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM artifacts WHERE bundle_id = ? ORDER BY path`).all(bundleId) as RawArtifactRow[];
  return rows.map(toArtifact);
}

/** The artifacts whose path holds `fragment` (case-sensitive), by path: a pod's logs, by its name. */
export function artifactsNaming(db: Db, bundleId: number, fragment: string): ArtifactRow[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM artifacts WHERE bundle_id = ? AND instr(path, ?) > 0 ORDER BY path`).all(bundleId, fragment) as RawArtifactRow[];
  return rows.map(toArtifact);
}

export function artifactsOfKind(db: Db, bundleId: number, ...kinds: string[]): ArtifactRow[] {
  const rows = db.prepare(artifactsOfKindSql(kinds.length)).all(bundleId, ...kinds) as RawArtifactRow[];
  return rows.map(toArtifact);
}

/**
 * The artifacts of some kinds, by path. `+path`: ordered by the (bundle, path) index, SQLite walked every
 * artifact of the bundle to keep those of the kinds, 6.3 ms a call on a sosreport's 18,000 files, and a
 * diagnosis asks for some forty kinds; by the kind index it reads only those, and sorts them (0.04 ms).
 */
export function artifactsOfKindSql(kindCount: number): string {
  return `SELECT ${COLUMNS} FROM artifacts WHERE bundle_id = ? AND kind IN (${Array(kindCount).fill('?').join(', ')}) ORDER BY +path`;
}

/**
 * A stored chunk's bytes. A chunk of a few bytes (most of a sosreport's sysfs values, a node's
 * per-process files) is kept as one stored block (stored-block.ts): its bytes are read in place, not
 * through an inflater made for each (reading a node's 150,000 per-process files, the inflaters were a
 * third of the time). Anything else is inflated.
 */
export function chunkContent(data: Buffer): Buffer {
  return storedBlockContent(data) ?? zlib.inflateRawSync(data);
}

/** The artifact's bytes, exactly as they were in the bundle, from `offset`, at most `length` bytes. */
export function readArtifactBytes(db: Db, artifactId: number, offset = 0, length = Number.MAX_SAFE_INTEGER): Buffer {
  const first = Math.floor(offset / CHUNK_BYTES);
  const end = offset + length;
  const last = Math.floor(Math.max(end - 1, offset) / CHUNK_BYTES);
  const rows = db
    .prepare('SELECT seq, data FROM artifact_chunks WHERE artifact_id = ? AND seq BETWEEN ? AND ? ORDER BY seq')
    .all(artifactId, first, last) as { seq: number; data: Buffer }[];
  const parts = rows.map((r) => chunkContent(r.data));
  const joined = Buffer.concat(parts);
  const start = offset - first * CHUNK_BYTES;
  return joined.subarray(start, start + length);
}

/** The artifact's bytes from `from` to `to`, a stored chunk at a time, in order. */
export function* artifactChunks(db: Db, artifactId: number, from: number, to: number): Generator<Buffer> {
  for (let at = from; at < to; at += CHUNK_BYTES) yield readArtifactBytes(db, artifactId, at, Math.min(CHUNK_BYTES, to - at));
}

/** Text in pieces cut at line ends (a line of more than four chunks is cut), so a value never straddles two pieces. */
export function* textAtLineEnds(chunks: Iterable<Buffer>): Generator<string> {
  let rest: Buffer = Buffer.alloc(0);
  for (const chunk of chunks) {
    const joined: Buffer = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    const cut = joined.lastIndexOf(0x0a);
    if (cut < 0 && joined.length < 4 * CHUNK_BYTES) {
      rest = joined;
      continue;
    }
    const end = cut < 0 ? joined.length : cut + 1;
    yield joined.subarray(0, end).toString('utf8');
    rest = joined.subarray(end);
  }
  if (rest.length) yield rest.toString('utf8');
}

/**
 * Bytes of one artifact a parser reads whole into memory (views, rules, compare): beyond it, memory
 * would grow with the artifact (a parsed iptables rule costs ~1.5 KB of heap for ~140 B of text).
 * Logs never count: their lines are streamed into the index.
 */
export const MAX_WHOLE_READ_BYTES = 16 * 1024 * 1024;

/**
 * Kinds a node writes in a few lines or a few thousand (a value, a screen of /proc, a Corefile, a
 * process's own files): 15 MiB of /proc/cgroups, pid_max or a Corefile took an ingest's rules and views
 * to 600-700 MB. 1 MiB is a hundred times what a node writes there.
 */
const SMALL_FILE_BYTES = 1024 * 1024;
const SMALL_FILE_KINDS: readonly string[] = [
  'proc-pid-stat', 'proc-pid-status', 'proc-pid-wchan', 'proc-pid-stack', 'proc-pid-cgroup', 'proc-pid-ns', 'proc-pid-fd-count',
  'proc-stat', 'proc-diskstats', 'proc-loadavg', 'proc-meminfo', 'proc-vmstat', 'proc-cgroups', 'proc-pressure', 'proc-file-nr',
  'proc-pid-max', 'nf-conntrack', 'proc-version', 'kernel-cmdline', 'os-release', 'resolv-conf', 'corefile', 'uname', 'uptime',
  'date', 'timezone', 'versions',
];

/**
 * Kinds whose parsed form costs most per byte get less: 8 MiB of iptables-save is ~60k rules; a gzipped
 * profile decodes to about 15 times its size (what the rules decode: see profiles/stored.ts). A node's
 * df and /etc/hosts hold a few thousand lines (110 pods of 10 volumes; an ad-blocking hosts file 100k):
 * 16 MiB of either, 330k rows, took an ingest's rules to 410-510 MB, 4 MiB keeps them under 250 MB.
 */
const WHOLE_READ_BYTES_OF_KIND: Readonly<Record<string, number>> = {
  'iptables-save': 8 * 1024 * 1024,
  'ip6tables-save': 8 * 1024 * 1024,
  pprof: 8 * 1024 * 1024,
  df: 4 * 1024 * 1024,
  'df-inodes': 4 * 1024 * 1024,
  hosts: 4 * 1024 * 1024,
  ...Object.fromEntries(SMALL_FILE_KINDS.map((k) => [k, SMALL_FILE_BYTES])),
  // A command line or environment is at most ARG_MAX (2 MiB by default).
  'proc-pid-cmdline': 2 * 1024 * 1024,
  'proc-pid-environ': 2 * 1024 * 1024,
};

/** Bytes of an artifact of this kind that a parser reads whole at most. */
export function wholeReadBytes(kind: string): number {
  return WHOLE_READ_BYTES_OF_KIND[kind] ?? MAX_WHOLE_READ_BYTES;
}

/** Kinds read line by line, so their first wholeReadBytes(kind) (cut at a line end) still mean something. */
export const PREFIX_READABLE_KINDS: ReadonlySet<string> = new Set([
  'ps', 'iptables-save', 'ip6tables-save', 'ipvsadm', 'ss', 'mounts', 'sysctl', 'hosts', 'df', 'df-inodes',
  'goroutine-dump', 'kernel-modules', 'conntrack-stats', 'ip-addr', 'ip-route', 'ip-rule',
]);

/** An artifact too large to be parsed whole, of a kind whose beginning alone cannot be parsed. */
export class ArtifactTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly bytes: number,
    cap: number,
  ) {
    super(`${path} is ${megabytes(bytes)}, more than the ${megabytes(cap)} nodescope parses whole: it was not read (its raw bytes are kept)`);
  }
}

/** What ingest says of an artifact that views and rules will read only in part, or not at all; null when whole. */
export function partialReadNote(kind: string, bytes: number): string | null {
  const cap = wholeReadBytes(kind);
  if (bytes <= cap) return null;
  if (kind === 'pprof') return `${megabytes(bytes)}: more than the ${megabytes(cap)} of a profile the rules decode, so no rule reads it (its views decode it when opened)`;
  return PREFIX_READABLE_KINDS.has(kind)
    ? `${megabytes(bytes)}: views and rules read only its first ${megabytes(cap)} (its raw bytes are all kept)`
    : `${megabytes(bytes)}: more than the ${megabytes(cap)} nodescope parses whole, so views and rules do not read it (its raw bytes are kept)`;
}

/** "96 MiB", "8.0 MiB": a size as the ingest's notes give it. */
export function megabytes(n: number): string {
  return `${(n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0)} MiB`;
}

/**
 * The artifact decoded as UTF-8 text (invalid sequences become U+FFFD), for parsers that read it whole.
 * Bounded: past wholeReadBytes(kind), a line-oriented kind gives its first lines (cut at a line end),
 * any other throws ArtifactTooLargeError naming the artifact. Memory stays flat whatever its size.
 */
export function readArtifactText(db: Db, artifactId: number): string {
  const row = db.prepare('SELECT path, kind, bytes FROM artifacts WHERE id = ?').get(artifactId) as { path: string; kind: string; bytes: number } | undefined;
  const cap = row ? wholeReadBytes(row.kind) : MAX_WHOLE_READ_BYTES;
  if (!row || row.bytes <= cap) return readArtifactBytes(db, artifactId).toString('utf8');
  if (!PREFIX_READABLE_KINDS.has(row.kind)) throw new ArtifactTooLargeError(row.path, row.bytes, cap);
  const head = readArtifactBytes(db, artifactId, 0, cap);
  const end = head.lastIndexOf(10);
  return head.subarray(0, end < 0 ? head.length : end + 1).toString('utf8');
}

/**
 * readArtifactText, or null for an artifact nodescope does not parse (past its kind's cap, of a kind
 * whose beginning means nothing alone): read as absent, as the ingest's problems already say.
 */
export function readParsedText(db: Db, artifactId: number): string | null {
  try {
    return readArtifactText(db, artifactId);
  } catch (e) {
    if (e instanceof ArtifactTooLargeError) return null;
    throw e;
  }
}

export interface ArtifactText {
  path: string;
  text: string;
}

/** Every artifact of the kinds that nodescope parses, as text, ordered by path (so stat.1 comes before stat.2). */
export function textsOfKind(db: Db, bundleId: number, ...kinds: string[]): ArtifactText[] {
  return artifactsOfKind(db, bundleId, ...kinds).flatMap((a) => {
    const text = readParsedText(db, a.id);
    return text === null ? [] : [{ path: a.path, text }];
  });
}

/**
 * Every artifact of the kinds as text, the small ones read with one query: for the thousands of small
 * per-process files, where one read per artifact costs more than the parsing. One past its kind's
 * whole-read cap is read as readArtifactText reads it (a line-oriented kind's head), or left out: a
 * 281 MiB /proc/1/status took an ingest to 1.4 GB.
 */
export function bulkTextsOfKind(db: Db, bundleId: number, kinds: readonly string[]): ArtifactText[] {
  const marks = kinds.map(() => '?').join(', ');
  const cap = Math.min(...kinds.map(wholeReadBytes));
  const rows = db
    .prepare(
      `SELECT a.id AS id, a.path AS path, c.data AS data FROM artifacts a JOIN artifact_chunks c ON c.artifact_id = a.id
       WHERE a.bundle_id = ? AND a.kind IN (${marks}) AND a.bytes <= ? ORDER BY a.id, c.seq`,
    )
    .iterate(bundleId, ...kinds, cap) as IterableIterator<{ id: number; path: string; data: Buffer }>;
  // Each artifact made text as soon as its chunks are read: an inflated chunk holds a 16 KB output
  // buffer, and 150,000 per-process files held at once took an ingest to 2.3 GB of buffers.
  const texts: { id: number; path: string; text: string }[] = [];
  const asText = (a: { id: number; path: string; parts: Buffer[] }) => ({ id: a.id, path: a.path, text: Buffer.concat(a.parts).toString('utf8') });
  let current: { id: number; path: string; parts: Buffer[] } | null = null;
  for (const r of rows) {
    if (current === null || current.id !== r.id) {
      if (current) texts.push(asText(current));
      current = { id: r.id, path: r.path, parts: [] };
    }
    current.parts.push(chunkContent(r.data));
  }
  if (current) texts.push(asText(current));
  const large = db
    .prepare(`SELECT id, path FROM artifacts WHERE bundle_id = ? AND kind IN (${marks}) AND bytes > ? ORDER BY id`)
    .all(bundleId, ...kinds, cap) as { id: number; path: string }[];
  for (const a of large) {
    const text = readParsedText(db, a.id);
    if (text !== null) texts.push({ id: a.id, path: a.path, text });
  }
  if (large.length) texts.sort((x, y) => x.id - y.id);
  return texts.map(({ path, text }) => ({ path, text }));
}
