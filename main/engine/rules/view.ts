import type { BundleManifest, ManifestItem } from '../../../shared/bundle-format';
import type { Evidence } from '../../../shared/api/findings';
import { artifactsNaming, artifactsOfKind, findArtifact, readArtifactBytes, readArtifactText, wholeReadBytes, type ArtifactRow } from '../store/artifacts';
import { MAX_MATCH_LINE } from '../text/bounded';
import type Database from 'better-sqlite3';
import type { Db } from '../store/workspace';
import { ftsScope, readInTurn, type FtsSource } from '../search/fts-scope';
import { indexTableOf, SEARCH_SCHEMA } from '../store/search-index';

/** Index lines one query reads at most. */
export const MAX_CANDIDATES = 5_000;

/** One log line that matched a rule's pattern. */
export interface LogHit {
  artifactId: number;
  path: string;
  kind: string;
  line: number;
  ts: number | null;
  source: string | null;
  text: string;
  match: RegExpExecArray;
}

export interface LogQuery {
  /** Words that must appear together in the line (an FTS5 phrase, so the index narrows the scan). */
  phrase: string;
  /** Run on each candidate line; the hit carries its groups. */
  pattern: RegExp;
  /** Only lines of these artifact kinds (default: every log kind). */
  kinds?: readonly string[];
}

/** What identifies a search's candidates: the phrase and the kinds (the pattern only filters them). */
function searchKey(q: LogQuery): string {
  return `${q.phrase}\u0000${(q.kinds ?? []).join('\u0000')}`;
}

export interface RawHit {
  artifact_id: number;
  line: number;
  ts: number | null;
  source: string | null;
  text: string;
}

/**
 * How much of the bundle's full-text index a view may search: all of it, or (the ingest's first pass
 * of the rules, while the index worker finishes) the lines up to `indexedTo`.
 */
export type LogIndexView = { complete: true } | { complete: false; indexedTo: number };

/**
 * Characters of final searches a first pass keeps for the second: a bound on memory (32 MB at most).
 * A churning node's eight searches that fill the cap hold about 10 million.
 */
const KEPT_SEARCH_CHARS = 16 * 1024 * 1024;

/**
 * Bytes of artifacts whose text a view keeps for its rules (the one just read is kept whatever its size,
 * up to the 16 MiB of wholeReadBytes). A bundle's usual texts (a listing, /proc files, a Corefile) stay
 * under it. Kept texts are live heap, and V8 lets garbage grow with what lives: with 32 MB kept, a
 * cluster's 500 pod listings read once took the ingest to 334-354 MB, with 8 MB to 314-335 MB.
 */
const VIEW_TEXT_BYTES = 8 * 1024 * 1024;

/** A text's lines without their line ends; index i is line i + 1 (no empty line after the last line end). */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The whole lines of an artifact's first bytes (the last, cut short, left out). */
function wholeLinesOf(head: Buffer): string[] {
  return linesOf(head.subarray(0, head.lastIndexOf(10) + 1).toString('utf8'));
}

/** What a view read of the bundle's artifacts alone: see BundleView.artifactReads. */
export interface ArtifactReads {
  memos: ReadonlyMap<string, unknown>;
  texts: ReadonlyMap<number, number>;
  textBytes: number;
}

/**
 * What a rule sees of one ingested bundle: facts, manifest, artifacts, log lines. Reads lazily and
 * caches, so twenty rules asking for the same artifact read it once.
 *
 * Over a partial index, a search whose first MAX_CANDIDATES + 1 candidates are all below the index's
 * end has its final answer (candidates are read in line order) and is kept for the second pass; any
 * other search gives what the index holds and marks the view provisional: what a rule made of it is
 * thrown away, and the rule runs again once the index is complete.
 */
export class BundleView {
  private readonly cache = new Map<string, unknown>();
  /** Path and kind of each artifact a search hit is in (logArtifact). */
  private readonly hitArtifacts = new Map<number, { path: string; kind: string }>();
  private readArtifactName: Database.Statement | null = null;
  private readonly truncatedQueries = new Set<LogQuery>();
  /** Memos computed from a provisional search: reading one makes the reader provisional too. */
  private readonly provisionalMemos = new Set<string>();
  /** Log searches run (or memos of them read) so far, and the memos computed from any: see artifactReads. */
  private searches = 0;
  private readonly searchMemos = new Set<string>();
  private provisional = false;
  private keptChars = 0;
  /** Artifacts whose text (or lines) the view keeps, least recently read first, with their bytes: see memoText. */
  private readonly keptTexts = new Map<number, number>();
  private keptTextBytes = 0;
  /** Bytes of artifact texts the view keeps (VIEW_TEXT_BYTES; a test lowers it). */
  protected textBudget = VIEW_TEXT_BYTES;

  constructor(
    readonly db: Db,
    readonly bundleId: number,
    private readonly logIndex: LogIndexView = { complete: true },
    /** Final searches of a first pass, by searchKey(). */
    private readonly kept = new Map<string, RawHit[]>(),
    /** What a first pass read of the artifacts alone (see artifactReads). */
    carried?: ArtifactReads,
  ) {
    if (!carried) return;
    for (const [key, value] of carried.memos) this.cache.set(key, value);
    for (const [id, bytes] of carried.texts) this.keptTexts.set(id, bytes);
    this.keptTextBytes = carried.textBytes;
  }

  /** True when something read since the last call came from a partial index's provisional search. */
  takeProvisional(): boolean {
    const p = this.provisional;
    this.provisional = false;
    return p;
  }

  /** The final searches made so far, for the view of the second pass. */
  finalSearches(): Map<string, RawHit[]> {
    return this.kept;
  }

  /**
   * The memos computed without a log search (parsed listings, /proc tables, texts), for the view of the
   * second pass: the same artifacts give the same values, read once per ingest. A cluster's 50,000 pods
   * were parsed and held twice, once per pass.
   */
  artifactReads(): ArtifactReads {
    const memos = new Map<string, unknown>();
    for (const [key, value] of this.cache) if (!this.searchMemos.has(key)) memos.set(key, value);
    return { memos, texts: this.keptTexts, textBytes: this.keptTextBytes };
  }

  /** A node fact (hostname, kernel, os, kubeletVersion, containerRuntime, cgroupVersion, timezone, collectedAt). */
  fact(key: string): string | null {
    const facts = this.memo('facts', () => {
      const rows = this.db.prepare('SELECT key, value FROM facts WHERE bundle_id = ?').all(this.bundleId) as {
        key: string;
        value: string;
      }[];
      return new Map(rows.map((r) => [r.key, r.value]));
    });
    return facts.get(key) ?? null;
  }

  /** The collection instant (ms UTC), from the facts or the bundle row. */
  collectedAtMs(): number | null {
    const iso = this.fact('collectedAt') ?? this.collectedAtColumn();
    const ms = iso ? Date.parse(iso) : NaN;
    return Number.isFinite(ms) ? ms : null;
  }

  /**
   * The collection instant only when the bundle states it (a manifest, a must-gather timestamp, sos's
   * date output…), with where it was read; null when it is the time a bundle was assembled or copied
   * (archive and file times): a rule must not call a problem over because of such a time.
   */
  collectionEvidence(): { ms: number; from: string } | null {
    const from = this.fact('collectedAtFrom');
    const ms = from ? this.collectedAtMs() : null;
    return from && ms !== null ? { ms, from } : null;
  }

  manifest(): BundleManifest | null {
    // Read here, not memoized: only the parsed manifest is kept (a node's 22,000 items are 6 MB of JSON).
    return this.memo('manifest', () => {
      const json = this.db.prepare('SELECT manifest_json FROM bundles WHERE id = ?').pluck().get(this.bundleId) as string | null | undefined;
      if (!json) return null;
      try {
        return JSON.parse(json) as BundleManifest;
      } catch {
        return null;
      }
    });
  }

  artifacts(...kinds: string[]): ArtifactRow[] {
    return this.memo(`kinds:${kinds.join(',')}`, () => artifactsOfKind(this.db, this.bundleId, ...kinds));
  }

  /** Artifacts whose path holds `fragment` (a pod's name): its logs, whatever the bundle's layout. */
  artifactsNaming(fragment: string): ArtifactRow[] {
    return this.memo(`naming:${fragment}`, () => artifactsNaming(this.db, this.bundleId, fragment));
  }

  artifact(path: string): ArtifactRow | undefined {
    return this.memo(`path:${path}`, () => findArtifact(this.db, this.bundleId, path));
  }

  has(...kinds: string[]): boolean {
    return this.artifacts(...kinds).length > 0;
  }

  text(artifact: ArtifactRow): string {
    return this.memoText(`text:${artifact.id}`, artifact, () => readArtifactText(this.db, artifact.id));
  }

  /** The artifact's lines without their line ends; index i is line i + 1. */
  lines(artifact: ArtifactRow): string[] {
    return this.memoText(`lines:${artifact.id}`, artifact, () => linesOf(this.text(artifact)));
  }

  /**
   * A text or its lines, kept for the next rule; past textBudget bytes of artifacts, those read least
   * recently are let go, text and lines together (a cluster's pods in 500 listings, 67 MB, were all held
   * by the view). The one just read always stays: a rule quoting row after row of a 100 MiB df reads its
   * 4 MiB once. An artifact is counted once, whether its text, its lines or both are kept: lines() reads
   * text() first, which counts it.
   */
  private memoText<T>(key: string, artifact: ArtifactRow, read: () => T): T {
    const kept = this.keptTexts.get(artifact.id);
    if (kept !== undefined) {
      this.keptTexts.delete(artifact.id);
      this.keptTexts.set(artifact.id, kept);
    }
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = read();
    this.cache.set(key, value);
    if (!this.keptTexts.has(artifact.id)) {
      const bytes = Math.min(artifact.bytes, wholeReadBytes(artifact.kind));
      this.keptTexts.set(artifact.id, bytes);
      this.keptTextBytes += bytes;
    }
    this.letTextsGo(artifact.id);
    return value;
  }

  /** Lets go of the texts read least recently until the kept ones fit textBudget, all but `current`'s. */
  private letTextsGo(current: number): void {
    for (const [id, bytes] of this.keptTexts) {
      if (this.keptTextBytes <= this.textBudget || id === current) break;
      this.keptTexts.delete(id);
      this.keptTextBytes -= bytes;
      this.cache.delete(`text:${id}`);
      this.cache.delete(`lines:${id}`);
      this.cache.delete(`quotable:${id}`);
    }
  }

  /**
   * The text a rule may quote lines of: all of it, or past what nodescope reads whole (a kubectl listing,
   * read object by object up to 64 MiB), its whole lines within its first wholeReadBytes(kind). Kept
   * like text(), within the view's text budget.
   */
  quotableText(artifact: ArtifactRow): string {
    const cap = wholeReadBytes(artifact.kind);
    if (artifact.bytes <= cap) return this.text(artifact);
    return this.memoText(`quotable:${artifact.id}`, artifact, () => {
      const head = readArtifactBytes(this.db, artifact.id, 0, cap);
      return head.subarray(0, head.lastIndexOf(10) + 1).toString('utf8');
    });
  }

  /**
   * The lines a rule may quote of an artifact: all of them, or past what nodescope reads whole (a kubectl
   * listing, read object by object up to 64 MiB), those within its first wholeReadBytes(kind). Kept
   * like lines(), within the view's text budget.
   */
  quotableLines(artifact: ArtifactRow): string[] {
    const cap = wholeReadBytes(artifact.kind);
    if (artifact.bytes <= cap) return this.lines(artifact);
    return this.memoText(`lines:${artifact.id}`, artifact, () => linesOf(this.quotableText(artifact)));
  }

  /**
   * The artifact's whole lines within its first `bytes` bytes, without their line ends (index i is line
   * i + 1): a header is found without reading and splitting a 450 MB dump. All its lines when it is shorter.
   */
  headLines(artifact: ArtifactRow, bytes: number): string[] {
    if (artifact.bytes <= bytes) return this.lines(artifact);
    return this.memo(`head:${artifact.id}:${bytes}`, () => wholeLinesOf(readArtifactBytes(this.db, artifact.id, 0, bytes)));
  }

  /**
   * Log lines holding the phrase and matching the pattern, in artifact then line order. Reads at most
   * MAX_CANDIDATES lines of the index (in the order they were ingested): a log of a million identical
   * messages costs the same as one of twenty thousand, whether or not the index holds every line yet;
   * truncated(q) says when that happened.
   */
  searchLogs(q: LogQuery): LogHit[] {
    this.searches++;
    const key = searchKey(q);
    // A kept search is read again by later rules: its rows are not cut in place.
    const read = this.kept.get(key) ?? this.candidates(q, key);
    const rows = read.length > MAX_CANDIDATES ? read.slice(0, MAX_CANDIDATES) : read;
    if (rows !== read) this.truncatedQueries.add(q);
    const hits: LogHit[] = [];
    for (const r of rows) {
      // Patterns see at most MAX_MATCH_LINE characters of a line: a hostile line cannot make one costly.
      const match = q.pattern.exec(r.text.length > MAX_MATCH_LINE ? r.text.slice(0, MAX_MATCH_LINE) : r.text);
      if (!match) continue;
      const { path, kind } = this.logArtifact(r.artifact_id);
      hits.push({
        artifactId: r.artifact_id,
        path,
        kind,
        line: r.line,
        ts: r.ts,
        source: r.source,
        text: r.text,
        match,
      });
    }
    return hits.sort((a, b) => (a.artifactId === b.artifactId ? a.line - b.line : a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  }

  /** Up to MAX_CANDIDATES + 1 lines holding the phrase, in id order. */
  private candidates(q: LogQuery, key: string): RawHit[] {
    // The bundle's own full-text table, within its id range: other bundles' lines cost nothing.
    const range = this.lineRange();
    if (!this.logIndex.complete) {
      const last = Math.min(range.last, this.logIndex.indexedTo);
      // Nothing indexed yet (a small bundle's index worker may not even have begun): no lookup at all.
      const table = last >= range.first ? this.memo('indexTable', () => indexTableOf(this.db, this.bundleId)) : null;
      const rows = table ? this.candidatesIn(q, { from: `${SEARCH_SCHEMA}.${table}`, name: table, first: range.first, last }, MAX_CANDIDATES + 1) : [];
      if (rows.length <= MAX_CANDIDATES) this.provisional = true;
      else if (this.keptChars < KEPT_SEARCH_CHARS) {
        this.kept.set(key, rows);
        for (const r of rows) this.keptChars += r.text.length;
      }
      return rows;
    }
    const scope = this.memo('ftsScope', () => ftsScope(this.db, this.bundleId, range));
    // The index, then (while it lacks lines) the tail index of those: no more than the candidates kept.
    return readInTurn(scope.sources, MAX_CANDIDATES + 1, (source, room) => this.candidatesIn(q, source, room));
  }

  private candidatesIn(q: LogQuery, source: FtsSource, limit: number): RawHit[] {
    const kindFilter = q.kinds ? ` AND a.kind IN (${q.kinds.map(() => '?').join(', ')})` : '';
    return this.db
      .prepare(
        `SELECT l.artifact_id, l.line, l.ts, l.source, l.text
           FROM ${source.from} JOIN log_lines l ON l.id = ${source.name}.rowid JOIN artifacts a ON a.id = l.artifact_id
          WHERE ${source.name} MATCH ? AND ${source.name}.rowid BETWEEN ? AND ? AND l.bundle_id = ?${kindFilter}
          LIMIT ${limit}`,
      )
      .all(ftsPhrase(q.phrase), source.first, source.last, this.bundleId, ...(q.kinds ?? [])) as RawHit[];
  }

  /**
   * Path and kind of one artifact that holds log lines, read once per artifact for the whole view: a
   * query's 5,000 candidates then share their path strings instead of reading one each (half the
   * query's time on long sosreport paths). Only the artifacts some hit is in are kept: reading every
   * artifact of a node's 80,000 rotated logs held 17 MB through the rules.
   */
  private logArtifact(id: number): { path: string; kind: string } {
    let found = this.hitArtifacts.get(id);
    if (!found) {
      this.readArtifactName ??= this.db.prepare('SELECT path, kind FROM artifacts WHERE id = ?');
      found = (this.readArtifactName.get(id) as { path: string; kind: string } | undefined) ?? { path: '', kind: '' };
      this.hitArtifacts.set(id, found);
    }
    return found;
  }

  /** The ids of the bundle's log lines (during ingest, from the first to whatever comes). */
  private lineRange(): { first: number; last: number } {
    return this.memo('lineRange', () => {
      const b = this.db.prepare('SELECT log_first, log_last FROM bundles WHERE id = ?').get(this.bundleId) as
        | { log_first: number | null; log_last: number | null }
        | undefined;
      if (!b || b.log_first === null) return { first: 0, last: Number.MAX_SAFE_INTEGER };
      return { first: b.log_first, last: b.log_last ?? Number.MAX_SAFE_INTEGER };
    });
  }

  /** True when searchLogs(q) stopped at MAX_CANDIDATES lines: there are more. */
  truncated(q: LogQuery): boolean {
    return this.truncatedQueries.has(q);
  }

  /** The latest time in one log artifact (ms UTC), or null when none of its lines has one; read once per artifact. */
  logEnd(artifactId: number): number | null {
    return this.memo(`end:${artifactId}`, () => {
      const row = this.db.prepare('SELECT max(ts) AS t FROM log_lines WHERE artifact_id = ?').get(artifactId) as { t: number | null };
      return row.t;
    });
  }

  /** Stored log lines [from, to] of one artifact (1-based, inclusive), each with where its message starts (msg, in characters). */
  logLines(artifactId: number, from: number, to: number): { line: number; text: string; msg: number }[] {
    return this.db
      .prepare('SELECT line, text, msg FROM log_lines WHERE artifact_id = ? AND line BETWEEN ? AND ? ORDER BY line')
      .all(artifactId, from, to) as { line: number; text: string; msg: number }[];
  }

  /** Manifest items of these kinds (collected or not). */
  items(...kinds: string[]): ManifestItem[] {
    return (this.manifest()?.items ?? []).filter((i) => kinds.includes(i.kind));
  }

  /**
   * When the bundle has no artifact of these kinds: "<what> not collected" (with the collector's skip
   * reason when it gave one), for Detection.unchecked. Null when the data is there.
   */
  missing(what: string, ...kinds: string[]): string | null {
    if (this.has(...kinds)) return null;
    const reason = this.items(...kinds).find((i) => i.skipped)?.skipped;
    return reason ? `${what} not collected (${reason})` : `${what} not collected`;
  }

  /** Computes once per view: parsed artifacts shared by several rules. */
  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) {
      if (this.provisionalMemos.has(key)) this.provisional = true;
      // Reading a memo made of searches is a search: a memo built on it is made of searches too.
      if (this.searchMemos.has(key)) this.searches++;
      return this.cache.get(key) as T;
    }
    const before = this.provisional;
    const searchesBefore = this.searches;
    this.provisional = false;
    try {
      const value = compute();
      if (this.provisional) this.provisionalMemos.add(key);
      if (this.searches !== searchesBefore) this.searchMemos.add(key);
      this.cache.set(key, value);
      return value;
    } finally {
      this.provisional ||= before;
    }
  }

  private collectedAtColumn(): string | null {
    return this.memo('collectedAtColumn', () => {
      const at = this.db.prepare('SELECT collected_at FROM bundles WHERE id = ?').pluck().get(this.bundleId) as string | null | undefined;
      return at ?? null;
    });
  }
}

/** A quoted FTS5 phrase from plain words (anything else in the text is a separator to the tokenizer). */
export function ftsPhrase(words: string): string {
  const tokens = words.match(/[\p{L}\p{N}]+/gu) ?? [];
  return `"${tokens.join(' ')}"`;
}

export function hitEvidence(hit: LogHit, note?: string): Evidence {
  return { artifact: hit.path, line: hit.line, lineEnd: hit.line, text: hit.text, note: note ?? null };
}

export function lineEvidence(artifact: ArtifactRow, line: number, text: string, note?: string): Evidence {
  return { artifact: artifact.path, line, lineEnd: line, text, note: note ?? null };
}
