import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { countStoredLines, TemplateCounter, type BundleTemplates, type TemplateCount } from '../compare/template-store';
import type { Db } from '../store/workspace';

/**
 * Counts one ingest's log lines by message template, for compare. With the compiled worker script and
 * a workspace file, a worker thread reads the lines the ingest has committed, as the index worker does,
 * at the lowest CPU priority: masking takes only what the ingest and the index leave of the cores, and
 * may go on after the bundle is published (a compare asked for before the counts are stored counts the
 * lines itself). Otherwise (tests from TypeScript sources, an in-memory workspace) the lines are counted
 * on this connection when the ingest finishes.
 */
export interface TemplateSink {
  /** Lines up to this id are committed: the worker may count them. */
  committed(lastId: number): void;
  /** The counts of every line up to `lastId` (all committed by then); null once abandoned. */
  finish(lastId: number): Promise<BundleTemplates | null>;
  /** Stops the counting without a result (cancelled or failed ingest); a pending finish() gives null. */
  abandon(): Promise<void>;
}

const WORKER_SCRIPT = path.join(__dirname, 'template-worker.js');

export interface TemplateWorkerData {
  workspace: string;
  bundleId: number;
  firstId: number;
  nodeName: string | null;
}

export type ToTemplateWorker = { type: 'committed' | 'end'; lastId: number };

/** The counts as entries: a Map does not cross threads as cheaply. */
export interface FromTemplateWorker {
  lines: number;
  overflow: number;
  templates: [string, TemplateCount][];
}

/** nodeName is asked for when the first lines are committed: the manifest, which names the node, comes first. */
export function templateSink(db: Db, bundleId: number, firstId: number, nodeName: () => string | null): TemplateSink {
  let name: string | null | undefined;
  const node = () => (name === undefined ? (name = nodeName()) : name);
  const inline = (lastId: number) => {
    const counter = new TemplateCounter(node());
    countStoredLines(db, counter, bundleId, firstId, lastId);
    return counter.result();
  };
  if (db.memory || !fs.existsSync(WORKER_SCRIPT)) {
    return { committed: () => void node(), finish: async (lastId) => inline(lastId), abandon: async () => {} };
  }
  let worker: TemplateWorker | null = null;
  let abandoned = false;
  return {
    committed(lastId) {
      if (lastId < firstId || abandoned) return;
      worker ??= new TemplateWorker({ workspace: db.name, bundleId, firstId, nodeName: node() });
      worker.send({ type: 'committed', lastId });
    },
    async finish(lastId) {
      const counted = worker ? await worker.finish(lastId) : null;
      // No line, or a worker that failed: the counting is left to this connection.
      return abandoned ? null : (counted ?? inline(lastId));
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
  private answer: ((r: FromTemplateWorker | null) => void) | null = null;

  constructor(data: TemplateWorkerData) {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const fail = () => {
      this.failed = true;
      this.answer?.(null);
    };
    this.worker.on('message', (m: FromTemplateWorker) => this.answer?.(m));
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  send(m: ToTemplateWorker): void {
    if (!this.failed) this.worker.postMessage(m);
  }

  /** The worker's counts, or null when it failed. */
  async finish(lastId: number): Promise<BundleTemplates | null> {
    const r = this.failed
      ? null
      : await new Promise<FromTemplateWorker | null>((resolve) => {
          this.answer = resolve;
          this.send({ type: 'end', lastId });
        });
    await this.stop();
    return r && { lines: r.lines, overflow: r.overflow, templates: new Map(r.templates) };
  }

  async stop(): Promise<void> {
    this.failed = true;
    await this.worker.terminate();
  }
}
