import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleIndexTable, createBundleIndex, indexedTo, SEARCH_SCHEMA, searchIndexFile } from '../store/search-index';
import { SEARCH_TEXT_SQL } from '../store/search-text';
import type { Db } from '../store/workspace';

/**
 * Builds the full-text index of one ingest's lines while the ingest goes on. With the compiled worker
 * script and a workspace file, a worker thread reads the lines the ingest has committed (its stage is
 * committed every few MB) and indexes them into the index file (store/search-index.ts) on its own
 * connection: the second core tokenizes while this thread parses and stores, and no line text crosses
 * threads. Otherwise (tests from TypeScript sources, an in-memory workspace) the lines are indexed on
 * this connection when the ingest finishes. Either way finish() returns when every line is indexed.
 */
export interface SearchSink {
  /** Lines up to this id are committed: the worker may index them. */
  committed(lastId: number): void;
  /** Indexes whatever is left up to `lastId` (every line committed by then, or on this connection). */
  finish(lastId: number): Promise<void>;
  /** Stops the worker without finishing (cancelled or failed ingest); its uncommitted rows are dropped. */
  abandon(): Promise<void>;
}

const WORKER_SCRIPT = path.join(__dirname, 'search-worker.js');

export interface SearchWorkerData {
  /** The workspace file (the worker reads its log lines) and the index file it writes. */
  workspace: string;
  index: string;
  bundleId: number;
  firstId: number;
}

export type ToSearchWorker = { type: 'committed'; lastId: number } | { type: 'end'; lastId: number };
export type FromSearchWorker = { type: 'done'; indexedTo: number | null };

export function searchSink(db: Db, bundleId: number, firstId: number): SearchSink {
  const index = searchIndexFile(db.name);
  if (index !== ':memory:' && fs.existsSync(WORKER_SCRIPT)) return workerSink(db, { workspace: db.name, index, bundleId, firstId });
  return inlineSink(db, bundleId, firstId);
}

/**
 * Indexes lines [from, to] of the bundle from the workspace's log_lines (schema `lines`) into its table
 * of the index (schema `index`; made by createBundleIndex), and marks them indexed. One statement: much faster than row by row from
 * JavaScript. The ingest's worker runs it on its own connection, the inline sink on the workspace's.
 */
export function indexLineRange(db: Db, schemas: { lines: string; index: string }, bundleId: number, from: number, to: number): void {
  const table = bundleIndexTable(bundleId);
  if (to >= from) {
    db.prepare(
      `INSERT INTO ${schemas.index}.${table} (rowid, source, line) SELECT id, source, ${SEARCH_TEXT_SQL} FROM ${schemas.lines}.log_lines WHERE id BETWEEN ? AND ?`,
    ).run(from, to);
  }
  markIndexed(db, schemas.index, bundleId, Math.max(to, from - 1));
}

/** The bundle's lines are indexed up to this id (in the index's schema `index`). */
export function markIndexed(db: Db, index: string, bundleId: number, to: number): void {
  db.prepare(`INSERT OR REPLACE INTO ${index}.fts_progress (bundle_id, indexed_to) VALUES (?, ?)`).run(bundleId, to);
}

const ON_WORKSPACE = { lines: 'main', index: SEARCH_SCHEMA };

function inlineSink(db: Db, bundleId: number, firstId: number): SearchSink {
  return {
    committed: () => {},
    finish: async (lastId) => {
      createBundleIndex(db, SEARCH_SCHEMA, bundleId, true);
      indexLineRange(db, ON_WORKSPACE, bundleId, firstId, lastId);
    },
    abandon: async () => {},
  };
}

function workerSink(db: Db, data: SearchWorkerData): SearchSink {
  const worker = new Worker(WORKER_SCRIPT, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  let failed = false;
  let done: (() => void) | null = null;
  const stop = () => {
    failed = true;
    done?.();
  };
  worker.on('message', (m: FromSearchWorker) => m.type === 'done' && done?.());
  worker.on('error', stop);
  worker.on('exit', stop);
  return {
    committed(lastId) {
      if (!failed) worker.postMessage({ type: 'committed', lastId } satisfies ToSearchWorker);
    },
    async finish(lastId) {
      if (!failed) {
        await new Promise<void>((resolve) => {
          done = resolve;
          worker.postMessage({ type: 'end', lastId } satisfies ToSearchWorker);
        });
      }
      await worker.terminate();
      // A worker that failed left its last transaction uncommitted: what it did not index is indexed here.
      const indexed = indexedTo(db, data.bundleId);
      const from = indexed === null ? data.firstId : indexed + 1;
      // Its rows and progress mark were committed together: none lies past the mark.
      if (from <= lastId || indexed === null) {
        createBundleIndex(db, SEARCH_SCHEMA, data.bundleId, indexed === null);
        indexLineRange(db, ON_WORKSPACE, data.bundleId, from, lastId);
      }
    },
    async abandon() {
      await worker.terminate();
    },
  };
}
