import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { nativeBindingPath } from '../store/native';
import type { CheckpointWorkerData, FromCheckpointWorker, ToCheckpointWorker } from './wal-checkpointer';

/**
 * Worker thread of wal-checkpointer.ts: on its own connection to the database (the workspace or the
 * search index file), copies the log into the database when asked. PASSIVE: it copies what no reader
 * still needs and never waits for the writer.
 */
const { database } = workerData as CheckpointWorkerData;
const binding = nativeBindingPath();
const db = new Database(database, { fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
db.pragma('wal_autocheckpoint = 0');

let scheduled = false;
let ending = false;

/** Requests waiting are served by one copy: it goes as far as the last commit anyway. */
function copy(): void {
  scheduled = false;
  db.pragma('wal_checkpoint(PASSIVE)');
  if (ending) {
    db.close();
    parentPort?.postMessage({ type: 'ended' } satisfies FromCheckpointWorker);
  }
}

parentPort?.on('message', (m: ToCheckpointWorker) => {
  if (m.type === 'end') ending = true;
  if (!scheduled) {
    scheduled = true;
    setImmediate(copy);
  }
});
