import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestProgress } from '../../../shared/api';
import { IngestJobs } from '../../../shared/api/ingest';
import { writeHostileBundle } from '../../../test/e2e/bundles';
import { writeTar } from '../../../test/support/tarball';
import { DEMO_BUNDLE } from '../../../test/e2e/harness';
import { bundleTemplates } from '../compare/logs';
import { storedTemplates } from '../compare/template-store';
import { YOUNG_LOG_BYTES } from '../ingest/wal-checkpointer';
import { CHECKPOINT_BYTES } from '../store/wal';
import { openWorkspace } from '../store/workspace';
import { workerFile } from './files';
import { workerIngestRunner } from './ingest-runner';

// The desktop app and browser mode ingest in a worker thread so the window and the server never freeze;
// the worker is the compiled dist/main/engine/workers/ingest-worker.js (test/global-setup.ts builds dist/).
const WORKER = workerFile('ingest-worker');

describe('ingest off the main thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-worker-'));
  const dbPath = path.join(dir, 'workspace.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ingests a bundle in a worker thread into the same workspace, reporting progress', async () => {
    const progress: IngestProgress[] = [];
    const run = workerIngestRunner(WORKER, dbPath);
    const result = await run(await writeHostileBundle(dir), (p) => progress.push(p), new AbortController().signal);
    expect(result).toMatchObject({ node: 'evil-node', status: 'new' });
    expect(progress.length).toBeGreaterThan(0);
    const db = openWorkspace(dbPath);
    expect((db.prepare('SELECT node FROM bundles WHERE id = ?').get(result.id) as { node: string }).node).toBe('evil-node');
    db.close();
  });

  it('tells the parent where the reading is at most every tenth of a second, not at each of a sosreport\'s thousands of /sys files, and once the bundle is published', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({ name: `sosreport-node1/sys/devices/virtual/block/loop${i}/size`, content: `${i * 8}\n` }));
    const progress: IngestProgress[] = [];
    const run = workerIngestRunner(WORKER, path.join(dir, 'sys.db'));
    const result = await run(await writeTar(path.join(dir, 'sys.tar.gz'), files), (p) => progress.push(p), new AbortController().signal);
    // Once per file, each a message to receive, they were 3,001.
    expect(progress.length).toBeLessThan(1000);
    expect(progress.at(-1)).toMatchObject({ entries: 3000, published: result.id });
  });

  it('cancels a worker ingest and leaves the workspace without the bundle', async () => {
    const jobs = new IngestJobs(workerIngestRunner(WORKER, dbPath));
    const job = await jobs.startIngest(DEMO_BUNDLE);
    await jobs.cancelIngest(job.id);
    await jobs.settled();
    const [done] = await jobs.ingestJobs();
    expect(done.state).toBe('cancelled');
    const db = openWorkspace(dbPath);
    expect((db.prepare('SELECT count(*) AS n FROM bundles').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('counts the log templates on a worker of its own, the same counts as a compare-time scan of the stored lines', async () => {
    const run = workerIngestRunner(WORKER, dbPath);
    const { id } = await run(DEMO_BUNDLE, () => {}, new AbortController().signal);
    const db = openWorkspace(dbPath);
    const stored = storedTemplates(db, id);
    const scanned = bundleTemplates(db, id);
    db.close();
    expect(stored?.lines).toBeGreaterThan(100);
    expect(stored).toEqual(scanned);
  });

  it('keeps the bundle when asked to stop once it is published: only the template counts are left out', async () => {
    const fresh = path.join(dir, 'stopped.db');
    const stop = new AbortController();
    const run = workerIngestRunner(WORKER, fresh);
    const result = await run(DEMO_BUNDLE, (p) => p.published !== null && stop.abort(), stop.signal);
    expect(stop.signal.aborted).toBe(true);
    const db = openWorkspace(fresh);
    expect((db.prepare('SELECT state FROM bundles WHERE id = ?').get(result.id) as { state: string }).state).toBe('ready');
    expect(bundleTemplates(db, result.id).lines).toBeGreaterThan(100);
    db.close();
  });

  it("keeps the workspace's write-ahead log bounded while the index worker reads the lines being committed", async () => {
    // 256 MB of a core file (stored as it is) takes the log past its young size; then 192 MiB of kubelet
    // lines (a plain tar): 48 commits, each read by the search index's worker while the next is written.
    const line = (i: number) => `2026-11-05T10:${String((i >> 12) % 60).padStart(2, '0')}:00.000000+0000 node1 kubelet[548]: I1105 10:00:00.000000  548 kubelet.go:${i % 3000}] pod web-${i % 5000} probe ${i} ok\n`;
    const lines: string[] = [];
    for (let i = 0, bytes = 0; bytes < 192 * 2 ** 20; i++) {
      lines.push(line(i));
      bytes += lines[i].length;
    }
    const core = crypto.randomBytes(256 * 2 ** 20);
    const bundle = await writeTar(path.join(dir, 'long.tar'), [{ name: 'crash/core.kubelet', content: core }, { name: 'logs/journal/kubelet.service.log', content: lines.join('') }], false);
    const fresh = path.join(dir, 'wal.db');
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, fs.existsSync(`${fresh}-wal`) ? fs.statSync(`${fresh}-wal`).size : 0);
    }, 10);
    try {
      await workerIngestRunner(WORKER, fresh)(bundle, () => {}, new AbortController().signal);
    } finally {
      clearInterval(watch);
      fs.rmSync(bundle);
    }
    // Left alone while young, then copied into the database, the log starts again once the readers have
    // moved on: it stays near its young size and one cycle of copies, not the bundle's raw bytes and lines
    // (over 450 MB) as when the worker held its snapshot for every range it read.
    expect(peak).toBeGreaterThan(YOUNG_LOG_BYTES);
    expect(peak).toBeLessThan(YOUNG_LOG_BYTES + 2 * CHECKPOINT_BYTES);
  });
});
