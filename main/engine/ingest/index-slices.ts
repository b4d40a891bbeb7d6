import type Database from 'better-sqlite3';
import { createBundleIndex } from '../store/search-index';
import { SEARCH_TEXT_SQL } from '../store/search-text';
import { markIndexed } from './search-sink';

/**
 * Lines indexed per transaction of the index. Each slice is first copied, with its searchable text,
 * into a temporary table by one statement of its own: the workspace is read only for that moment
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
 * Pages of the temporary table kept in memory (KiB): a slice of ordinary lines (16 MB for 65,536 lines
 * of 250 bytes) stays in them. With SQLite's default for temporary tables such a slice was written to a
 * temporary file and read back: for a 1 GiB bundle 1.3 GB more written, and its index took 53 s to
 * build instead of 46 s. A slice of long lines still spills, so memory stays bounded.
 */
const SLICE_CACHE_KIB = 32 * 1024;

/**
 * Indexes a bundle's lines slice by slice into its own table, on the index worker's connection: the
 * index file is its main schema and the workspace is attached as `ws`.
 */
export class SliceIndexer {
  private readonly copy: Database.Statement;
  private readonly index: Database.Statement;
  private readonly clear: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly bundleId: number,
  ) {
    db.exec('CREATE TEMP TABLE slice (id INTEGER PRIMARY KEY, source TEXT, line TEXT)');
    db.pragma(`temp.cache_size = -${SLICE_CACHE_KIB}`);
    this.copy = db.prepare(`INSERT INTO temp.slice SELECT id, source, ${SEARCH_TEXT_SQL} FROM ws.log_lines WHERE id BETWEEN ? AND ?`);
    // The bundle's own table, new: one a deleted bundle of the same id left is dropped.
    const table = createBundleIndex(db, 'main', bundleId, true);
    this.index = db.prepare(`INSERT INTO main.${table} (rowid, source, line) SELECT id, source, line FROM temp.slice`);
    this.clear = db.prepare('DELETE FROM temp.slice');
  }

  /** Indexes lines [from, to] (at most SLICE_LINES) in one transaction with the bundle's progress mark. */
  indexSlice(from: number, to: number): void {
    this.copySlice(from, to);
    this.db.transaction(() => {
      this.index.run();
      this.clear.run();
      markIndexed(this.db, 'main', this.bundleId, to);
    })();
  }

  /** Copies lines [from, to] and their searchable text out of the workspace, in one short read. */
  copySlice(from: number, to: number): void {
    this.copy.run(from, to);
  }
}
