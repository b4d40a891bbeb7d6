import type { Worker } from 'node:worker_threads';
import { API_METHODS, type ApiMethod, type NodescopeApi } from '../../../shared/api';
import { ArgError } from '../../../shared/api/args';
import { NotFoundError } from '../library/api';
import type { PdfPrinter } from '../report/pdf';
import type { EngineWorkerData, FromWorker, ToWorker } from './protocol';
import { startFencedWorker, terminateFenced } from './zlib-fence';

/**
 * Calls that read a few rows: they have a worker of their own, so a heavy call (a goroutine decode,
 * a search, a compare, a report) never delays the bundle list or a page change.
 */
export const LIGHT_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'listBundles', 'getBundle', 'listArtifacts', 'readArtifact', 'findings', 'rules', 'logSources', 'listProfiles', 'reportDraft',
]);

export class CallCancelledError extends Error {
  constructor(method: string) {
    super(`${method}: cancelled`);
  }
}

export interface EnginePoolOptions {
  /** The compiled engine-worker.js (see workerFile()). */
  workerFile: string;
  dbPath: string;
  /** Workers for heavy calls (default 2: this machine class has 2 cores). */
  heavyWorkers?: number;
  /** Prints report PDFs for the workers (Electron: a hidden window of the app). */
  pdf?: PdfPrinter;
  /** The first worker opens the workspace as the app does at start (stale bundles re-diagnosed off the main thread). */
  maintain?: boolean;
}

interface Job {
  id: number;
  method: string;
  args: unknown[];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/**
 * A small pool of worker threads over the engine, each with its own workspace connection (WAL: readers
 * do not block each other). Calls queue per lane (light, heavy); a call whose signal aborts is dropped
 * from the queue, or its worker is terminated and replaced when it already runs (a synchronous query
 * cannot be interrupted otherwise). The thread that owns the pool only posts messages.
 */
export class EnginePool {
  private readonly light: Lane;
  private readonly heavy: Lane;
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: EnginePoolOptions) {
    let maintain = options.maintain ?? false;
    const spawn = (lane: 'light' | 'heavy'): Worker => {
      // Maintenance (re-diagnosing stale bundles) may take a while: never on the light lane's worker.
      const data: EngineWorkerData = { dbPath: options.dbPath, maintain: lane === 'heavy' && maintain, remotePdf: options.pdf !== undefined };
      if (lane === 'heavy') maintain = false;
      return startFencedWorker(options.workerFile, data);
    };
    const onPrint = (w: Worker, m: Extract<FromWorker, { type: 'print' }>): void => this.onPrint(w, m);
    this.light = new Lane(() => spawn('light'), 1, onPrint);
    this.heavy = new Lane(() => spawn('heavy'), options.heavyWorkers ?? 2, onPrint);
    // The light worker starts alone: on two cores, three workers loading the engine at once would make
    // the window's first bundle list wait for all three. The heavy ones follow once it is ready (or at
    // the first heavy call, whichever comes first).
    this.light.open();
    this.light.whenReady(() => this.heavy.open());
  }

  call(method: string, args: unknown[], signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${method}: the workspace is closed`));
    if (signal?.aborted) return Promise.reject(new CallCancelledError(method));
    return new Promise((resolve, reject) => {
      const job: Job = { id: ++this.nextId, method, args, resolve, reject, signal };
      const lane = LIGHT_METHODS.has(method as ApiMethod) ? this.light : this.heavy;
      lane.open();
      lane.submit(job);
    });
  }

  /** Calls queued or running, per lane (for tests and the bench). */
  load(): { light: number; heavy: number } {
    return { light: this.light.load(), heavy: this.heavy.load() };
  }

  /** Workers started, per lane (for tests). */
  started(): { light: number; heavy: number } {
    return { light: this.light.started(), heavy: this.heavy.started() };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.light.close(), this.heavy.close()]);
  }

  private onPrint(worker: Worker, m: Extract<FromWorker, { type: 'print' }>): void {
    const pdf = this.options.pdf;
    const reply = (msg: ToWorker): void => worker.postMessage(msg);
    if (!pdf) return reply({ type: 'printed', id: m.id, ok: false, error: 'no PDF printer' });
    pdf.print(m.html).then(
      (data) => reply({ type: 'printed', id: m.id, ok: true, data: new Uint8Array(data) }),
      (e: unknown) => reply({ type: 'printed', id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  }
}

class Lane {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closing = false;
  private ready = false;
  private readonly onReady: (() => void)[] = [];

  constructor(
    private readonly spawn: () => Worker,
    private readonly size: number,
    private readonly onPrint: (w: Worker, m: Extract<FromWorker, { type: 'print' }>) => void,
  ) {}

  /** Starts the lane's workers (once). */
  open(): void {
    if (this.slots.length > 0 || this.closing) return;
    for (let i = 0; i < Math.max(1, this.size); i++) this.slots.push(this.start());
  }

  /** Runs `f` once the lane's first worker has opened the workspace. */
  whenReady(f: () => void): void {
    if (this.ready) f();
    else this.onReady.push(f);
  }

  submit(job: Job): void {
    if (job.signal) {
      job.onAbort = () => this.abort(job);
      job.signal.addEventListener('abort', job.onAbort, { once: true });
    }
    this.queue.push(job);
    this.pump();
  }

  started(): number {
    return this.slots.length;
  }

  load(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const j of this.queue.splice(0)) this.settle(j, () => j.reject(new Error(`${j.method}: the workspace is closed`)));
    await Promise.all(this.slots.map((s) => terminateFenced(s.worker)));
  }

  private start(): Slot {
    const slot: Slot = { worker: this.spawn(), job: null };
    this.watch(slot);
    return slot;
  }

  private watch(slot: Slot): void {
    const w = slot.worker;
    w.on('message', (m: FromWorker) => {
      if (m.type === 'print') return this.onPrint(w, m);
      if (m.type === 'ready') return this.markReady();
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = null;
      this.settle(job, () => (m.ok ? job.resolve(m.value) : job.reject(refusal(m))));
      this.pump();
    });
    const died = (why: string): void => {
      if (slot.worker !== w || this.closing) return;
      const job = slot.job;
      slot.job = null;
      if (job) this.settle(job, () => job.reject(new Error(`${job.method}: the engine worker stopped (${why})`)));
      this.replace(slot);
    };
    w.on('error', (e) => died(e.message));
    w.on('exit', (code) => died(`exit ${code}`));
  }

  private markReady(): void {
    if (this.ready) return;
    this.ready = true;
    for (const f of this.onReady.splice(0)) f();
  }

  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = this.spawn();
    slot.job = null;
    this.watch(slot);
    void terminateFenced(old);
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.worker.postMessage({ type: 'call', id: job.id, method: job.method, args: job.args } satisfies ToWorker);
    }
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
    } else {
      const slot = this.slots.find((s) => s.job === job);
      if (!slot) return;
      // A running query cannot be interrupted: the worker goes, a fresh one takes its place.
      this.replace(slot);
    }
    this.settle(job, () => job.reject(new CallCancelledError(job.method)));
  }

  private settle(job: Job, fn: () => void): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    fn();
  }
}

/** NodescopeApi whose every call runs on the pool. */
export function poolApi(pool: EnginePool): NodescopeApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const m of API_METHODS) api[m] = (...args: unknown[]) => pool.call(m, args);
  return api as unknown as NodescopeApi;
}

/** A call's failure as the engine on this thread would have thrown it: the kind the adapters answer by. */
function refusal(m: Extract<FromWorker, { type: 'result'; ok: false }>): Error {
  if (m.badArguments) return new ArgError(m.error);
  return m.notFound ? new NotFoundError(m.error) : new Error(m.error);
}
