/**
 * How much the write-ahead log holds before SQLite copies it into the database (at a commit). Its
 * default, 1000 pages, copied and synced at nearly every 4 MB commit of an ingest: 64 MB does it a
 * sixteenth as often for the same bytes, and bounds the log. Once larger (one long transaction: the
 * search index's merges), the log file is cut back to this size when it starts again.
 */
export const CHECKPOINT_BYTES = 64 * 1024 * 1024;
