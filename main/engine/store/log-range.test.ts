import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import { useTempWorkspace } from '../../../test/support/workspace';
import { ingestBundle } from '../ingest';
import { bundleLineRange } from './log-range';
import type { Db } from './workspace';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

describe("a bundle's log line ids", () => {
  it('come from its row, without reading log_lines (no index on bundle_id: every bundle of the workspace would be scanned)', async () => {
    const log = (node: string) => Array.from({ length: 300 }, (_, i) => `2026-11-05T10:00:00+0000 ${node} kubelet[1]: line ${i}\n`).join('');
    await ingestBundle(db, await writeTar(path.join(dir, 'a.tar.gz'), [{ name: 'logs/a.log', content: log('a') }]));
    const { id } = await ingestBundle(db, await writeTar(path.join(dir, 'b.tar.gz'), [{ name: 'logs/b.log', content: log('b') }]));
    const prepare = db.prepare.bind(db);
    const asked: string[] = [];
    db.prepare = ((sql: string) => {
      asked.push(sql);
      return prepare(sql);
    }) as Db['prepare'];
    try {
      expect(bundleLineRange(db, id)).toEqual({ lo: 301, hi: 600 });
    } finally {
      db.prepare = prepare;
    }
    expect(asked.filter((sql) => sql.includes('log_lines'))).toEqual([]);
  });
});
