import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { nativeBindingPath } from '../store/native';
import { prepareSearchConnection } from '../store/search-index';
import { searchText } from '../store/search-text';
import type { FromSearchWorker, SearchBatch, SearchWorkerData } from './search-sink';

/**
 * Worker thread of search-sink.ts: writes the batches it is sent into the index file, on its own
 * connection, committing every COMMIT_ROWS lines with the bundle's progress mark; on "end" commits
 * the rest and answers how far the bundle is indexed.
 */
const COMMIT_ROWS = 256 * 1024;
const { file, bundleId } = workerData as SearchWorkerData;
const binding = nativeBindingPath();
const db = new Database(file, binding ? { nativeBinding: binding } : {});
prepareSearchConnection(db);
const insert = db.prepare('INSERT INTO log_fts (rowid, source, line) VALUES (?, ?, ?)');
const progress = db.prepare('INSERT OR REPLACE INTO fts_progress (bundle_id, indexed_to) VALUES (?, ?)');
let inTransaction = false;
let rows = 0;
let last: number | null = null;

function commit(): void {
  if (!inTransaction) return;
  if (last !== null) progress.run(bundleId, last);
  db.exec('COMMIT');
  inTransaction = false;
  rows = 0;
}

function add(batch: SearchBatch): void {
  if (!inTransaction) {
    db.exec('BEGIN');
    inTransaction = true;
  }
  const texts = batch.texts.split('\n');
  for (let i = 0; i < texts.length; i++) {
    const s = batch.sourceOf[i];
    insert.run(batch.ids[i], s < 0 ? null : batch.sources[s], searchText(texts[i], batch.msgs[i]));
  }
  if (texts.length) last = batch.ids[texts.length - 1];
  rows += texts.length;
  if (rows >= COMMIT_ROWS) commit();
}

parentPort?.on('message', (message: SearchBatch | 'end') => {
  if (message !== 'end') {
    add(message);
    parentPort?.postMessage({ type: 'ack', chars: message.texts.length } satisfies FromSearchWorker);
    return;
  }
  commit();
  parentPort?.postMessage({ type: 'done', indexedTo: last } satisfies FromSearchWorker);
});
