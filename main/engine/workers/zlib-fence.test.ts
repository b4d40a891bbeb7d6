import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Run from dist/ in a child process: without the fence, Node aborts the whole process (terminating a
 * thread that inflates in a loop took it down within 10-30 terminations when this was written).
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const FENCE = path.join(REPO, 'dist', 'main', 'engine', 'workers', 'zlib-fence.js');

/** A fenced thread that inflates in a loop, once it has said so. */
const INFLATER = `
const { parentPort, workerData } = require('node:worker_threads');
require(${JSON.stringify(FENCE)}).fenceZlib(workerData.zlibFences); // as fence-this-thread.ts does
const zlib = require('node:zlib');
const chunk = zlib.deflateRawSync(Buffer.alloc(4096, 7));
parentPort.postMessage('inflating');
for (;;) {
  try {
    zlib.inflateRawSync(chunk);
  } catch {
    // fenced off: the owner is stopping this thread
  }
}`;

/** A fenced thread that starts an inflater of its own (as the ingest thread starts its chunk deflater). */
const STARTS_AN_INFLATER = `
const { parentPort, workerData } = require('node:worker_threads');
const fence = require(${JSON.stringify(FENCE)});
fence.fenceZlib(workerData.zlibFences);
const child = fence.startFencedWorker(${JSON.stringify(INFLATER)}, {}, { eval: true });
child.once('message', (m) => parentPort.postMessage(m));`;

/** Starts `thread` and terminates it at a random moment once it inflates, `times` over, in a process of its own. */
function terminateInflatingThreads(thread: string, times: number): { status: number | null; stdout: string; stderr: string } {
  const owner = `
const { startFencedWorker, terminateFenced } = require(${JSON.stringify(FENCE)});
(async () => {
  for (let i = 0; i < ${times}; i++) {
    const w = startFencedWorker(${JSON.stringify(thread)}, {}, { eval: true });
    await new Promise((resolve) => w.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    await terminateFenced(w);
  }
  process.stdout.write('terminated ${times}');
})();`;
  return spawnSync(process.execPath, ['-e', owner], { encoding: 'utf8', timeout: 120_000 });
}

describe('a thread terminated while it inflates (a cancelled call reading deflated chunks)', () => {
  it('is terminated between two zlib calls, never while one makes its handle: the process lives on', () => {
    const r = terminateInflatingThreads(INFLATER, 100);
    expect(r.stderr).not.toMatch(/close before init/);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('terminated 100');
  });

  it('takes with it the thread it started, also between two of that one\'s zlib calls (an ingest killed after its grace)', () => {
    const r = terminateInflatingThreads(STARTS_AN_INFLATER, 100);
    expect(r.stderr).not.toMatch(/close before init/);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('terminated 100');
  });
});
