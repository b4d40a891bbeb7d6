/**
 * Worker-thread entry (no Electron here): ingests one bundle on its own workspace connection so the
 * app's main thread, which answers the window, never runs the parsers. Messages to the parent:
 * {type:'progress'|'done'|'error'}; from it: 'cancel'.
 */
// A cancel the ingest does not answer in time terminates this thread: its zlib handles are made inside the fence.
import './fence-this-thread';
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestProgress, IngestResult } from '../../../shared/api';
import { watchHeapGrowth } from '../heap';
import { ingestBundle } from '../ingest';
import { everyTenthSecond } from '../ingest/progress-pace';
import { openWorkspace } from '../store/workspace';

export interface IngestWorkerData {
  dbPath: string;
  bundlePath: string;
}

export type IngestWorkerMessage =
  | { type: 'progress'; progress: IngestProgress }
  | { type: 'done'; result: IngestResult }
  | { type: 'error'; message: string; cancelled: boolean };

async function run(port: NonNullable<typeof parentPort>, data: IngestWorkerData): Promise<void> {
  const abort = new AbortController();
  port.on('message', (m) => m === 'cancel' && abort.abort());
  const db = openWorkspace(data.dbPath);
  try {
    const result = await ingestBundle(db, data.bundlePath, {
      signal: abort.signal,
      // The window shows the latest report: the parent hears at most every tenth of a second.
      onProgress: everyTenthSecond((progress) => port.postMessage({ type: 'progress', progress } satisfies IngestWorkerMessage)),
    });
    port.postMessage({ type: 'done', result } satisfies IngestWorkerMessage);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e), cancelled: abort.signal.aborted } satisfies IngestWorkerMessage);
  } finally {
    db.close();
    port.close();
  }
}

if (parentPort) {
  watchHeapGrowth();
  void run(parentPort, workerData as IngestWorkerData);
}
