import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { countStoredLines, mergeTemplateCounts, ROWS_PER_READ, TemplateCounter, type BundleTemplates, type TemplateCount } from '../compare/template-store';
import type { Db } from '../store/workspace';

/**
 * Counts one ingest's log lines by message template, for compare. With the compiled worker script and
 * a workspace file, a worker thread (at the lowest CPU priority) starts once the bundle is published,
 * and what is left is counted in two halves, by the worker and by the ingest's thread. The worker
 * used to follow the ingest's commits, then to start once every line was read; but on two cores its
 * starting, compiling and collecting (which V8 does on threads of normal priority, whatever the
 * worker's own) competed with the reading, then with the rules and the index: a churning node's
 * findings came 4-9% later, then about 7% later. A compare asked for before the counts are stored
 * counts the lines itself. While the ingest's thread waits for the index worker to finish (a large
 * bundle's last lines), it counts from the first line on: the core it leaves idle does that part.
 * Otherwise (tests from TypeScript sources, an in-memory workspace) the lines are counted on this
 * connection when the ingest finishes.
 */
export interface TemplateSink {
  /**
   * Counts lines on this thread, from the first on (up to `lastId`), until `until` settles: the ingest
   * waits for its index meanwhile. finish() then counts only the rest.
   */
  countWhile(until: Promise<unknown>, lastId: number): Promise<void>;
  /** The counts of every line up to `lastId`, all committed (the worker starts here); null once abandoned. */
  finish(lastId: number): Promise<BundleTemplates | null>;
  /** Stops the counting without a result (cancelled or failed ingest); a pending finish() gives null. */
  abandon(): Promise<void>;
}

const WORKER_SCRIPT = path.join(__dirname, 'template-worker.js');
/** How long the ingest waits for its index before its thread counts templates meanwhile (see countWhile). */
const COUNT_AFTER_MS = 250;

export interface TemplateWorkerData {
  workspace: string;
  bundleId: number;
  firstId: number;
  nodeName: string | null;
}

/** On 'end', the worker may hand the second half of what it has left back to the sender. */
export type ToTemplateWorker = { type: 'committed' | 'end'; lastId: number };

/**
 * 'half': the lines from `from` to the end are the sender's to count. 'result': the worker's counts,
 * as entries (a Map does not cross threads as cheaply).
 */
export type FromTemplateWorker =
  | { type: 'half'; from: number }
  | { type: 'result'; lines: number; overflow: number; templates: [string, TemplateCount][] };

/** nodeName is asked for at the end, once the manifest (which names the node) has been read. */
export function templateSink(db: Db, bundleId: number, firstId: number, nodeName: () => string | null): TemplateSink {
  const inline = (from: number, lastId: number) => {
    const counter = new TemplateCounter(nodeName());
    countStoredLines(db, counter, bundleId, from, lastId);
    return counter.result();
  };
  if (db.memory || !fs.existsSync(WORKER_SCRIPT)) {
    return { countWhile: async () => {}, finish: async (lastId) => inline(firstId, lastId), abandon: async () => {} };
  }
  let worker: TemplateWorker | null = null;
  let abandoned = false;
  /** What countWhile() counted: the lines from the first up to `to`. */
  let early: { counts: BundleTemplates; to: number } | null = null;
  /** Lines [from, to] counted here a slice at a time, so that a cancel (or `stop`) is heard in between. */
  const countHere = async (from: number, to: number, stop: () => boolean = () => false): Promise<{ counts: BundleTemplates; to: number } | null> => {
    const counter = new TemplateCounter(nodeName());
    let done = from - 1;
    while (done < to && !stop()) {
      if (abandoned) return null;
      const hi = Math.min(to, done + ROWS_PER_READ);
      countStoredLines(db, counter, bundleId, done + 1, hi);
      done = hi;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { counts: counter.result(), to: done };
  };
  /** The counts of lines [from, lastId]: by the worker, which hands the second half of what it has left back here. */
  const countRest = async (from: number, lastId: number): Promise<BundleTemplates | null> => {
    if (from > lastId) return { lines: 0, templates: new Map(), overflow: 0 };
    worker = new TemplateWorker({ workspace: db.name, bundleId, firstId: from, nodeName: nodeName() });
    worker.send({ type: 'committed', lastId });
    const counted = await worker.finish(lastId, async (half) => (await countHere(half, lastId))?.counts ?? null);
    return abandoned ? null : (counted ?? inline(from, lastId));
  };
  return {
    async countWhile(until, lastId) {
      let settled = false;
      const settle = () => (settled = true);
      until.then(settle, settle);
      // A wait shorter than this is left alone: starting to count (the masker's first calls, its garbage)
      // made a small bundle's findings 20-30 ms later (rotated logs, 1.4 s).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([until.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, COUNT_AFTER_MS)))]);
      clearTimeout(timer);
      if (settled) return;
      const counted = await countHere(firstId, lastId, () => settled);
      // Templates past the cap cannot be merged with another count's: those lines are counted again.
      if (counted && counted.to >= firstId && counted.counts.overflow === 0) early = counted;
    },
    async finish(lastId) {
      if (abandoned) return null;
      const first = early && early.to <= lastId ? early : null;
      const rest = await countRest(first ? first.to + 1 : firstId, lastId);
      if (!rest || abandoned) return null;
      return first ? (mergeTemplateCounts(first.counts, rest) ?? inline(firstId, lastId)) : rest;
    },
    async abandon() {
      abandoned = true;
      await worker?.stop();
    },
  };
}

class TemplateWorker {
  private readonly worker: Worker;
  private failed = false;
  private readonly inbox: FromTemplateWorker[] = [];
  private waiting: ((m: FromTemplateWorker | null) => void) | null = null;

  constructor(data: TemplateWorkerData) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const fail = () => {
      this.failed = true;
      this.deliver(null);
    };
    this.worker.on('message', (m: FromTemplateWorker) => this.deliver(m));
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  send(m: ToTemplateWorker): void {
    if (!this.failed) this.worker.postMessage(m);
  }

  /**
   * The counts up to `lastId`: the worker's, merged with those of the half it hands back, counted
   * here by `countHalf` meanwhile. Null when the worker failed or the halves cannot be merged.
   */
  async finish(lastId: number, countHalf: (from: number) => Promise<BundleTemplates | null>): Promise<BundleTemplates | null> {
    this.send({ type: 'end', lastId });
    let m = await this.receive();
    const half = m?.type === 'half' ? await countHalf(m.from) : null;
    if (half) m = await this.receive();
    else if (m?.type === 'half') m = null;
    await this.stop();
    if (m?.type !== 'result') return null;
    const counted = { lines: m.lines, overflow: m.overflow, templates: new Map(m.templates) };
    return half ? mergeTemplateCounts(counted, half) : counted;
  }

  async stop(): Promise<void> {
    this.failed = true;
    await this.worker.terminate();
  }

  private deliver(m: FromTemplateWorker | null): void {
    const w = this.waiting;
    this.waiting = null;
    if (w) w(m);
    else if (m) this.inbox.push(m);
  }

  /** The next message, or null once the worker has failed or stopped. */
  private receive(): Promise<FromTemplateWorker | null> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    if (this.failed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}
