import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { tempDir } from './tarball';

/** A workspace open in a temporary folder, as a test uses it. */
export interface TempWorkspace {
  db: Db;
  /** The temporary folder: bundles a test writes go here too. */
  dir: string;
}

/**
 * Opens a fresh workspace in a temporary folder before each test (or once for the file's tests) and
 * hands it to `use`; closes and removes it after. Call it at the top level of a test file:
 *   let db: Db; let dir: string;
 *   useTempWorkspace((ws) => ({ db, dir } = ws));
 */
export function useTempWorkspace(use: (ws: TempWorkspace) => void, scope: 'each test' | 'whole file' = 'each test'): void {
  let tmp: { dir: string; cleanup: () => void } | null = null;
  let db: Db | null = null;
  const open = (): void => {
    tmp = tempDir();
    db = openWorkspace(path.join(tmp.dir, 'ws.db'));
    use({ db, dir: tmp.dir });
  };
  const close = (): void => {
    db?.close();
    tmp?.cleanup();
  };
  if (scope === 'each test') {
    beforeEach(open);
    afterEach(close);
  } else {
    beforeAll(open);
    afterAll(close);
  }
}

/**
 * Gives a workspace made by this version the schema `version` had, for the migrations after it to run
 * on: sets user_version, drops the artifacts' summary of their lines (migrations 9 to 11) and puts the bundles
 * table back as it was before migration 8 (the guessed kinds' list, not their count). What earlier
 * migrations changed is the test's to undo.
 */
export function asSchema(db: Db, version: number): void {
  if (version < 11) db.exec('ALTER TABLE artifacts DROP COLUMN log_block_latest;');
  if (version < 10) db.exec('ALTER TABLE artifacts DROP COLUMN log_first_id; ALTER TABLE artifacts DROP COLUMN log_last_id;');
  if (version < 9) db.exec('ALTER TABLE artifacts DROP COLUMN log_first_ts; ALTER TABLE artifacts DROP COLUMN log_max_ts; ALTER TABLE artifacts DROP COLUMN log_steps_back;');
  if (version < 8) db.exec("ALTER TABLE bundles ADD COLUMN guessed_json TEXT NOT NULL DEFAULT '[]'; ALTER TABLE bundles DROP COLUMN guessed_count;");
  db.pragma(`user_version = ${version}`);
}
