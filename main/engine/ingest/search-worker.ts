import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { nativeBindingPath } from '../store/native';
import { prepareSearchConnection } from '../store/search-index';
import { registerSearchText } from '../store/search-text';
import { SliceIndexer } from './index-slices';
import { walCheckpointer } from './wal-checkpointer';
import type { FromSearchWorker, SearchWorkerData, ToSearchWorker } from './search-sink';

/**
 * Worker thread of search-sink.ts: on its own connection to the index file, with the workspace
 * attached (read only), indexes the lines the ingest says are committed, a slice at a time, each in
 * one transaction with the bundle's progress mark; on "end" indexes the rest and answers.
 */
const { workspace, index, bundleId, firstId } = workerData as SearchWorkerData;
const binding = nativeBindingPath();
const db = new Database(index, binding ? { nativeBinding: binding } : {});
prepareSearchConnection(db);
registerSearchText(db);
db.prepare('ATTACH DATABASE ? AS ws').run(workspace);
let next = firstId;

const slices = new SliceIndexer(db, bundleId);
/** The index file's log is copied on a thread of its own, not in this thread's commits. */
const checkpoints = walCheckpointer(db);

function indexUpTo(lastId: number): void {
  while (next <= lastId) {
    const to = slices.indexFrom(next, lastId);
    checkpoints?.committed();
    next = to + 1;
  }
}

/**
 * Messages only move the target; the indexing runs once the messages waiting have been read. A worker
 * that lags behind the ingest thus indexes all that was committed meanwhile in one transaction: fewer,
 * larger index segments to write and merge than one per commit.
 */
let target = 0;
let ending = false;
let scheduled = false;

function indexToTarget(): void {
  scheduled = false;
  indexUpTo(target);
  if (!ending) return;
  const done = () => parentPort?.postMessage({ type: 'done', indexedTo: next - 1 } satisfies FromSearchWorker);
  // The log's last copy is waited for: the index is then as SQLite would have left it.
  void (checkpoints ? checkpoints.close() : Promise.resolve()).finally(done);
}

parentPort?.on('message', (m: ToSearchWorker) => {
  target = Math.max(target, m.lastId);
  if (m.type === 'end') ending = true;
  if (!scheduled) {
    scheduled = true;
    setImmediate(indexToTarget);
  }
});
