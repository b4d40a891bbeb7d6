import type { IngestProgress, IngestResult } from './bundles';
import { arity, int, str, type ArgValidators } from './args';

/**
 * Ingest from the UI: File > Open, drag and drop, the command line. Ingest is long, so it runs as a job
 * the UI polls (the same over IPC and HTTP, no event channel needed) and can cancel.
 */

export type IngestJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface IngestJob {
  id: number;
  /** The file or folder being ingested, as given. */
  path: string;
  state: IngestJobState;
  progress: IngestProgress;
  result: IngestResult | null;
  /** Why it failed (the file cannot be read, not a bundle, ...). */
  error: string | null;
  startedAt: string;
}

export interface IngestApi {
  /** Starts ingesting a bundle file or folder on the machine that runs the engine. */
  startIngest(path: string): Promise<IngestJob>;
  /** Running jobs and those finished in this session, newest first. */
  ingestJobs(): Promise<IngestJob[]>;
  cancelIngest(job: number): Promise<void>;
}

export const ingestArgs: ArgValidators<IngestApi> = {
  startIngest: (a) => (arity(a, 1, 1), [str(a[0], 'bundle path')]),
  ingestJobs: (a) => (arity(a, 0, 0), []),
  cancelIngest: (a) => (arity(a, 1, 1), [int(a[0], 'job id', 1)]),
};

/** Runs one ingest; resolves with its result, rejects on failure or when `signal` aborts. */
export type IngestRunner = (
  path: string,
  onProgress: (p: IngestProgress) => void,
  signal: AbortSignal,
) => Promise<IngestResult>;

const KEPT_FINISHED = 20;

/**
 * The jobs of one app or server run. Pure (no Node, no DOM): the adapters give it the runner that
 * does the work (a worker thread in Electron, the engine in-process in browser mode).
 */
export class IngestJobs implements IngestApi {
  private readonly jobs = new Map<number, { job: IngestJob; abort: AbortController }>();
  private nextId = 1;

  constructor(
    private readonly run: IngestRunner,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async startIngest(path: string): Promise<IngestJob> {
    const abort = new AbortController();
    const job: IngestJob = {
      id: this.nextId++,
      path,
      state: 'running',
      progress: { bytesRead: 0, totalBytes: 0, entries: 0, currentPath: null, published: null },
      result: null,
      error: null,
      startedAt: this.now().toISOString(),
    };
    this.jobs.set(job.id, { job, abort });
    this.forgetOldFinished();
    this.run(path, (p) => (job.progress = { ...p }), abort.signal).then(
      (result) => this.finish(job, abort, 'done', result, null),
      (e: unknown) => this.finish(job, abort, 'failed', null, e instanceof Error ? e.message : String(e)),
    );
    return { ...job };
  }

  async ingestJobs(): Promise<IngestJob[]> {
    return [...this.jobs.values()].map((j) => ({ ...j.job })).reverse();
  }

  async cancelIngest(id: number): Promise<void> {
    this.jobs.get(id)?.abort.abort();
  }

  /** Resolves when every running job has finished (for shutdown and tests). */
  async settled(): Promise<void> {
    while ([...this.jobs.values()].some((j) => j.job.state === 'running')) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private finish(job: IngestJob, abort: AbortController, state: IngestJobState, result: IngestResult | null, error: string | null): void {
    job.state = abort.signal.aborted && state === 'failed' ? 'cancelled' : state;
    job.result = result;
    job.error = job.state === 'cancelled' ? 'cancelled' : error;
  }

  private forgetOldFinished(): void {
    const finished = [...this.jobs.values()].filter((j) => j.job.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) this.jobs.delete(j.job.id);
  }
}
