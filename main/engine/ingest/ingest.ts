import path from 'node:path';
import type { BundleManifest, ManifestItem } from '../../../shared/bundle-format';
import type { IngestError, IngestProgress, IngestResult } from '../../../shared/api';
import { guessKindFromContent, guessKindFromPath, isBinary, LOG_KINDS } from '../kinds/guess';
import { logFormatFor, sniffLogFormat } from '../logs';
import { journalJsonFormat } from '../logs/journal-json';
import type { LogContext, LogFormat } from '../logs/format';
import { ManifestError, parseManifest } from '../manifest/validate';
import { withPageCache, type Db } from '../store/workspace';
import { collectionTime } from './packed-again';
import { followIngestHeap } from '../heap';
import { deflatedStreamOf } from './deflated-content';
import { ArtifactStore, ArtifactWriter, type LineIndexing, type NewArtifact } from './artifact-writer';
import { checkEntryPath, refusedEntryType } from './entry-path';
import { ARTIFACT_INDEXERS, BUNDLE_FINISHERS } from './indexers';
import { DEFAULT_LIMITS, type IngestLimits } from './limits';
import { isAllZeros } from './zero-bytes';
import { openSource, UnreadableInputError, type BundleSource, type RawEntry } from './source';
import { bundleFacts, type Facts } from './facts';
import { ProblemList } from './problems';
import { deleteBundleRows, liveStageOf } from '../store/staging';
import { CHUNK_BYTES, readParsedText } from '../store/artifacts';
import { listingReadNote } from '../k8s/api';
import { kindByLayout } from '../layouts';
import { kindOfCommandFile } from '../layouts/commands';
import { bootTimeFromProcStat, bootTimeFromUptime } from '../logs/boot-time';
import { compressedFilePacking, decodesToText, isPackedName, looksLikeNestedArchive, nestedEntries, openCompressedFile, tarEntries, unnamedFilePacking, type StreamPacking } from './formats/nested';
import { looksLikeTar, stripPackingSuffix } from './formats/magic';
import { peekDecoded, readHead, replay, type StreamHead } from './stream-head';
import { heldData } from './archive/tar';
import { bundleFiles, recognise, SortedPaths, type RecognisedLayout } from './layout-files';
import { describeLinks, LinkTable, linkProblems } from './links';
import { TimedLogs } from './retime';
import { journalBannerEvidence, neighbourLinesEvidence } from './year-evidence';
import { searchSink, type SearchSink } from './search-sink';
import { indexedTo } from '../store/search-index';
import { saveTemplates } from '../compare/template-store';
import { templateSink, type TemplateSink } from './template-sink';
import { walCheckpointer, type WalCheckpointer } from './wal-checkpointer';
import { listingPrefetch } from './listing-prefetch';
import { sniffedText } from './line-splitter';
import { utf16Head } from './utf16';
import { originalProblemsOfManifest, originalProblemsOfPlainBundle } from './shared-copy';

export { UnreadableInputError } from './source';

export interface IngestOptions {
  onProgress?: (p: IngestProgress) => void;
  signal?: AbortSignal;
  limits?: Partial<IngestLimits>;
  /** Clock, for tests. */
  now?: () => Date;
}

export class IngestCancelledError extends Error {
  constructor(file: string) {
    super(`${file}: ingest cancelled; the workspace is unchanged`);
  }
}

/** Another process is ingesting into the same workspace: one ingest at a time keeps bundles contiguous. */
export class IngestBusyError extends Error {}

const HEAD_BYTES = 64 * 1024;
/** Archives inside archives are opened this deep (a node's zip inside a cluster bundle). */
const MAX_NESTING = 2;

const PROGRESS_EVERY_MS = 100;
/**
 * Bytes written between two commits of the stage: keeps transactions, the WAL and the cache small,
 * and lets the index worker (which reads committed lines) follow closely.
 */
const COMMIT_EVERY_BYTES = 4 * 1024 * 1024;

/**
 * Reads a bundle (.tar.gz, .tgz, .tar or a folder) into the workspace, staged and published atomically:
 * rows are written in batches under an invisible 'ingesting' bundle, and one last transaction (facts,
 * findings, state 'ready') publishes it. A crash or kill leaves only the stage, removed on the next open;
 * a cancel or error removes it at once. Throws UnreadableInputError when nothing at all can be read;
 * otherwise ingests what it can and lists the problems in the result.
 */
export async function ingestBundle(db: Db, file: string, options: IngestOptions = {}): Promise<IngestResult> {
  const source = await openSource(file);
  const known = findKnown(db, source.sha256);
  if (known) return known;
  refuseConcurrentIngest(db, file, source.sha256);
  // Ingest appends (lines, chunks, their index in order): a smaller page cache does as well, and leaves
  // room for the index worker's memory.
  const releaseHeap = followIngestHeap();
  try {
    return await withPageCache(db, INGEST_CACHE_KIB, () => ingestStaged(db, file, source, options));
  } finally {
    releaseHeap();
  }
}

async function ingestStaged(db: Db, file: string, source: BundleSource, options: IngestOptions): Promise<IngestResult> {
  const keys = new ForeignKeys(db);
  const run = new IngestRun(db, file, source, options, keys);
  try {
    return await run.execute();
  } catch (e) {
    await run.abandon();
    if (db.inTransaction) db.exec('ROLLBACK');
    // The stage's rows go by cascade: with the checks back on.
    keys.restore();
    deleteBundleRows(db, run.bundleId);
    throw e;
  } finally {
    keys.restore();
    await run.stopCheckpoints();
  }
}

/**
 * Foreign-key checks of the workspace connection, off while the entries are read. Every chunk and line
 * the ingest writes names the artifact row it has just inserted, so checking each of a sosreport's 820k
 * lines against the artifacts table is work for nothing: without it, findings came 0.14 s sooner on
 * average over 4 alternate runs (-0.26 to +0.02 s of 3.4-3.8 s), 0.10-0.22 s sooner on a must-gather.
 * Restored (outside any transaction: SQLite ignores the pragma inside one) before the rules, and before
 * a failed or cancelled ingest deletes its stage, which relies on ON DELETE CASCADE.
 */
class ForeignKeys {
  private readonly before: boolean;

  constructor(private readonly db: Db) {
    this.before = db.pragma('foreign_keys', { simple: true }) === 1;
  }

  off(): void {
    if (this.db.inTransaction) throw new Error('foreign keys can only be turned off between transactions');
    this.db.pragma('foreign_keys = OFF');
  }

  restore(): void {
    if (!this.db.inTransaction) this.db.pragma(`foreign_keys = ${this.before ? 'ON' : 'OFF'}`);
  }
}

/** The workspace connection's page cache while it ingests (KiB). */
const INGEST_CACHE_KIB = 16384;

function refuseConcurrentIngest(db: Db, file: string, sha256: string): void {
  liveStageOf(db, sha256);
  const other = db.prepare("SELECT ingest_pid AS pid FROM bundles WHERE state = 'ingesting' LIMIT 1").get() as { pid: number } | undefined;
  if (other) {
    throw new IngestBusyError(`${file}: another nodescope (pid ${other.pid}) is ingesting into this workspace; try again when it is done`);
  }
}

function findKnown(db: Db, sha256: string): IngestResult | undefined {
  const row = db
    .prepare("SELECT id, node, incomplete, errors_json, guessed_count FROM bundles WHERE sha256 = ? AND state = 'ready'")
    .get(sha256) as { id: number; node: string; incomplete: number; errors_json: string; guessed_count: number } | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    node: row.node,
    status: 'known',
    incomplete: row.incomplete === 1,
    errors: JSON.parse(row.errors_json) as IngestError[],
    guessedCount: row.guessed_count,
  };
}

interface PlacedItem {
  path: string;
  item: ManifestItem | null;
}


/**
 * An entry's head, and the reader of the rest (null when the head is all of it). A small entry the
 * archive reader holds whole (most of a sosreport's files) is taken at once, without an iterator and
 * its promises.
 */
async function headOf(entry: RawEntry): Promise<{ head: StreamHead; reader: AsyncIterator<Buffer> | null }> {
  const held = heldData(entry.body, HEAD_BYTES - 1);
  if (held) return { head: { data: held, done: true }, reader: null };
  const reader = entry.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return { head: await readHead(reader, HEAD_BYTES), reader };
}

class IngestRun {
  private readonly limits: IngestLimits;
  private readonly store: ArtifactStore;
  /** Where committed lines are indexed for full-text search, and counted by template for compare. */
  private readonly search: SearchSink;
  private readonly templates: TemplateSink;
  readonly bundleId: number;
  private readonly firstLogId: number;
  private bytesSinceCommit = 0;
  private readonly errors = new ProblemList();
  private readonly seen = new Set<string>();
  private manifest: BundleManifest | null = null;
  /** The manifest's node name: the template counts name it after the manifest is let go. */
  private manifestHostname: string | null = null;
  private prefix = '';
  private items = new Map<string, ManifestItem>();
  private entries = 0;
  private expanded = 0;
  /** Of `expanded`, the bytes of chunks that were all zeros (see IngestLimits.maxZeroBytes). */
  private zeroBytes = 0;
  private lastProgress = 0;
  private currentPath: string | null = null;
  private latestMtime = 0;
  /** The nodes' newest heartbeat, when it stands in for files' times that are not the collection's (packed-again.ts). */
  private heartbeatCollectedAt: number | null = null;
  private logContext: LogContext;
  private readonly links = new LinkTable();
  private readonly timedLogs = new TimedLogs();
  private bannerEvidence = 0;
  /** The bundle is committed as ready: what is left (template counts) cannot cost it. */
  private published = false;
  /** Copies the write-ahead log into the workspace off this thread while execute() runs. */
  private checkpoints: WalCheckpointer | null = null;
  /** Parses the kubectl listings off this thread while the entries are read, for the rules. */
  private readonly listings = listingPrefetch();

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly source: BundleSource,
    private readonly options: IngestOptions,
    private readonly keys: ForeignKeys,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const now = (options.now ?? (() => new Date()))();
    const info = db
      .prepare(
        `INSERT INTO bundles (sha256, name, source_path, node, format, ingested_at, size_bytes)
         VALUES (?, ?, ?, ?, 'plain', ?, ?)`,
      )
      .run(source.sha256, path.basename(file), path.resolve(file), bundleNameToNode(file), now.toISOString(), source.sizeBytes);
    this.bundleId = Number(info.lastInsertRowid);
    this.store = new ArtifactStore(db, this.bundleId);
    this.firstLogId = this.store.lines.nextLogId;
    db.prepare("UPDATE bundles SET state = 'ingesting', ingest_pid = ?, log_first = ? WHERE id = ?").run(process.pid, this.firstLogId, this.bundleId);
    this.search = searchSink(db, this.bundleId, this.firstLogId);
    this.templates = templateSink(db, this.bundleId, this.firstLogId, () => this.manifestHostname);
    // Until a manifest says when the bundle was collected, the archive's own time stands in for it.
    this.logContext = { artifactPath: '', collectedAtMs: source.mtimeMs, timezone: null, bootTimeMs: null };
  }

  async execute(): Promise<IngestResult> {
    this.checkpoints = walCheckpointer(this.db);
    this.keys.off();
    this.db.exec('BEGIN');
    const fatal = await this.phase('read entries', () => this.readEntries());
    await this.store.settle();
    await this.store.close();
    this.store.lines.flush();
    if (this.entries === 0) {
      throw new UnreadableInputError(this.file, fatal ?? this.whyNoFile());
    }
    // Every line is in: committed (the stage stays invisible) so the index worker reads the last ones
    // while the bundle is finished here.
    this.commit();
    this.keys.restore();
    this.db.exec('BEGIN');
    const lastLogId = this.store.lines.nextLogId - 1;
    this.search.committed(lastLogId);
    const layout = this.placeFiles();
    const timeSource = this.retimeLogs(layout);
    const facts = bundleFacts(this.db, this.bundleId, this.manifest, this.fallbackCollectedAt(), layout && {
      name: layout.layout.name,
      title: layout.layout.title,
      facts: layout.facts,
    }, { timeSource, links: this.links.size ? this.linkSummary : null });
    const guessedCount = this.db.prepare('SELECT count(*) FROM artifacts WHERE bundle_id = ? AND kind_guessed = 1').pluck().get(this.bundleId) as number;
    this.writeBundleRow(facts, guessedCount);
    this.releaseManifest();
    // Still invisible (state 'ingesting'): committed so that the rules' first pass reads it in a
    // transaction of its own, while the index worker finishes.
    this.commit();
    await this.findAndPublish(lastLogId);
    this.progress(true);
    await this.phase('log templates', () => this.saveTemplates(lastLogId));
    return {
      id: this.bundleId,
      node: facts.hostname,
      status: 'new',
      incomplete: this.errors.count > 0,
      errors: this.errors.list(),
      guessedCount,
    };
  }

  /**
   * Runs the rules (a first pass while the index worker finishes, then the rest) and publishes the
   * bundle. What the rules read (their view of the bundle) is dropped when this returns.
   */
  private async findAndPublish(lastLogId: number): Promise<void> {
    await this.phase('kubectl listings', () => this.listings.seed(this.db, this.bundleId));
    const begun = await this.phase('rules over the index so far', () => this.readTransaction(() => {
      const indexed = indexedTo(this.db, this.bundleId) ?? this.firstLogId - 1;
      return BUNDLE_FINISHERS.map((begin) => begin(this.db, this.bundleId, indexed));
    }));
    // Outside any transaction: a connection keeps the view of the index file its transaction began with.
    // Meanwhile this thread counts the log templates of the first lines (a large bundle's index lags).
    await this.phase('search index', async () => {
      const indexed = this.search.finish(lastLogId);
      await Promise.all([indexed, this.templates.countWhile(indexed, lastLogId)]);
    });
    this.db.exec('BEGIN');
    await this.phase('rules', () => begun.forEach((b) => b.finish()));
    this.db.prepare("UPDATE bundles SET state = 'ready', ingest_pid = NULL WHERE id = ?").run(this.bundleId);
    this.db.exec('COMMIT');
    this.published = true;
  }

  /** Gives the copying of the log back to the workspace's commits (after success or failure alike). */
  async stopCheckpoints(): Promise<void> {
    const checkpoints = this.checkpoints;
    this.checkpoints = null;
    await checkpoints?.close();
  }

  async abandon(): Promise<void> {
    await this.listings.close();
    await this.store.close();
    await this.templates.abandon();
    await this.search.abandon();
  }

  /**
   * After the bundle is published: its findings and lines are there for everyone, and the template
   * counts only spare a compare from counting the lines itself. So a cancel or a failure here keeps
   * the bundle, without stored counts.
   */
  private async saveTemplates(lastLogId: number): Promise<void> {
    const signal = this.options.signal;
    const cancel = () => void this.templates.abandon();
    if (signal?.aborted) return cancel();
    signal?.addEventListener('abort', cancel);
    try {
      const counts = await this.templates.finish(lastLogId);
      if (counts) saveTemplates(this.db, this.bundleId, counts);
    } catch {
      await this.templates.abandon();
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** Times a phase when NODESCOPE_TIMINGS is set (the benchmark reports where ingest time goes). */
  private async phase<T>(name: string, work: () => T | Promise<T>): Promise<T> {
    if (!process.env.NODESCOPE_TIMINGS) return work();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await work();
    const cpu = process.cpuUsage(cpu0);
    const mem = process.memoryUsage();
    const s = (us: number) => (us / 1e6).toFixed(2);
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    process.stderr.write(
      `timing: ${name} ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${s(cpu.user)} s user, ${s(cpu.system)} s sys, rss ${mb(mem.rss)} MB (this thread's heap ${mb(mem.heapUsed)} of ${mb(mem.heapTotal)} MB, external ${mb(mem.external)} MB)\n`,
    );
    return result;
  }

  /**
   * Reads every entry; returns the archive-level problem that stopped reading, if any. Damage found
   * by the archive reader (every entry before it was kept) is listed with the exact reason.
   */
  private async readEntries(): Promise<string | null> {
    let stopped: string | null = null;
    try {
      for await (const entry of this.source.entries()) {
        this.checkCancelled();
        await this.readEntry(entry);
        const bomb = this.bombCheck();
        if (bomb) {
          this.errors.push({ path: null, message: bomb });
          stopped = bomb;
          break;
        }
      }
    } catch (e) {
      if (e instanceof IngestCancelledError || e instanceof UnreadableInputError) throw e;
      const message = describeArchiveError(e, this.entries);
      this.errors.push({ path: this.currentPath, message });
      return message;
    }
    for (const p of this.source.problems()) {
      const where = this.entries === 0 ? 'before any file could be read' : `after ${this.entries} file${this.entries === 1 ? '' : 's'}`;
      const message = `${p.message} (${where})`;
      const named = p.path === null ? null : checkEntryPath(p.path);
      this.errors.push({ path: named?.ok ? this.place(named.path).path : null, message });
      stopped ??= message;
    }
    return stopped;
  }

  private async readEntry(entry: RawEntry, depth = 0): Promise<void> {
    if (entry.type === 'directory') return drain(entry);
    const checked = checkEntryPath(entry.name);
    if (!checked.ok) return this.refuse(entry, entry.name, checked.reason);
    if ((entry.type === 'symlink' || entry.type === 'link') && entry.linkTarget !== undefined) {
      // Resolved once every entry is in (a link may come before its target); never followed on disk.
      this.links.add(checked.path, entry.linkTarget, entry.type === 'link');
      return drain(entry);
    }
    const refusedType = refusedEntryType(entry.type);
    if (refusedType) return this.refuse(entry, checked.path, refusedType);
    if (this.seen.has(checked.path)) return this.refuse(entry, checked.path, 'duplicate entry name; the first one was kept');
    this.seen.add(checked.path);
    if (entry.mtimeMs && entry.mtimeMs > this.latestMtime) this.latestMtime = entry.mtimeMs;
    this.entries++;
    this.currentPath = checked.path;
    this.progress(true);
    if (isManifestPath(checked.path) && !this.manifest) return this.readManifest(entry, checked.path);
    if (isPackedName(checked.path)) {
      const reader = entry.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const head = await readHead(reader, 512);
      const body = replay(head, reader);
      const packing = looksLikeNestedArchive(checked.path, head.data);
      if (packing && depth < MAX_NESTING) return this.readNested(checked.path, nestedEntries(packing, body), body, depth);
      if (packing) {
        await this.readArtifact({ ...entry, body }, this.place(checked.path));
        this.errors.push(tooDeep(this.place(checked.path).path));
        return;
      }
      // What the manifest lists is read as it is: the collector says what each file is.
      const compression = this.place(checked.path).item ? null : compressedFilePacking(checked.path, head.data);
      if (compression) return this.readCompressedFile({ ...entry, name: checked.path, body }, compression, depth);
      return this.readArtifact({ ...entry, body }, this.place(checked.path));
    }
    const placed = this.place(checked.path);
    const { head, reader } = await headOf(entry);
    // A log compressed in place under its own name (kubelet.log holding gzip): read as the log it holds.
    const packing = placed.item || depth >= MAX_NESTING ? null : unnamedFilePacking(checked.path, head.data);
    if (packing && (await decodesToText(packing, head.data))) {
      return this.readCompressedFile({ ...entry, name: checked.path, body: reader ? replay(head, reader) : bodyOf(head.data) }, packing, depth);
    }
    await this.storeArtifact(entry, placed, head, reader);
  }

  /**
   * An archive inside the bundle: its entries are read as the bundle's own, under the archive's name
   * without its suffix ("nodes/node1.zip" → "nodes/node1/…"), within the same caps.
   */
  private async readNested(archivePath: string, entries: AsyncGenerator<RawEntry>, body: AsyncIterable<Buffer>, depth: number): Promise<void> {
    this.seen.delete(archivePath);
    this.entries--;
    const prefix = stripPackingSuffix(archivePath);
    let inner = 0;
    try {
      for await (const e of entries) {
        inner++;
        await this.readEntry({ ...e, name: `${prefix}/${e.name}`, linkTarget: e.type === 'link' && e.linkTarget ? `${prefix}/${e.linkTarget}` : e.linkTarget }, depth + 1);
        if (this.bombCheck()) break;
      }
    } catch (e) {
      if (e instanceof IngestCancelledError) throw e;
      this.errors.push({ path: archivePath, message: `archive inside the bundle could not be read ${inner ? `after ${inner} entries` : ''}: ${(e as Error).message}`.replace('  ', ' ') });
      for await (const _ of body) {
        // drain the rest of the outer entry
      }
    }
  }

  /**
   * A compressed file inside the bundle (a rotated log, syslog.2.gz): read as the file it holds, named
   * without its suffix ("var/log/syslog.2"), within the same caps; kept under its own name when the
   * bundle also has a file of that name. A compressed tar (hotsos packs folders as `logs.xz`) is read
   * as an archive, a gzip of binary data kept as it is. Damage is reported; the lines before it are kept.
   */
  private async readCompressedFile(entry: RawEntry, packing: StreamPacking, depth: number): Promise<void> {
    const opened = await openCompressedFile(packing, entry.body);
    if ('kept' in opened) return this.readArtifact({ ...entry, body: opened.kept }, this.place(entry.name));
    const { head, content } = await peekDecoded(opened.decoded, 512);
    const tar = looksLikeTar(head);
    if (tar && depth < MAX_NESTING) return this.readNested(entry.name, tarEntries(content), content, depth);
    const stripped = stripPackingSuffix(entry.name);
    const name = this.seen.has(stripped) ? entry.name : stripped;
    if (name !== entry.name) {
      this.seen.delete(entry.name);
      this.seen.add(name);
    }
    // Cut or damaged inside its compressed data: as incomplete as an entry the archive cuts.
    const complete = () => entry.complete() && (content.problem()?.kind ?? 'trailing') === 'trailing';
    await this.readArtifact({ ...entry, name, body: content, complete }, this.place(name));
    if (tar) this.errors.push(tooDeep(this.place(name).path));
    const problem = content.problem();
    if (problem && problem.kind !== 'trailing') {
      this.errors.push({ path: name, message: `${entry.name} is ${problem.kind === 'truncated' ? 'truncated' : 'damaged'}: ${problem.message.replace(/^archive is truncated: /, '')}; what came before was read` });
    }
  }

  private refuse(entry: RawEntry, name: string, reason: string): Promise<void> {
    this.errors.push({ path: name, message: reason });
    return drain(entry);
  }

  private async readManifest(entry: RawEntry, fullPath: string): Promise<void> {
    const { data, truncated } = await readCapped(entry, this.limits.maxManifestBytes);
    const placed = { path: fullPath, item: null };
    if (!truncated && !data.includes('nodescope-bundle')) {
      // Another tool's manifest.json (sos_reports/manifest.json in an extracted sosreport): an ordinary file.
      return this.readArtifact({ ...entry, body: bodyOf(data) }, this.place(fullPath));
    }
    try {
      if (truncated) throw new ManifestError(`manifest.json is larger than ${this.limits.maxManifestBytes} bytes`);
      this.manifest = parseManifest(data.toString('utf8'));
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      if (/newer than this nodescope/.test(e.message)) throw new UnreadableInputError(this.file, e.message);
      this.errors.push({ path: fullPath, message: `${e.message}; kinds were guessed instead` });
      await this.storeWhole(placed, 'manifest', data);
      return;
    }
    for (const p of originalProblemsOfManifest(data)) this.errors.push(p);
    this.manifestHostname = this.manifest.node.hostname;
    this.prefix = fullPath.slice(0, fullPath.length - 'manifest.json'.length);
    this.items = new Map(this.manifest.items.filter((i) => !i.skipped).map((i) => [i.path, i]));
    this.logContext = {
      artifactPath: '',
      collectedAtMs: Date.parse(this.manifest.collection.startedAt),
      timezone: this.manifest.node.timezone ?? null,
      bootTimeMs: null,
    };
    this.adoptEarlierArtifacts();
    await this.storeWhole({ path: 'manifest.json', item: null }, 'manifest', data);
  }

  /** Where an entry goes: relative to the manifest's folder, with its manifest item. */
  private place(fullPath: string): PlacedItem {
    if (this.manifest && this.prefix && fullPath.startsWith(this.prefix)) {
      const rel = fullPath.slice(this.prefix.length);
      return { path: rel, item: this.items.get(rel) ?? null };
    }
    return { path: fullPath, item: this.manifest && !this.prefix ? this.items.get(fullPath) ?? null : null };
  }

  private async readArtifact(entry: RawEntry, placed: PlacedItem): Promise<void> {
    const { head, reader } = await headOf(entry);
    return this.storeArtifact(entry, placed, head, reader);
  }

  /** Stores an entry whose head has been read: its kind told from the head, its lines indexed. */
  private async storeArtifact(entry: RawEntry, placed: PlacedItem, head: StreamHead, reader: AsyncIterator<Buffer> | null): Promise<void> {
    // The kind and the lines are told from the text a UTF-16 head holds.
    const utf16 = utf16Head(head.data);
    const textHead = utf16?.text ?? head.data;
    // Asked by the path's guess and by the line indexing: looked at once.
    let binary: boolean | undefined;
    const isBinaryHead = () => (binary ??= isBinary(textHead));
    const kind = this.kindOf(placed, textHead, isBinaryHead);
    const indexing = this.lineIndexing(placed.path, kind, textHead, isBinaryHead);
    const lines = indexing && utf16 ? { ...indexing, utf16: utf16.encoding } : indexing;
    const finalKind = lines?.format?.kind && !placed.item ? lines.format.kind : kind;
    const keep = ARTIFACT_INDEXERS.some((ix) => ix.kinds.includes(finalKind)) ? Infinity : this.listings.room(finalKind);
    // Content the head holds whole (most of a sosreport's files) has its row written once, when read;
    // a longer one's row goes in first, as its chunks and lines may be committed before it ends.
    const whole = head.done;
    const row = artifactRow(placed, finalKind);
    const artifactId = whole ? this.store.reserveId() : this.store.insertArtifact(row);
    if (lines && this.pendingTimed) this.timedLogs.add(artifactId, ...this.pendingTimed);
    this.pendingTimed = null;
    const writer = new ArtifactWriter(this.store, artifactId, lines, keep, whole ? row : null);
    let written = 0;
    let truncated = false;
    let pieces = 0;
    /** Counts a piece read; returns the part of it kept (null once the entry is past its cap). */
    const admit = (chunk: Buffer): Buffer | null => {
      pieces++;
      this.expanded += chunk.length;
      if (isAllZeros(chunk)) this.zeroBytes += chunk.length;
      if (truncated) return null;
      const room = this.limits.maxEntryBytes - written;
      if (chunk.length > room) truncated = true;
      const part = truncated ? chunk.subarray(0, room) : chunk;
      written += part.length;
      return part;
    };
    const take = async (chunk: Buffer): Promise<void> => {
      const part = admit(chunk);
      if (!part) return;
      await writer.push(part);
      // The head counts too: a bundle of small files (each read whole as its head) still commits, once
      // its row is in (no chunk or line is committed without the row it belongs to).
      if (!whole) this.maybeCommit(chunk.length);
    };
    try {
      if (whole && head.data.length < CHUNK_BYTES) {
        // Read whole, under a chunk (a /sys value): stored without a promise of its own.
        const part = head.data.length ? admit(head.data) : null;
        if (part) writer.add(part);
      } else if (head.data.length) {
        await take(head.data);
      }
      if (reader && !head.done) {
        for (let r = await reader.next(); !r.done; r = await reader.next()) {
          await take(r.value);
          this.progress(false);
          this.checkCancelled();
          if (this.bombCheck()) break;
        }
      }
    } catch (e) {
      await writer.settle();
      throw e;
    }
    const cut = !entry.complete();
    const damage = entry.damage?.() ?? null;
    // Content that came as one piece may be what one deflate stream inflated to: stored as that stream.
    const deflated = pieces === 1 && head.data.length ? deflatedStreamOf(head.data) : undefined;
    const done = await writer.finish(truncated || cut || damage !== null || placed.item?.truncated === true, deflated);
    if (whole && head.data.length) this.maybeCommit(head.data.length);
    if (truncated) {
      this.errors.push({ path: placed.path, message: `entry expands past ${this.limits.maxEntryBytes} bytes; only the first ${this.limits.maxEntryBytes} were kept` });
    }
    if (damage) this.errors.push({ path: placed.path, message: `${damage}; ${written ? `the ${written} bytes before it were read` : 'none of it was read'}` });
    if (done.content) {
      this.runIndexers(finalKind, artifactId, done.content);
      this.listings.offer(artifactId, finalKind, done.content);
    }
    this.checkDeclaredHash(placed, done.sha256);
    const partial = readsWhole(finalKind) ? listingReadNote(finalKind, done.bytes) : null;
    if (partial) this.errors.push({ path: placed.path, message: partial });
  }

  private kindOf(placed: PlacedItem, head: Buffer, binary: () => boolean): string {
    if (placed.item) return placed.item.kind;
    if (placed.path === 'manifest.json') return 'manifest';
    // A peer tool's layout first (sos_commands/kernel/uname_-a), then our path rules, then command names.
    const byPath = (this.manifest ? undefined : kindByLayout(placed.path)) ?? guessKindFromPath(placed.path) ?? kindOfCommandFile(placed.path);
    const kind = byPath && !(LOG_KINDS.has(byPath) && binary()) ? byPath : guessKindFromContent(head);
    // `journalctl -o json > kubelet.json`: a .json file that is a journal, one entry a line.
    if (kind === 'k8s-object' && journalJsonFormat.sniff(firstLineOf(head))) return 'journal-json';
    return kind;
  }

  private lineIndexing(artifactPath: string, kind: string, head: Buffer, binary: () => boolean): LineIndexing | null {
    if (!LOG_KINDS.has(kind) || binary()) return null;
    const headText = sniffedText(head, Math.min(head.length, 16384));
    const firstLines = headText.split('\n', 20);
    // A generic "log" or "text" (guessed from a path) may well be a journal export or klog file: sniff it.
    const named = kind === 'log' || kind === 'text' ? undefined : logFormatFor(kind);
    const format = named ?? sniffLogFormat(artifactPath, firstLines) ?? logFormatFor(kind) ?? null;
    const fallbackSource = path.posix.basename(artifactPath);
    // Stamps with their whole date are timed once, whatever is learnt later (a node's 100,000 pod logs).
    if (format?.fullStamps) return { format, context: { ...this.logContext, artifactPath }, fallbackSource };
    // A journal's banner says which years its year-less stamps belong to, whatever the archive's date…
    // …else dates with years on the first lines themselves (a syslog stamp before `time="2022-…"`).
    const banner = journalBannerEvidence(headText) ?? neighbourLinesEvidence(firstLines);
    if (banner) this.bannerEvidence++;
    const timing: LogContext = banner
      ? { ...this.logContext, collectedAtMs: banner.endMs ?? this.logContext.collectedAtMs, notBeforeMs: banner.endMs === undefined ? banner.beginMs : null }
      : this.logContext;
    if (format) this.pendingTimed = [format, timing, banner !== null];
    return { format, context: { ...timing, artifactPath }, fallbackSource };
  }

  private pendingTimed: [format: LogFormat, timing: LogContext, ownEvidence: boolean] | null = null;

  /**
   * Symbolic links become aliases of the entries they point to; the layout is recognised from every
   * path. Links a peer tool makes by design (sos's proc/self, etc/mtab) that point outside the bundle
   * are noted in the facts; in our own collector's bundles (which never hold links) and in bundles of
   * no known layout they are errors.
   */
  private linkSummary = '';

  /**
   * Checks the manifest's items and resolves links and the layout against one sorted list of the
   * bundle's paths, dropped once this returns (a node's 80,000 rotated logs: 10 MB of paths), as is
   * the set of entry names read, which only the reading needs.
   */
  private placeFiles(): RecognisedLayout | null {
    this.seen.clear();
    const files = new SortedPaths(this.db, this.bundleId);
    this.markMissingItems(files);
    if (!this.manifest) for (const p of originalProblemsOfPlainBundle(this.db, this.bundleId)) this.errors.push(p);
    return this.resolveLinksAndLayout(files);
  }

  private resolveLinksAndLayout(files: SortedPaths): RecognisedLayout | null {
    const outcomes = this.links.resolve((p) => files.isFile(p), (p) => files.isFolder(p));
    const aliases = new Map<string, string>();
    const insert = this.db.prepare('INSERT OR IGNORE INTO artifact_aliases (bundle_id, path, target) VALUES (?, ?, ?)');
    for (const o of outcomes) {
      if (o.kind !== 'alias') continue;
      insert.run(this.bundleId, o.path, o.target);
      if (files.isFile(o.target)) aliases.set(o.path, o.target);
    }
    const targets = new Map<string, string>();
    for (const o of outcomes) targets.set(o.path, o.target);
    this.linkSummary = describeLinks(outcomes);
    const layout = this.manifest ? null : recognise(bundleFiles(this.db, this.bundleId, files, aliases, targets));
    // A peer tool's links that lead out (sos's proc/self, etc/mtab) are by design: noted, not errors.
    if (!layout) for (const p of linkProblems(outcomes)) this.errors.push(p);
    return layout;
  }

  /**
   * Times again the logs read before the evidence that dates them arrived: the collection time a layout
   * found (sos's date, must-gather's timestamp) for year-less stamps, the boot time (proc/stat's btime)
   * for dmesg. Returns how the bundle's year-less stamps were dated, for the UI.
   */
  private retimeLogs(layout: RecognisedLayout | null): string {
    const collected = layout?.facts.collectedAt ?? null;
    const manifestAt = this.manifest ? Date.parse(this.manifest.collection.startedAt) : null;
    // The entries' own times (when the files were written on the node) before the archive file's.
    const archive = this.source.packing !== 'folder' && !this.source.packing.startsWith('file');
    const entriesMs = this.latestMtime > 0 && archive ? this.latestMtime : null;
    // Without a stated time, the files' times, unless the nodes' heartbeats say they are not the collection's.
    const stated = manifestAt ?? collected?.ms ?? null;
    const files = collectionTime(entriesMs ?? this.source.mtimeMs, layout?.facts.newestHeartbeat ?? null);
    if (stated === null && files.packedAgain) this.heartbeatCollectedAt = files.ms;
    const collectedAtMs = stated ?? files.ms;
    const timezone = this.manifest?.node.timezone ?? layout?.facts.timezone ?? null;
    const bootTimeMs = this.bootTime(manifestAt ?? collected?.ms ?? null);
    this.timedLogs.retime(this.db, { collectedAtMs, timezone, bootTimeMs });
    const own = this.bannerEvidence ? `; ${this.bannerEvidence.toLocaleString('en')} log file(s) dated by their own lines (a journal's "Logs begin at" banner, full dates on their first lines)` : '';
    if (manifestAt !== null) return `collection time in manifest.json${own}`;
    if (collected) return `${collected.from} (evidence inside the bundle)${own}`;
    if (files.packedAgain) return `${files.packedAgain}${own}`;
    if (entriesMs !== null) return `the newest modification time of the files inside the archive (no date found in them)${own}`;
    return `the ${this.source.packing === 'folder' ? "folder's files'" : this.source.packing.startsWith('file') ? "file's" : "archive's"} modification time (no evidence inside the bundle)${own}`;
  }

  /** Boot time from proc/stat's btime, else proc/uptime read at a known collection time. */
  private bootTime(collectedAtMs: number | null): number | null {
    const first = (kind: string): string | null => {
      const row = this.db
        .prepare('SELECT id FROM artifacts WHERE bundle_id = ? AND kind = ? ORDER BY length(path) LIMIT 1')
        .get(this.bundleId, kind) as { id: number } | undefined;
      return row ? readParsedText(this.db, row.id) : null;
    };
    const stat = first('proc-stat');
    const btime = stat === null ? null : bootTimeFromProcStat(stat);
    if (btime !== null) return btime;
    const uptime = collectedAtMs === null ? null : first('uptime');
    return uptime === null || collectedAtMs === null ? null : bootTimeFromUptime(uptime, collectedAtMs);
  }

  private async storeWhole(placed: PlacedItem, kind: string, data: Buffer): Promise<void> {
    const id = this.store.insertArtifact(artifactRow(placed, kind));
    const writer = new ArtifactWriter(this.store, id, null, 0);
    await writer.push(data);
    await writer.finish(false);
  }

  private runIndexers(kind: string, artifactId: number, content: Buffer): void {
    for (const ix of ARTIFACT_INDEXERS) {
      if (!ix.kinds.includes(kind)) continue;
      try {
        ix.index(this.db, this.bundleId, artifactId, content);
      } catch (e) {
        const p = this.pathOf(artifactId);
        this.errors.push({ path: p, message: `could not be parsed as ${kind}: ${(e as Error).message}` });
      }
    }
  }

  private checkDeclaredHash(placed: PlacedItem, sha256: string): void {
    const declared = placed.item?.sha256;
    if (declared && declared !== sha256) {
      this.errors.push({ path: placed.path, message: `sha256 differs from the manifest's (${declared.slice(0, 12)}…): the file changed after collection` });
    }
  }

  /** A manifest that came after some entries: move those under its folder and give them its kinds. */
  private adoptEarlierArtifacts(): void {
    if (!this.manifest) return;
    const rows = this.db.prepare('SELECT id, path, kind FROM artifacts WHERE bundle_id = ?').all(this.bundleId) as {
      id: number;
      path: string;
      kind: string;
    }[];
    const update = this.db.prepare('UPDATE artifacts SET path = ?, kind = ?, kind_guessed = ?, item_json = ? WHERE id = ?');
    for (const r of rows) {
      const placed = this.place(r.path);
      const kind = placed.item?.kind ?? r.kind;
      update.run(placed.path, kind, placed.item || kind === 'manifest' ? 0 : 1, placed.item ? JSON.stringify(placed.item) : null, r.id);
    }
  }

  private markMissingItems(files: SortedPaths): void {
    if (!this.manifest) return;
    for (const it of this.items.values()) {
      if (!files.isFile(it.path)) this.errors.push({ path: it.path, message: 'listed in manifest.json but not in the archive' });
    }
  }

  /**
   * Commits the stage every COMMIT_EVERY_BYTES, and tells the search sink (a worker thread reading the
   * committed lines into the index file) how far it may index.
   */
  private maybeCommit(bytes: number): void {
    this.bytesSinceCommit += bytes;
    if (this.bytesSinceCommit < COMMIT_EVERY_BYTES) return;
    this.bytesSinceCommit = 0;
    this.store.lines.flush();
    this.commit();
    this.db.exec('BEGIN');
    this.search.committed(this.store.lines.nextLogId - 1);
  }

  /** Commits what the ingest wrote; the log is copied into the database off this thread when it can be. */
  private commit(): void {
    this.db.exec('COMMIT');
    this.checkpoints?.committed();
  }

  /** Reads in one transaction: one view of the workspace and of the index file throughout. */
  private readTransaction<T>(read: () => T): T {
    this.db.exec('BEGIN');
    try {
      return read();
    } finally {
      this.db.exec('COMMIT');
    }
  }

  /**
   * Once the bundle row holds the manifest, the ingest reads no more of it: its items (a churning node's
   * 44,000, 10 MB of objects) would otherwise stay in memory through the rules, which read the row.
   */
  private releaseManifest(): void {
    this.manifest = null;
    this.items = new Map();
  }

  /** Everything the bundle row says but its state: the bundle is published once its findings are in. */
  private writeBundleRow(facts: Facts, guessedCount: number): void {
    const m = this.manifest;
    this.db
      .prepare(
        `UPDATE bundles SET node = ?, format = ?, format_version = ?, collected_at = ?, incomplete = ?,
           manifest_json = ?, errors_json = ?, guessed_count = ?, log_first = ?, log_last = ? WHERE id = ?`,
      )
      .run(
        facts.hostname,
        m ? 'manifest' : 'plain',
        m?.formatVersion ?? null,
        facts.collectedAt,
        this.errors.count > 0 ? 1 : 0,
        m ? JSON.stringify(m) : null,
        JSON.stringify(this.errors.list()),
        guessedCount,
        this.store.lines.nextLogId > this.firstLogId ? this.firstLogId : null,
        this.store.lines.nextLogId > this.firstLogId ? this.store.lines.nextLogId - 1 : null,
        this.bundleId,
      );
  }

  private fallbackCollectedAt(): string | null {
    if (this.heartbeatCollectedAt !== null) return new Date(this.heartbeatCollectedAt).toISOString();
    return this.latestMtime > 0 ? new Date(this.latestMtime).toISOString() : null;
  }

  /** Why a bundle yielded no file: its first problem (every entry refused, an archive inside it unread). */
  private whyNoFile(): string {
    const [first, ...rest] = this.errors.list();
    if (!first) return 'the archive holds no files';
    const more = rest.length ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
    return `no file in it could be read: ${first.path ? `${first.path}: ` : ''}${first.message}${more}`;
  }

  private pathOf(artifactId: number): string | null {
    const r = this.db.prepare('SELECT path FROM artifacts WHERE id = ?').get(artifactId) as { path: string } | undefined;
    return r?.path ?? null;
  }

  private bombCheck(): string | null {
    if (this.expanded > this.limits.maxTotalBytes) {
      return `stopped reading: the archive expands past ${this.limits.maxTotalBytes} bytes`;
    }
    const at = this.currentPath ? ` at ${this.currentPath}` : '';
    if (this.zeroBytes > this.limits.maxZeroBytes) {
      return `stopped reading${at}: more than ${this.limits.maxZeroBytes} bytes of zeros (the holes of a sparse file such as /var/log/lastlog, or a decompression bomb); the files before it were read`;
    }
    const read = this.source.bytesRead();
    const counted = this.expanded - this.zeroBytes;
    if (this.source.packing !== 'tar' && this.source.packing !== 'folder' && counted > this.limits.ratioFloorBytes && counted > read * this.limits.maxRatio) {
      return `stopped reading${at}: the archive expands more than ${this.limits.maxRatio}:1 (a decompression bomb?)`;
    }
    return null;
  }

  private checkCancelled(): void {
    if (this.options.signal?.aborted) throw new IngestCancelledError(this.file);
  }

  private progress(force: boolean): void {
    const cb = this.options.onProgress;
    if (!cb) return;
    const now = Date.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    cb({
      bytesRead: this.source.bytesRead(),
      totalBytes: this.source.sizeBytes,
      entries: this.entries,
      currentPath: this.currentPath,
      published: this.published ? this.bundleId : null,
    });
  }
}

function artifactRow(placed: PlacedItem, kind: string): NewArtifact {
  return {
    path: placed.path,
    kind,
    kindGuessed: placed.item === null && kind !== 'manifest',
    itemJson: placed.item ? JSON.stringify(placed.item) : null,
  };
}

/** Kinds a view or rule parses whole (logs are streamed into the index), profiles included. */
function readsWhole(kind: string): boolean {
  return !LOG_KINDS.has(kind) && kind !== 'binary' && kind !== 'manifest';
}

/**
 * An archive inside archives past MAX_NESTING: kept as the file it is, its files not read (a bound: a
 * tar.gz can hold itself), and said so.
 */
function tooDeep(archivePath: string): IngestError {
  return { path: archivePath, message: `an archive inside archives ${MAX_NESTING + 1} deep: kept as it is, its files were not read` };
}

function isManifestPath(p: string): boolean {
  return p === 'manifest.json' || /^[^/]+\/manifest\.json$/.test(p);
}

function bundleNameToNode(file: string): string {
  return stripPackingSuffix(path.basename(file));
}

async function* bodyOf(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

async function drain(entry: RawEntry): Promise<void> {
  for await (const _ of entry.body) {
    // discard
  }
}

async function readCapped(entry: RawEntry, cap: number): Promise<{ data: Buffer; truncated: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const c of entry.body) {
    const chunk = c as Buffer;
    if (size + chunk.length > cap) {
      truncated = true;
      continue;
    }
    parts.push(chunk);
    size += chunk.length;
  }
  return { data: Buffer.concat(parts), truncated };
}

function describeArchiveError(e: unknown, entries: number): string {
  const msg = (e as Error).message ?? String(e);
  const where = entries === 0 ? 'before any file could be read' : `after ${entries} entries`;
  if (/unexpected end of (file|data)/i.test(msg)) return `archive is truncated ${where}`;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || /incorrect header check|header flags|gzip/i.test(msg)) return `gzip data is corrupt ${where} (${msg})`;
  if (/invalid tar header|checksum/i.test(msg)) return `not a valid tar archive ${where} (${msg})`;
  return `archive could not be read ${where}: ${msg}`;
}

/** The first line of an entry's head (a JSON object can be long: up to the head's end), as a sniffer takes it. */
function firstLineOf(head: Buffer): string[] {
  const end = head.indexOf(10);
  return [head.toString('utf8', 0, end < 0 ? Math.min(head.length, 16384) : Math.min(end, 16384))];
}
