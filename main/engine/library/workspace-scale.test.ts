import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStatements } from '../../../test/support/statements';
import { tempDir, writeTar } from '../../../test/support/tarball';
import { bundleTemplates } from '../compare/logs';
import { ingestBundle } from '../ingest';
import { diagnoseBundle } from '../rules';
import { openWorkspace, type Db } from '../store/workspace';
import { bundlesApi } from './api';

/**
 * One bundle's work must not grow with the other bundles of the workspace (100 bundles must switch as
 * fast as one): no statement run for one bundle may scan the whole log_lines table. Checked on the
 * query plan of every statement run, not on timings.
 */
function fullScansOfLogLines(db: Db, statements: string[]): string[] {
  const scans: string[] = [];
  for (const sql of new Set(statements)) {
    if (!/^\s*(SELECT|WITH)/i.test(sql)) continue;
    const params = (sql.match(/\?/g) ?? []).map(() => null);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    for (const p of plan) if (/^SCAN (log_lines|l)\b/.test(p.detail)) scans.push(`${p.detail}: ${sql.replace(/\s+/g, ' ').slice(0, 120)}`);
  }
  return scans;
}

describe('a workspace of several bundles', () => {
  const tmp = tempDir();
  let db: Db;
  const ids: number[] = [];
  beforeAll(async () => {
    db = openWorkspace(path.join(tmp.dir, 'ws.db'));
    for (let b = 0; b < 3; b++) {
      const lines = Array.from({ length: 500 }, (_, i) =>
        `2026-11-05T09:50:${String(i % 60).padStart(2, '0')}.000000+0000 node${b} kubelet[1]: E1105 09:50:00.000000 1 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app-${i}\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app-${i} pod=web-${i}_default(uid)\\""`);
      const file = await writeTar(path.join(tmp.dir, `b${b}.tar.gz`), [{ name: `node${b}/logs/journal/kubelet.log`, content: `${lines.join('\n')}\n` }]);
      ids.push((await ingestBundle(db, file)).id);
    }
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('opening a bundle, its rules and its log templates never scan every bundle\'s log lines', async () => {
    const statements = recordStatements(db);
    const detail = await bundlesApi(db).getBundle(ids[1] as number);
    expect(detail.logLineCount).toBe(500);
    expect(diagnoseBundle(db, ids[1] as number).some((f) => f.rule === 'crashloop-backoff')).toBe(true);
    expect(bundleTemplates(db, ids[1] as number).lines).toBe(500);
    expect(statements.length).toBeGreaterThan(5);
    expect(fullScansOfLogLines(db, statements)).toEqual([]);
  });

  it('lists the bundles in as many statements with one more bundle (the list the app shows first)', async () => {
    const three = recordStatements(db);
    expect(await bundlesApi(db).listBundles()).toHaveLength(3);
    const forThree = three.length;
    const file = await writeTar(path.join(tmp.dir, 'b3.tar.gz'), [{ name: 'node3/logs/dmesg.txt', content: '[    0.000000] Linux version 6.1.0\n' }]);
    await ingestBundle(db, file);
    const four = recordStatements(db);
    expect(await bundlesApi(db).listBundles()).toHaveLength(4);
    expect(four.length).toBe(forThree);
  });
});
