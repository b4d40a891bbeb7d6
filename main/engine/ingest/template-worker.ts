import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { countStoredLines, ROWS_PER_READ, TemplateCounter } from '../compare/template-store';
import { nativeBindingPath } from '../store/native';
import type { FromTemplateWorker, TemplateWorkerData, ToTemplateWorker } from './template-sink';
import { lowerThisThreadPriority } from './thread-priority';

/**
 * Worker thread of template-sink.ts: on its own read-only connection to the workspace, counts the
 * lines the ingest says are committed (all of them, once read); on "end" counts the rest (or half of
 * it) and answers.
 */
const { workspace, bundleId, firstId, nodeName } = workerData as TemplateWorkerData;
lowerThisThreadPriority();
const binding = nativeBindingPath();
const db = new Database(workspace, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
// Lines are read once, in order: a small page cache does.
db.pragma('cache_size = -4096');
const counter = new TemplateCounter(nodeName);
let next = firstId;

/**
 * Counts one slice at a time, reading messages in between: a later target, then the end. When the
 * end comes, the worker keeps the first half of what it has left and hands the second half to the
 * ingest's thread, which is free by then: the two halves are counted at once, on both cores.
 */
let target = 0;
let end: number | null = null;
let running = false;

function step(): void {
  if (next <= target) {
    const to = Math.min(target, next + ROWS_PER_READ - 1);
    countStoredLines(db, counter, bundleId, next, to);
    next = to + 1;
    setImmediate(step);
    return;
  }
  running = false;
  if (end === null || next <= end) return;
  const r = counter.result();
  parentPort?.postMessage({ type: 'result', lines: r.lines, overflow: r.overflow, templates: [...r.templates] } satisfies FromTemplateWorker);
}

parentPort?.on('message', (m: ToTemplateWorker) => {
  target = Math.max(target, m.lastId);
  if (m.type === 'end') {
    end = m.lastId;
    const left = end - next + 1;
    if (left >= 2 * ROWS_PER_READ) {
      end = target = next + Math.floor(left / 2) - 1;
      parentPort?.postMessage({ type: 'half', from: end + 1 } satisfies FromTemplateWorker);
    }
  }
  if (!running) {
    running = true;
    setImmediate(step);
  }
});
