import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Run from dist/ in a child process: without the fence, Node aborts the whole process (terminating a
 * thread that inflates in a loop took it down within 10-30 terminations when this was written).
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const FENCE = path.join(REPO, 'dist', 'main', 'engine', 'workers', 'zlib-fence.js');

function terminateInflatingThreads(times: number): { status: number | null; stdout: string; stderr: string } {
  const thread = `
const { parentPort, workerData } = require('node:worker_threads');
require(${JSON.stringify(FENCE)}).fenceZlib(workerData.zlibFence); // as fence-this-thread.ts does
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
    const r = terminateInflatingThreads(100);
    expect(r.stderr).not.toMatch(/close before init/);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('terminated 100');
  });
});
