import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgError } from '../../../shared/api/args';
import { tempDir, writeTar } from '../../../test/support/tarball';
import { ingestBundle } from '../ingest';
import { NotFoundError } from '../library/api';
import { openWorkspace } from '../store/workspace';
import { workerFile } from './files';
import { CallCancelledError, EnginePool, poolApi } from './pool';

/** A debug=2 dump of `n` goroutines: decoding it is the heavy call. */
function goroutineDump(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`goroutine ${i + 1} [chan receive, ${i % 90} minutes]:\nmain.worker${i % 50}(0xc000${(i % 4096).toString(16)})\n\t/src/app/main.go:${i % 500} +0x1d\ncreated by main.start in goroutine 1\n\t/src/app/main.go:40 +0x55\n`);
  }
  return out.join('\n');
}

describe('the engine pool (API calls on worker threads)', () => {
  const tmp = tempDir();
  const dbPath = path.join(tmp.dir, 'ws.db');
  let bundle = 0;
  let pool: EnginePool;
  beforeAll(async () => {
    const db = openWorkspace(dbPath);
    const file = await writeTar(path.join(tmp.dir, 'b.tar.gz'), [{ name: 'node/goroutines.txt', content: goroutineDump(80_000) }]);
    bundle = (await ingestBundle(db, file)).id;
    db.close();
    pool = new EnginePool({ workerFile: workerFile('engine-worker'), dbPath, heavyWorkers: 1 });
  });
  afterAll(async () => {
    await pool.close();
    tmp.cleanup();
  });

  it('answers NodescopeApi calls from a worker, with the engine\'s values', async () => {
    const api = poolApi(pool);
    const bundles = await api.listBundles();
    expect(bundles.map((b) => b.id)).toEqual([bundle]);
    const dump = await api.goroutines({ bundle, path: 'node/goroutines.txt' });
    expect(dump.total).toBe(80_000);
  });

  it('answers listBundles while heavy calls run and wait: the light lane has a worker of its own', async () => {
    const api = poolApi(pool);
    const finished: string[] = [];
    const heavy = [1, 2, 3].map((i) => api.goroutines({ bundle, path: 'node/goroutines.txt' }).then(() => finished.push(`goroutines ${i}`)));
    expect(pool.load().heavy).toBe(3);
    await api.listBundles();
    finished.push('listBundles');
    await Promise.all(heavy);
    expect(finished[0]).toBe('listBundles');
  });

  it("rejects a call refused for its input (a bad regex) with ArgError, as the engine on this thread would", async () => {
    const api = poolApi(pool);
    const refused = await api.searchLogs({ bundle, text: '/[/' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ArgError);
    expect((refused as Error).message).toMatch(/^bad regex \/\[\/: /);
    await expect(api.getBundle(bundle + 1000)).rejects.not.toBeInstanceOf(ArgError);
    await expect(api.getBundle(bundle + 1000)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('cancels a queued call and a running one; the pool goes on answering', async () => {
    const running = new AbortController();
    const queued = new AbortController();
    const a = pool.call('goroutines', [{ bundle, path: 'node/goroutines.txt' }], running.signal);
    const b = pool.call('goroutines', [{ bundle, path: 'node/goroutines.txt' }], queued.signal);
    expect(pool.load().heavy).toBe(2);
    queued.abort();
    running.abort();
    await expect(a).rejects.toBeInstanceOf(CallCancelledError);
    await expect(b).rejects.toThrow('goroutines: cancelled');
    expect(pool.load().heavy).toBe(0);
    const dump = (await pool.call('goroutines', [{ bundle, path: 'node/goroutines.txt' }])) as { total: number };
    expect(dump.total).toBe(80_000);
  });

  it('prints report PDFs through the pool\'s owner (Electron prints with a window of main), the rest in the worker', async () => {
    const printed: string[] = [];
    const printing = new EnginePool({
      workerFile: workerFile('engine-worker'),
      dbPath,
      heavyWorkers: 1,
      pdf: { print: async (html) => (printed.push(html), Buffer.from('%PDF-1.7 fake')) },
    });
    try {
      const api = poolApi(printing);
      const draft = await api.reportDraft(bundle);
      const pdf = await api.exportReport(draft, 'pdf');
      expect(pdf.mimeType).toBe('application/pdf');
      expect(Buffer.from(pdf.data, 'base64').toString()).toBe('%PDF-1.7 fake');
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(/^<!doctype html>/i);
    } finally {
      await printing.close();
    }
  });

  it('starts the light worker alone, the heavy ones once it is ready or at the first heavy call', async () => {
    const fresh = new EnginePool({ workerFile: workerFile('engine-worker'), dbPath, heavyWorkers: 2 });
    let eager: EnginePool | null = null;
    try {
      expect(fresh.started()).toEqual({ light: 1, heavy: 0 });
      await expect.poll(() => fresh.started().heavy).toBe(2);
      eager = new EnginePool({ workerFile: workerFile('engine-worker'), dbPath, heavyWorkers: 2 });
      expect(eager.started()).toEqual({ light: 1, heavy: 0 });
      const dump = eager.call('goroutines', [{ bundle, path: 'node/goroutines.txt' }]);
      expect(eager.started()).toEqual({ light: 1, heavy: 2 });
      expect(((await dump) as { total: number }).total).toBe(80_000);
    } finally {
      await Promise.all([fresh.close(), eager?.close()]);
    }
  });

  it('reports an engine error as the call\'s error', async () => {
    await expect(pool.call('goroutines', [{ bundle, path: 'no/such.txt' }])).rejects.toThrow(/no\/such\.txt/);
  });
});
