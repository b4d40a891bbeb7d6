import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';
import { nativeBindingPath } from './native';
import { attachSearchIndex, searchIndexFile } from './search-index';
import { CHECKPOINT_BYTES } from './wal';
import { registerSearchText } from './search-text';

export type Db = Database.Database;

/** Where the workspace lives when neither --db nor NODESCOPE_DB says otherwise. */
export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.NODESCOPE_DB) return env.NODESCOPE_DB;
  const home = os.homedir();
  let dataDir: string;
  if (platform === 'win32') dataDir = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') dataDir = path.join(home, 'Library', 'Application Support');
  else dataDir = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  return path.join(dataDir, 'nodescope', 'workspace.db');
}

export class WorkspaceError extends Error {}

/**
 * Pages of a new workspace: a bundle is mostly long rows (log lines, deflated chunks of raw bytes), and
 * each page is one frame written to the write-ahead log at commit. 16 KiB pages write a quarter of the
 * frames of SQLite's default 4 KiB: a churning node's commits took 145 ms instead of 200.
 */
const NEW_PAGE_BYTES = 16384;

/** Opens (creating if needed) a workspace database and brings its schema up to date. */
export function openWorkspace(file: string, migrations: Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const binding = nativeBindingPath();
    db = new Database(file, binding ? { nativeBinding: binding } : {});
    // Only a new, empty file takes it; an existing workspace keeps the page size it was made with.
    db.pragma(`page_size = ${NEW_PAGE_BYTES}`);
    db.pragma('journal_mode = WAL');
  } catch (e) {
    throw new WorkspaceError(`${file}: cannot open the workspace: ${(e as Error).message}`, { cause: e });
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma(`wal_autocheckpoint = ${Math.ceil(CHECKPOINT_BYTES / (db.pragma('page_size', { simple: true }) as number))}`);
  db.pragma(`journal_size_limit = ${CHECKPOINT_BYTES}`);
  registerSearchText(db);
  migrate(db, file, migrations);
  // After the migrations: until migration 6 drops it, the workspace's own log_fts is the one they mean.
  try {
    attachSearchIndex(db, file);
  } catch (e) {
    db.close();
    throw new WorkspaceError(
      `${searchIndexFile(file)}: cannot open the search index: ${(e as Error).message} (it holds nothing else: delete it and it is rebuilt)`,
      { cause: e },
    );
  }
  return db;
}

function migrate(db: Db, file: string, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new WorkspaceError(
      `${file}: workspace schema version ${current} is newer than this nodescope knows (${newest}); update nodescope`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    // The pragma cannot change inside a transaction: off before it, on again after.
    if (m.rebuildsTable) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsTable && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new WorkspaceError(`${file}: migration ${m.version} (${m.name}) would break references; the workspace is unchanged`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.rebuildsTable) db.pragma('foreign_keys = ON');
    }
  }
}

/**
 * Runs `work` with the connection's page cache at `kib` KiB, then gives the cache back its size. For
 * work that reads or appends in one pass (an ingest, an export): a cache it never reads again only
 * holds memory.
 */
export async function withPageCache<T>(db: Db, kib: number, work: () => Promise<T>): Promise<T> {
  const restore = setPageCache(db, kib);
  try {
    return await work();
  } finally {
    restore();
  }
}

/** withPageCache for work that does not wait. */
export function withPageCacheSync<T>(db: Db, kib: number, work: () => T): T {
  const restore = setPageCache(db, kib);
  try {
    return work();
  } finally {
    restore();
  }
}

/** Sets the connection's page cache to `kib` KiB; the function returned gives it back its size. */
function setPageCache(db: Db, kib: number): () => void {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${kib}`);
  return () => db.pragma(`cache_size = ${before}`);
}
