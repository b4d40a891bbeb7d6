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
  /** A promise while the worker is more than MAX_QUEUED_CHARS behind (memory stays bounded), else null. */
  room(): Promise<void> | null;
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
    room: () => sink?.room() ?? null,
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
    room: () => null,
    finish: async () => counter.result(),
    abandon: () => {},
  };
}

/** Text queued to the worker at most, in characters. */
const MAX_QUEUED_CHARS = 16 * 1024 * 1024;

/** What the worker sends back: a batch counted, then the counts as entries (a Map does not cross threads as cheaply). */
export type FromTemplateWorker = { type: 'ack'; chars: number } | ({ type: 'result' } & WorkerResult);

export interface WorkerResult {
  lines: number;
  overflow: number;
  templates: [string, TemplateCount][];
}

function workerSink(nodeName: string | null): TemplateSink {
  const worker = new Worker(WORKER_SCRIPT, { workerData: { nodeName }, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  let failure: Error | null = null;
  let queued = 0;
  let waiting: (() => void) | null = null;
  let result: ((r: WorkerResult) => void) | null = null;
  const wake = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  worker.on('error', (e) => {
    failure = e;
    wake();
  });
  worker.on('message', (m: FromTemplateWorker) => {
    if (m.type === 'result') return result?.(m);
    queued -= m.chars;
    if (queued <= MAX_QUEUED_CHARS) wake();
  });
  return {
    add(batch) {
      if (failure) return;
      queued += batch.texts.length;
      worker.postMessage(batch, [batch.ids.buffer, batch.levels.buffer]);
    },
    room() {
      if (failure || queued <= MAX_QUEUED_CHARS) return null;
      return new Promise<void>((resolve) => (waiting = resolve));
    },
    finish() {
      return new Promise<BundleTemplates>((resolve, reject) => {
        if (failure) return reject(failure);
        result = (r) => {
          void worker.terminate();
          resolve({ lines: r.lines, overflow: r.overflow, templates: new Map(r.templates) });
        };
        worker.once('error', reject);
        worker.postMessage('end');
      });
    },
    abandon: () => void worker.terminate(),
  };
}
