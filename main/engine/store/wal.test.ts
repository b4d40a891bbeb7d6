import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempWorkspace } from '../../../test/support/workspace';
import { CHECKPOINT_BYTES } from './wal';
import type { Db } from './workspace';

let db: Db;
useTempWorkspace((ws) => ({ db } = ws));

const walBytes = (schema: string) => {
  const file = (db.pragma(`${schema}.database_list`) as { name: string; file: string }[]).find((d) => d.name === schema)?.file;
  return fs.statSync(`${file}-wal`).size;
};

describe("the workspace's write-ahead logs", () => {
  it('are cut back after one transaction larger than a checkpoint (a search index merge), not kept at its size', () => {
    for (const schema of ['main', 'search']) {
      db.exec(`CREATE TABLE ${schema}.scratch (data BLOB)`);
      const insert = db.prepare(`INSERT INTO ${schema}.scratch VALUES (randomblob(1048576))`);
      db.transaction(() => {
        for (let i = 0; i < 1.5 * (CHECKPOINT_BYTES / 2 ** 20); i++) insert.run();
      })();
      expect(walBytes(schema), schema).toBeGreaterThan(1.5 * CHECKPOINT_BYTES);
      // The commit copied it all into the database; the next write starts the log again, and cuts its file.
      db.prepare(`INSERT INTO ${schema}.scratch VALUES (1)`).run();
      expect(walBytes(schema), schema).toBeLessThanOrEqual(CHECKPOINT_BYTES);
    }
  });
});
