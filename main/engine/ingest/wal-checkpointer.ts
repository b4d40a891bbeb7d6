import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHECKPOINT_BYTES } from '../store/wal';
import type { Db } from '../store/workspace';

/**
 * Copies a database's write-ahead log into the database on a thread of its own while an ingest writes
 * it: the workspace (written by the ingest's thread) and the search index file (by the index worker).
 * Left to SQLite, the copy runs in the commit that finds the log past its limit, on the writing thread.
 * On a must-gather's 93 MB that was 7-8% of the time to findings (3.50-3.58 s with it, 3.27-3.32 s
 * without); the index worker, which sets the findings' time on large bundles, spent 10% of its time
 * in them (2 M lines of the 1 GiB bench bundle: 5.5 s with them, 4.9 s without). Without the compiled worker script (tests from TypeScript
 * sources) or for an in-memory workspace, SQLite goes on copying at commits.
 */
export interface WalCheckpointer {
  /** A transaction of the ingest was committed: the log may be copied up to it. */
  committed(): void;
  /** Copies what is left, stops the thread and gives the copying back to the workspace's commits. */
  close(): Promise<void>;
}

const WORKER_SCRIPT = path.join(__dirname, 'checkpoint-worker.js');
/**
 * A log smaller than this is left as it is: a bundle whose writes fit is not copied during its ingest
 * at all, and the copy comes after its findings are published, when the connection closes (the CLI)
 * or at a later commit past SQLite's own limit. Copying from the first commits took CPU and disk from
 * the two threads that set the time to findings. Alternate runs, findings without against with:
 * Harvester 1.14-1.21 s against 1.23-1.36 (its whole CLI ingest unchanged, 1.95-2.07 s against
 * 1.92-2.00: the copy moved to the close), must-gather 2.09-2.23 against 2.31-2.48, hotsos 2.26-2.30
 * against 2.39-2.45, peaks 10-20 MB lower without the copying threads; the 1 GiB bench bundle, which
 * is copied as before once past it, unchanged. At SQLite's limit itself (64 MB) the Harvester bundle's
 * log (79 MB) was still copied, with no gain.
 */
export const YOUNG_LOG_BYTES = 2 * CHECKPOINT_BYTES;
/** Commits (the ingest's of 4 MB, the index worker's slices) between two copies by the thread: each copy syncs the log and the database. */
const COMMITS_PER_COPY = 2;
/**
 * Commits between two copies on the ingest's own connection, right after its commit. SQLite starts the
 * log again from its beginning only at a write that finds every frame copied, which a copy racing the
 * ingest's commits never leaves it: the log grew with the whole bundle (155 MB for a 93 MB must-gather).
 * The thread has copied most of it by then; this copies the last commits' frames.
 */
const COMMITS_PER_RESTART = 16;

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface CheckpointWorkerData {
  /** The database file whose log the thread copies. */
  database: string;
}
export type ToCheckpointWorker = { type: 'checkpoint' } | { type: 'end' };
export type FromCheckpointWorker = { type: 'ended' };

export function walCheckpointer(db: Db, youngLogBytes = YOUNG_LOG_BYTES): WalCheckpointer | null {
  if (db.memory || !fs.existsSync(WORKER_SCRIPT)) return null;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  let worker: Worker | null = null;
  let alive = true;
  let ended: (() => void) | null = null;
  const stop = (): boolean => {
    const was = alive;
    if (was) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    alive = false;
    return was;
  };
  // A thread that failed gives the copying back to the commits at once.
  const gone = () => {
    stop();
    ended?.();
  };
  /**
   * Started at the first copy: a bundle of a few MB commits too few times to need one, and a thread
   * costs it about 25 ms of CPU. Not unref'd: close() waits for its last copy, which nothing else may
   * keep this thread alive for.
   */
  const started = (): Worker => {
    if (worker) return worker;
    worker = new Worker(WORKER_SCRIPT, { workerData: { database: db.name } satisfies CheckpointWorkerData, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    worker.on('message', (m: FromCheckpointWorker) => m.type === 'ended' && ended?.());
    worker.on('error', gone);
    worker.on('exit', gone);
    return worker;
  };
  db.pragma('wal_autocheckpoint = 0');
  const log = `${db.name}-wal`;
  let young = true;
  let commits = 0;
  let restartDue = false;
  return {
    committed() {
      if (!alive) return;
      if (young && fileBytes(log) < youngLogBytes) return;
      young = false;
      commits++;
      if (restartDue || commits % COMMITS_PER_RESTART === 0) {
        const [r] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
        // Busy (the thread is copying) or held back by a reader: tried again at the next commit.
        restartDue = r.busy !== 0 || r.checkpointed < r.log;
      } else if (commits % COMMITS_PER_COPY === 0) {
        started().postMessage({ type: 'checkpoint' } satisfies ToCheckpointWorker);
      }
    },
    async close() {
      const running = worker;
      if (stop() && running) {
        await new Promise<void>((resolve) => {
          ended = resolve;
          running.postMessage({ type: 'end' } satisfies ToCheckpointWorker);
        });
      }
      await running?.terminate();
    },
  };
}

function fileBytes(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
