import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { indexedTo, SEARCH_SCHEMA, searchIndexFile } from '../store/search-index';
import { SEARCH_TEXT_FUNCTION } from '../store/search-text';
import type { Db } from '../store/workspace';

/** One batch of stored log lines, as the full-text index needs them. */
export interface SearchBatch {
  /** Line ids, ascending. */
  ids: Float64Array<ArrayBuffer>;
  /** Where each line's message starts (search-text.ts drops the clock times before it). */
  msgs: Int32Array<ArrayBuffer>;
  /** Index of each line's source in `sources`, -1 for none. */
  sourceOf: Int32Array<ArrayBuffer>;
  sources: string[];
  /** The lines' texts joined by "\n" (a stored line never holds one). */
  texts: string;
}

/**
 * Builds the full-text index of one ingest's lines while they are stored. With the compiled worker
 * script and a workspace file, a worker thread tokenizes them into the index file (store/search-index.ts)
 * on the second core; otherwise (tests from TypeScript sources, an in-memory workspace) the lines are
 * indexed on this connection from log_lines when the ingest finishes. Either way finish() returns when
 * every line is indexed.
 */
export interface SearchSink {
  add(batch: SearchBatch): void;
  /** A promise while the worker is more than MAX_QUEUED_CHARS behind (memory stays bounded), else null. */
  room(): Promise<void> | null;
  /** Indexes whatever is left up to `lastId` (the ingest's last line id). */
  finish(lastId: number): Promise<void>;
  /** Stops the worker without finishing (cancelled or failed ingest); its uncommitted rows are dropped. */
  abandon(): Promise<void>;
}

/** Text queued to the worker at most, in characters: about 16 MB of lines. */
const MAX_QUEUED_CHARS = 16 * 1024 * 1024;
const WORKER_SCRIPT = path.join(__dirname, 'search-worker.js');

export interface SearchWorkerData {
  file: string;
  bundleId: number;
}

export type FromSearchWorker = { type: 'ack'; chars: number } | { type: 'done'; indexedTo: number | null };

export function searchSink(db: Db, bundleId: number, firstId: number): SearchSink {
  const file = searchIndexFile(db.name);
  if (file !== ':memory:' && fs.existsSync(WORKER_SCRIPT)) return workerSink(db, bundleId, firstId, file);
  return inlineSink(db, bundleId, firstId);
}

/** Indexes lines [from, to] of the bundle on this connection, and marks them indexed. */
function indexOnThisConnection(db: Db, bundleId: number, from: number, to: number): void {
  if (to >= from) {
    db.prepare(
      `INSERT INTO ${SEARCH_SCHEMA}.log_fts (rowid, source, line) SELECT id, source, ${SEARCH_TEXT_FUNCTION}(text, msg) FROM main.log_lines WHERE id BETWEEN ? AND ?`,
    ).run(from, to);
  }
  db.prepare(`INSERT OR REPLACE INTO ${SEARCH_SCHEMA}.fts_progress (bundle_id, indexed_to) VALUES (?, ?)`).run(bundleId, Math.max(to, from - 1));
}

function inlineSink(db: Db, bundleId: number, firstId: number): SearchSink {
  return {
    add: () => {},
    room: () => null,
    finish: async (lastId) => indexOnThisConnection(db, bundleId, firstId, lastId),
    abandon: async () => {},
  };
}

function workerSink(db: Db, bundleId: number, firstId: number, file: string): SearchSink {
  const worker = new Worker(WORKER_SCRIPT, { workerData: { file, bundleId } satisfies SearchWorkerData, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  let failure: Error | null = null;
  let queued = 0;
  let waiting: (() => void) | null = null;
  let done: ((indexed: number | null) => void) | null = null;
  const wake = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  worker.on('message', (m: FromSearchWorker) => {
    if (m.type === 'ack') {
      queued -= m.chars;
      if (queued <= MAX_QUEUED_CHARS) wake();
    } else done?.(m.indexedTo);
  });
  worker.on('error', (e) => {
    failure = e;
    wake();
    done?.(null);
  });
  worker.on('exit', () => {
    failure ??= new Error('the search index worker stopped');
    wake();
    done?.(null);
  });
  return {
    add(batch) {
      if (failure) return;
      queued += batch.texts.length;
      worker.postMessage(batch, [batch.ids.buffer, batch.msgs.buffer, batch.sourceOf.buffer]);
    },
    room() {
      if (failure || queued <= MAX_QUEUED_CHARS) return null;
      return new Promise<void>((resolve) => (waiting = resolve));
    },
    async finish(lastId) {
      if (!failure) {
        await new Promise<number | null>((resolve) => {
          done = resolve;
          worker.postMessage('end');
        });
      }
      await worker.terminate();
      // A worker that failed left its last transaction uncommitted: what it did not index is indexed here.
      const indexed = indexedTo(db, bundleId);
      const from = indexed === null ? firstId : indexed + 1;
      if (from <= lastId || indexed === null) {
        db.prepare(`DELETE FROM ${SEARCH_SCHEMA}.log_fts WHERE rowid BETWEEN ? AND ?`).run(from, lastId);
        indexOnThisConnection(db, bundleId, from, lastId);
      }
    },
    async abandon() {
      await worker.terminate();
    },
  };
}
