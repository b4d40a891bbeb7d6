import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { countStoredLines, TemplateCounter } from '../compare/template-store';
import { nativeBindingPath } from '../store/native';
import type { FromTemplateWorker, TemplateWorkerData, ToTemplateWorker } from './template-sink';

/**
 * Worker thread of template-sink.ts: on its own read-only connection to the workspace, counts the
 * lines the ingest says are committed; on "end" counts the rest and answers.
 */
const { workspace, bundleId, firstId, nodeName } = workerData as TemplateWorkerData;
lowerThisThreadsPriority();
const binding = nativeBindingPath();
const db = new Database(workspace, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
// Lines are read once, in order: a small page cache does.
db.pragma('cache_size = -4096');
const counter = new TemplateCounter(nodeName);
let next = firstId;

/** Messages only move the target; a worker that lags counts all that was committed meanwhile at once. */
let target = 0;
let ending = false;
let scheduled = false;

function countToTarget(): void {
  scheduled = false;
  if (target >= next) {
    countStoredLines(db, counter, bundleId, next, target);
    next = target + 1;
  }
  if (!ending) return;
  const r = counter.result();
  parentPort?.postMessage({ lines: r.lines, overflow: r.overflow, templates: [...r.templates] } satisfies FromTemplateWorker);
}

parentPort?.on('message', (m: ToTemplateWorker) => {
  target = Math.max(target, m.lastId);
  if (m.type === 'end') ending = true;
  if (!scheduled) {
    scheduled = true;
    setImmediate(countToTarget);
  }
});

/**
 * On Linux, the lowest CPU priority for this thread alone (a worker thread is a task of its own, named
 * by /proc/thread-self): on two cores, the ingest's thread and the index worker come first, so the
 * findings are not later for the counting. Elsewhere the thread keeps its priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the same counts, at normal priority.
  }
}
