import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { TemplateCounter, type BundleTemplates, type TemplateCount } from '../compare/template-store';

/** One batch of stored log lines, as the template counter needs them. */
export interface LineBatch {
  ids: Float64Array<ArrayBuffer>;
  /** Level codes, -1 for none. */
  levels: Int8Array<ArrayBuffer>;
  /** The lines' texts joined by "\n" (a stored line never holds one). */
  texts: string;
}

/**
 * Counts log lines by message template during ingest, for compare. Masking costs about as much as
 * indexing a line, so it runs on a worker thread (the second core) when the compiled worker script is
 * there, and on this thread otherwise (tests run from TypeScript sources).
 */
export interface TemplateSink {
  add(batch: LineBatch): void;
  finish(): Promise<BundleTemplates>;
  /** Stops the worker without a result (cancelled or failed ingest). */
  abandon(): void;
}

const WORKER_SCRIPT = path.join(__dirname, 'template-worker.js');

/** nodeName is asked for at the first batch: the manifest, which names the node, comes first. */
export function templateSink(nodeName: () => string | null): TemplateSink {
  let sink: TemplateSink | null = null;
  const open = (): TemplateSink => (sink ??= fs.existsSync(WORKER_SCRIPT) ? workerSink(nodeName()) : inlineSink(nodeName()));
  return {
    add: (batch) => open().add(batch),
    finish: () => open().finish(),
    abandon: () => sink?.abandon(),
  };
}

export function countBatch(counter: TemplateCounter, batch: LineBatch): void {
  const texts = batch.texts.split('\n');
  for (let i = 0; i < texts.length; i++) {
    const level = batch.levels[i];
    counter.add(batch.ids[i], level < 0 ? null : level, texts[i]);
  }
}

function inlineSink(nodeName: string | null): TemplateSink {
  const counter = new TemplateCounter(nodeName);
  return {
    add: (batch) => countBatch(counter, batch),
    finish: async () => counter.result(),
    abandon: () => {},
  };
}

/** What the worker sends back: the counts as entries (a Map does not cross threads as cheaply). */
export interface WorkerResult {
  lines: number;
  overflow: number;
  templates: [string, TemplateCount][];
}

function workerSink(nodeName: string | null): TemplateSink {
  const worker = new Worker(WORKER_SCRIPT, { workerData: { nodeName } });
  let failure: Error | null = null;
  worker.on('error', (e) => (failure = e));
  return {
    add(batch) {
      if (!failure) worker.postMessage(batch, [batch.ids.buffer, batch.levels.buffer]);
    },
    finish() {
      return new Promise<BundleTemplates>((resolve, reject) => {
        if (failure) return reject(failure);
        worker.once('message', (r: WorkerResult) => {
          void worker.terminate();
          resolve({ lines: r.lines, overflow: r.overflow, templates: new Map(r.templates) });
        });
        worker.once('error', reject);
        worker.postMessage('end');
      });
    },
    abandon: () => void worker.terminate(),
  };
}
