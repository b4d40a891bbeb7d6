import type Database from 'better-sqlite3';
import { createBundleIndex } from '../store/search-index';
import { SEARCH_TEXT_SQL } from '../store/search-text';
import { markIndexed } from './search-sink';

/**
 * Lines indexed per transaction of the index, at most. Each slice is first copied, with its searchable
 * text, into a temporary table by statements of their own: the workspace is read only for those moments
 * (a sixth of the slice's time). A reader that held its snapshot of the workspace for a whole range
 * kept SQLite from ever starting the workspace's write-ahead log again, which then grew with the whole
 * bundle (1.7 GB for a 1.1 GB bundle).
 * Each transaction ends in at least one index segment, and every phrase looked up reads every segment:
 * at 16,384 lines a slice, the hotsos sosreport's index had 54 segments, at 65,536 it has 18, and the
 * same 20 phrase lookups (the rules make about 160) took 6.2 ms instead of 12.1. A must-gather's
 * findings came 0.14 s sooner on average over 3 alternate runs, the sosreport's 0.05 s.
 */
export const SLICE_LINES = 65536;

/**
 * Pages of the temporary table kept in memory (KiB). A slice that outgrows them is written to a
 * temporary file and read back, whole: for a 1 GiB bundle (at SQLite's default for temporary tables)
 * 1.3 GB more written, and its index took 53 s to build instead of 46 s. SQLite starts writing once
 * about 88% of them hold pages. So a slice takes lines only while they fill at most SLICE_FILL of them,
 * COPY_STEP_LINES at a time: 65,536 lines of the bench's foundation (6.4 MB of pages) or of the
 * Harvester bundle's logs (9.3 MB), 32,768 of the test's 300-byte kubelet lines. At 32 MiB, and slices
 * of 65,536 lines whatever their size, a churning node's slices (pod logs with 50 KB JSON lines) filled
 * them all.
 */
const SLICE_CACHE_KIB = 16 * 1024;
/** The part of the slice's cache a slice may fill before one more step: a step of 300-byte lines fits the rest. */
const SLICE_FILL = 0.7;
/** Lines copied by one statement, until the slice is full. */
const COPY_STEP_LINES = 4096;

/**
 * Page caches of the worker's two files (KiB). SQLite as better-sqlite3 builds it gives each schema of a
 * connection 16 MB, which the worker filled with pages it never reads again: each committed line is
 * read once from the workspace, and the index is appended to. Their 32 MB were a third of the worker's
 * memory (a churning node's 300 MB: 72 MB over the process's start with the defaults, 46 MB with these),
 * for the same build time (1 GiB bundle: 17.3 s against 17.2-17.9 s).
 */
const WORKSPACE_CACHE_KIB = 2 * 1024;
const INDEX_CACHE_KIB = 4 * 1024;

/**
 * Indexes a bundle's lines slice by slice into its own table, on the index worker's connection: the
 * index file is its main schema and the workspace is attached as `ws`.
 */
export class SliceIndexer {
  private readonly copy: Database.Statement;
  private readonly index: Database.Statement;
  private readonly clear: Database.Statement;
  private readonly tempPageBytes: number;

  constructor(
    private readonly db: Database.Database,
    private readonly bundleId: number,
  ) {
    db.exec('CREATE TEMP TABLE slice (id INTEGER PRIMARY KEY, source TEXT, line TEXT)');
    db.pragma(`temp.cache_size = -${SLICE_CACHE_KIB}`);
    db.pragma(`ws.cache_size = -${WORKSPACE_CACHE_KIB}`);
    db.pragma(`main.cache_size = -${INDEX_CACHE_KIB}`);
    this.copy = db.prepare(`INSERT INTO temp.slice SELECT id, source, ${SEARCH_TEXT_SQL} FROM ws.log_lines WHERE id BETWEEN ? AND ?`);
    // The bundle's own table, new: one a deleted bundle of the same id left is dropped.
    const table = createBundleIndex(db, 'main', bundleId, true);
    this.index = db.prepare(`INSERT INTO main.${table} (rowid, source, line) SELECT id, source, line FROM temp.slice`);
    this.clear = db.prepare('DELETE FROM temp.slice');
    this.tempPageBytes = db.pragma('temp.page_size', { simple: true }) as number;
  }

  /**
   * Indexes the lines from `from` on, up to `last` at most, as one slice: as many as fit its cache, up to
   * SLICE_LINES. Returns the id of the last line indexed.
   */
  indexFrom(from: number, last: number): number {
    const to = this.copyFitting(from, Math.min(last, from + SLICE_LINES - 1));
    this.indexCopied(to);
    return to;
  }

  /** Indexes lines [from, to] as one slice, whatever their size. */
  indexSlice(from: number, to: number): void {
    this.copySlice(from, to);
    this.indexCopied(to);
  }

  /** Copies lines [from, to] and their searchable text out of the workspace, in one short read. */
  copySlice(from: number, to: number): void {
    this.copy.run(from, to);
  }

  /** Copies lines from `from` on, a step at a time, until the slice's cache is full or `max` is copied; returns the last id copied. */
  copyFitting(from: number, max: number): number {
    let to = from - 1;
    do {
      const end = Math.min(max, to + COPY_STEP_LINES);
      this.copySlice(to + 1, end);
      to = end;
    } while (to < max && this.copiedBytes() < SLICE_FILL * SLICE_CACHE_KIB * 1024);
    return to;
  }

  /** Bytes of the temporary table's pages that hold the slice (the others are free, left by the last slice). */
  private copiedBytes(): number {
    const pages = (this.db.pragma('temp.page_count', { simple: true }) as number) - (this.db.pragma('temp.freelist_count', { simple: true }) as number);
    return pages * this.tempPageBytes;
  }

  /** Indexes the copied slice, whose last line is `to`, in one transaction with the bundle's progress mark. */
  private indexCopied(to: number): void {
    this.db.transaction(() => {
      this.index.run();
      this.clear.run();
      markIndexed(this.db, 'main', this.bundleId, to);
    })();
  }
}
