import type { IngestResult } from '../../../shared/api';
import type { IngestRunner } from '../../../shared/api/ingest';
import type { IngestWorkerData, IngestWorkerMessage } from './ingest-worker';
import { startFencedWorker, terminateFenced } from './zlib-fence';

const CANCEL_GRACE_MS = 5000;

/** Runs each ingest in a worker thread (the compiled ingest-worker.js) over the same workspace file. */
export function workerIngestRunner(workerFile: string, dbPath: string): IngestRunner {
  return (bundlePath, onProgress, signal) =>
    new Promise<IngestResult>((resolve, reject) => {
      const worker = startFencedWorker(workerFile, { dbPath, bundlePath } satisfies IngestWorkerData);
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        fn();
      };
      signal.addEventListener('abort', () => {
        worker.postMessage('cancel');
        // The ingest is one transaction: killing the thread leaves the workspace as it was.
        setTimeout(() => void terminateFenced(worker), CANCEL_GRACE_MS).unref();
      });
      worker.on('message', (m: IngestWorkerMessage) => {
        if (m.type === 'progress') onProgress(m.progress);
        else if (m.type === 'done') settle(() => resolve(m.result));
        else settle(() => reject(new Error(m.message)));
      });
      worker.on('error', (e) => settle(() => reject(e)));
      worker.on('exit', (code) => settle(() => reject(new Error(signal.aborted ? 'cancelled' : `ingest worker stopped (exit ${code})`))));
    });
}
