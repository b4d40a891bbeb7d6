import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestBundle } from '../../main/engine/ingest';
import { openWorkspace } from '../../main/engine/store/workspace';
import { writeHostileBundle } from '../../test/e2e/bundles';
import { IngestJobs } from './ingest';

describe('ingest jobs (what the progress bar and Cancel button drive)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-jobs-'));
  const db = openWorkspace(path.join(dir, 'w.db'));
  const jobs = new IngestJobs((p, onProgress, signal) => ingestBundle(db, p, { onProgress, signal }));
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs an ingest to its result and keeps the last progress it reported', async () => {
    const bundle = await writeHostileBundle(dir);
    const job = await jobs.startIngest(bundle);
    expect(job.state).toBe('running');
    await jobs.settled();
    const [done] = await jobs.ingestJobs();
    expect(done).toMatchObject({ id: job.id, state: 'done', error: null });
    expect(done.result?.node).toBe('evil-node');
    expect(done.progress.entries).toBeGreaterThan(0);
  });

  it('says why a job failed', async () => {
    await jobs.startIngest(path.join(dir, 'nope.tar.gz'));
    await jobs.settled();
    const [failed] = await jobs.ingestJobs();
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain('nope.tar.gz');
  });

  it('cancels a running job and leaves the workspace without it', async () => {
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    fs.copyFileSync(await writeHostileBundle(dir), path.join(other, 'copy.tar.gz'));
    const before = db.prepare('SELECT count(*) AS n FROM bundles').get() as { n: number };
    const job = await jobs.startIngest(path.join(dir, 'other'));
    await jobs.cancelIngest(job.id);
    await jobs.settled();
    const [cancelled] = await jobs.ingestJobs();
    expect(cancelled).toMatchObject({ id: job.id, state: 'cancelled', error: 'cancelled', result: null });
    expect((db.prepare('SELECT count(*) AS n FROM bundles').get() as { n: number }).n).toBe(before.n);
  });
});
