import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * On Linux, the lowest CPU priority for the calling worker thread alone (a worker thread is a task of
 * its own, named by /proc/thread-self): on two cores, the ingest's thread and the index worker come
 * first, and such a worker only fills the time they leave. Elsewhere the thread keeps its priority.
 */
export function lowerThisThreadPriority(): void {
  try {
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the same work, at normal priority.
  }
}
