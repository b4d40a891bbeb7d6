/** Messages between the engine pool (main thread) and its workers. */

export interface EngineWorkerData {
  dbPath: string;
  /** Open the workspace as the app does at start (remove abandoned stages, re-diagnose stale bundles). */
  maintain: boolean;
  /** PDFs are printed by the parent (Electron prints with a window of its own). */
  remotePdf: boolean;
}

/** From the pool to a worker. */
export type ToWorker =
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'printed'; id: number; ok: true; data: Uint8Array }
  | { type: 'printed'; id: number; ok: false; error: string };

/** From a worker to the pool. */
export type FromWorker =
  /** The worker has opened the workspace and answers calls from now on. */
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; value: unknown }
  /**
   * badArguments: the caller's input was refused (ArgError); notFound: the workspace has no such bundle
   * or artifact (NotFoundError). Neither is the engine failing.
   */
  | { type: 'result'; id: number; ok: false; error: string; badArguments: boolean; notFound: boolean }
  | { type: 'print'; id: number; html: string };
