import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { SEARCH_TEXT_SQL } from './search-text';
import { CHECKPOINT_BYTES } from './wal';

/**
 * The full-text index of the log lines lives in a database file of its own, next to the workspace
 * (`<workspace>-search`), attached to every workspace connection as schema `search`. Ingest builds it
 * on a worker thread with its own connection, so it never waits for (nor holds) the workspace's single
 * writer lock, and the second core does the tokenizing while this thread parses and stores the lines.
 *
 * Each bundle's lines have a full-text table of their own, `search.log_fts_<bundle id>`: a lookup reads
 * the segments of that bundle only. In one table shared by every bundle (as an earlier nodescope made,
 * SHARED_TABLE), every phrase looked up for a bundle read every bundle's segments near the phrase: a
 * one-line bundle's rules took 0.5 s in a workspace of 25 bundles (143 segments), a lookup of "failed"
 * 52 ms next to a 1 GiB bundle, and each new bundle slowed every other's rules and searches. Bundles
 * that an earlier nodescope indexed are still read from its shared table (indexTableOf).
 *
 * `search.fts_progress` says up to which line id each bundle is indexed, written in the same
 * transaction as the index rows: lines past it are matched by a scan (search/fts-scope.ts), so a
 * search is never wrong while the index is incomplete (a workspace just migrated, an index file lost).
 */
export const SEARCH_SCHEMA = 'search';

/**
 * A bundle's own table: contentless, and without the size of each line (FTS5's docsize table, one
 * more row per line): nothing here ranks matches. Indexing the Harvester bundle's 386,414 lines took
 * 420 ms instead of 560-590, into 43.5 MB instead of 49. Such a table cannot delete a row: its rows go
 * with the table, and a build stopped halfway leaves none past its progress mark (written in the
 * same transaction).
 */
export const BUNDLE_FTS_COLUMNS = "source, line, content='', columnsize=0";
/** The tail index (fts-scope.ts) and the shared table of earlier workspaces: rows deleted by id range. */
export const FTS_COLUMNS = "source, line, content='', contentless_delete=1";

export function searchIndexFile(workspaceFile: string): string {
  return workspaceFile === ':memory:' || workspaceFile === '' ? ':memory:' : `${workspaceFile}-search`;
}

/**
 * Segments of one level that trigger their merge (FTS5's crisismerge). The index worker writes one or
 * two segments per slice: a 1 GiB bundle's index has about 210 (see HASH_SIZE). At 64 their merges
 * doubled the index's reading and writing (10.6 GB for a 1.35 GB index) and its build held back the
 * findings: 52 s, against 37 s with no merge (2 alternate pairs). Twenty phrase lookups over 209
 * segments took 11 ms warm, 40 ms cold (1-3 ms over 17 merged ones): the rules make about 160, a
 * search a few.
 */
export const CRISIS_MERGE = 256;
/**
 * Bytes of new index entries FTS5 holds in memory before it writes them as a segment. At its default
 * (1 MiB) one slice of the index worker (then 16,384 lines) was written as several segments, merged later:
 * 8 MiB held a slice, and indexing 300k lines took 2.4-2.6 s instead of 2.9-3.0 s, for an index
 * of 63 MB instead of 100 MB. At 16 MiB the 1 GiB bench bundle's index had 130 segments instead of 207,
 * but the entries held took about twice their bytes of memory: with the index worker's smaller page
 * caches (index-slices.ts), a churning node's 300 MB peaked at 307-321 MB, at 8 MiB 281-300 MB, its
 * findings 0.6-1.0 s sooner; the 1 GiB bundle's findings came as soon (20.5-20.7 s against 20.6-21.4 s
 * before both changes) at 246 MB instead of 289-300 MB.
 * Twenty phrase lookups over 209 segments take 11 ms warm, 40 ms cold (6.5 and 16 ms over 130).
 */
export const HASH_SIZE = 8 * 1024 * 1024;

/** The one table every bundle's lines were indexed into before each bundle had its own. */
export const SHARED_TABLE = 'log_fts';

/** The name of a bundle's own full-text table (in the index file). */
export function bundleIndexTable(bundleId: number): string {
  if (!Number.isSafeInteger(bundleId) || bundleId < 0) throw new Error(`bundle id ${bundleId} is not an integer`);
  return `log_fts_${bundleId}`;
}

/**
 * The table that holds a bundle's indexed lines in `schema`: its own, else (indexed by an earlier
 * nodescope) the shared one; null when neither exists.
 */
export function indexTableOf(db: Database.Database, bundleId: number, schema = SEARCH_SCHEMA): string | null {
  const own = bundleIndexTable(bundleId);
  const found = db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name IN (?, ?)`).pluck().all(own, SHARED_TABLE) as string[];
  return found.includes(own) ? own : found.includes(SHARED_TABLE) ? SHARED_TABLE : null;
}

/**
 * Creates a bundle's own full-text table in `schema` (the index file), or keeps the one there; with
 * `fresh`, a table left under that id (a bundle deleted when its index file was not attached) is
 * dropped first. Returns the table's name.
 */
export function createBundleIndex(db: Database.Database, schema: string, bundleId: number, fresh = false): string {
  const table = bundleIndexTable(bundleId);
  if (fresh) db.exec(`DROP TABLE IF EXISTS ${schema}.${table}`);
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${schema}.${table} USING fts5(${BUNDLE_FTS_COLUMNS})`);
  // Bulk loads: no incremental merging on insert; segments of a level are merged when CRISIS_MERGE
  // pile up.
  const settle = (key: string, value: number) => {
    const row = db.prepare(`SELECT v FROM ${schema}.${table}_config WHERE k = ?`).get(key) as { v: unknown } | undefined;
    // A literal, not a parameter: FTS5 takes these settings only as SQL integers (a bound JS number is a real).
    if (Number(row?.v) !== value) db.exec(`INSERT INTO ${schema}.${table} (${table}, rank) VALUES ('${key}', ${value})`);
  };
  settle('automerge', 0);
  settle('crisismerge', CRISIS_MERGE);
  settle('hashsize', HASH_SIZE);
  return table;
}

/** Drops a bundle's indexed lines: its own table, or its rows of the shared one. */
function dropBundleIndex(db: Database.Database, bundleId: number, first: number | null, last: number | null): void {
  db.exec(`DROP TABLE IF EXISTS ${SEARCH_SCHEMA}.${bundleIndexTable(bundleId)}`);
  if (first !== null && indexTableOf(db, bundleId) === SHARED_TABLE) {
    db.prepare(`DELETE FROM ${SEARCH_SCHEMA}.${SHARED_TABLE} WHERE rowid BETWEEN ? AND ?`).run(first, last ?? Number.MAX_SAFE_INTEGER);
  }
}

/** Every full-text table of the index file: the bundles' own and the shared one. */
function indexTables(db: Database.Database): string[] {
  return db
    .prepare(`SELECT name FROM ${SEARCH_SCHEMA}.sqlite_master WHERE type = 'table' AND (name = ? OR name GLOB 'log_fts_[0-9]*') AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
    .pluck()
    .all(SHARED_TABLE) as string[];
}

function createSchema(db: Database.Database, schema: string): void {
  const had = db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'fts_progress'`).get();
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${schema}.fts_progress (bundle_id INTEGER PRIMARY KEY, indexed_to INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS ${schema}.fts_owner (token TEXT NOT NULL);
  `);
  // A new index holds nothing, whatever progress marks were left.
  if (!had) db.exec(`DELETE FROM ${schema}.fts_progress`);
}

/** Attaches (creating if needed) the workspace's search index file. Returns true when the file is new. */
export function attachSearchIndex(db: Database.Database, workspaceFile: string): boolean {
  const file = searchIndexFile(workspaceFile);
  const existed = file !== ':memory:' && fs.existsSync(file);
  db.prepare(`ATTACH DATABASE ? AS ${SEARCH_SCHEMA}`).run(file);
  if (existed && leftByAnotherWorkspace(db)) {
    db.exec(`DETACH DATABASE ${SEARCH_SCHEMA}`);
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    db.prepare(`ATTACH DATABASE ? AS ${SEARCH_SCHEMA}`).run(file);
  }
  if (file !== ':memory:') {
    db.pragma(`${SEARCH_SCHEMA}.journal_mode = WAL`);
    db.pragma(`${SEARCH_SCHEMA}.synchronous = NORMAL`);
    db.pragma(`${SEARCH_SCHEMA}.journal_size_limit = ${CHECKPOINT_BYTES}`);
  }
  createSchema(db, SEARCH_SCHEMA);
  claimSearchIndex(db);
  return !existed;
}

/** The token that names this workspace to its index file; null at a schema before it (tests of migrations). */
function ownerToken(db: Database.Database): string | null {
  const owned = db.prepare("SELECT 1 FROM main.sqlite_master WHERE name = 'search_index_owner'").get();
  if (!owned) return null;
  return (db.prepare('SELECT token FROM main.search_index_owner').pluck().get() as string | undefined) ?? null;
}

/**
 * True when the attached index file names another workspace as its owner (this one deleted and created
 * anew next to it, or another copied over it): its rows would stand for other lines under the same ids,
 * and it is deleted rather than emptied. Emptied, it was read page by page to free its pages: 8.1 s to
 * open a workspace made next to a 1 GiB bundle's index (1.3 GB), about 45 s next to a 10 GiB bundle's
 * (10.7 GB); deleted, 2.1 s (the file system freeing 10.7 GB). A file named by no one (made before
 * owners were) is emptied by claimSearchIndex, as it always was.
 */
function leftByAnotherWorkspace(db: Database.Database): boolean {
  const mine = ownerToken(db);
  if (mine === null) return false;
  const named = db.prepare(`SELECT 1 FROM ${SEARCH_SCHEMA}.sqlite_master WHERE name = 'fts_owner'`).get();
  const theirs = named ? (db.prepare(`SELECT token FROM ${SEARCH_SCHEMA}.fts_owner`).pluck().get() as string | undefined) : undefined;
  return theirs !== undefined && theirs !== mine;
}

/** Empties an index file that no workspace, or another one, has claimed, and claims it for this one. */
function claimSearchIndex(db: Database.Database): void {
  const mine = ownerToken(db);
  if (mine === null) return;
  const theirs = db.prepare(`SELECT token FROM ${SEARCH_SCHEMA}.fts_owner`).pluck().get() as string | undefined;
  if (mine === theirs) return;
  db.transaction(() => {
    for (const table of indexTables(db)) db.exec(`DROP TABLE ${SEARCH_SCHEMA}.${table}`);
    db.exec(`DELETE FROM ${SEARCH_SCHEMA}.fts_progress; DELETE FROM ${SEARCH_SCHEMA}.fts_owner;`);
    db.prepare(`INSERT INTO ${SEARCH_SCHEMA}.fts_owner (token) VALUES (?)`).run(mine);
  })();
}

/** Opens the search index file on a connection of its own (the ingest's index worker). */
export function prepareSearchConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // A merge of CRISIS_MERGE segments is one transaction, as large as the merged segment (about 2 GB in
  // a 10 GiB bundle): its log file is cut back once the log starts again, not kept at that size.
  db.pragma(`journal_size_limit = ${CHECKPOINT_BYTES}`);
  db.pragma('busy_timeout = 10000');
  createSchema(db, 'main');
}

/** The highest line id of the bundle the index holds (every id before it is indexed); null: none. */
export function indexedTo(db: Database.Database, bundleId: number): number | null {
  const r = db.prepare(`SELECT indexed_to AS t FROM ${SEARCH_SCHEMA}.fts_progress WHERE bundle_id = ?`).get(bundleId) as { t: number } | undefined;
  return r?.t ?? null;
}

export function deleteSearchRows(db: Database.Database, bundleId: number, first: number | null, last: number | null): void {
  dropBundleIndex(db, bundleId, first, last);
  db.prepare(`DELETE FROM ${SEARCH_SCHEMA}.fts_progress WHERE bundle_id = ?`).run(bundleId);
}

/** Rows indexed per transaction when catching up: bounds the transaction and the index's pending memory. */
const CATCH_UP_ROWS = 200_000;

/**
 * Indexes what the index lacks of every published bundle (a workspace from before migration 6, an
 * index file deleted or lost), each into its own table: from its progress to its last line, in
 * transactions of CATCH_UP_ROWS lines. A bundle partly indexed into the shared table of an earlier
 * nodescope is indexed anew. Returns the number of lines indexed. Searches are right meanwhile (fts-scope.ts).
 */
export function catchUpSearchIndex(db: Database.Database): number {
  const bundles = db
    .prepare(
      `SELECT b.id, b.log_first AS first, b.log_last AS last, p.indexed_to AS done FROM bundles b
        LEFT JOIN ${SEARCH_SCHEMA}.fts_progress p ON p.bundle_id = b.id
        WHERE b.state = 'ready' AND b.log_first IS NOT NULL AND (p.indexed_to IS NULL OR p.indexed_to < b.log_last)`,
    )
    .all() as { id: number; first: number; last: number; done: number | null }[];
  const progress = db.prepare(`INSERT OR REPLACE INTO ${SEARCH_SCHEMA}.fts_progress (bundle_id, indexed_to) VALUES (?, ?)`);
  let rows = 0;
  for (const b of bundles) {
    const anew = b.done === null || indexTableOf(db, b.id) !== bundleIndexTable(b.id);
    let from = anew ? b.first : (b.done as number) + 1;
    // A bundle's own table has no rows past its progress mark (both are committed together): it is
    // continued. Anything else (no mark, or the shared table's rows) is dropped and indexed anew.
    const table = anew
      ? db.transaction(() => {
          deleteSearchRows(db, b.id, b.first, b.last);
          return createBundleIndex(db, SEARCH_SCHEMA, b.id);
        })()
      : bundleIndexTable(b.id);
    const insert = db.prepare(
      `INSERT INTO ${SEARCH_SCHEMA}.${table} (rowid, source, line) SELECT id, source, ${SEARCH_TEXT_SQL} FROM main.log_lines WHERE id BETWEEN ? AND ?`,
    );
    while (from <= b.last) {
      const to = Math.min(b.last, from + CATCH_UP_ROWS - 1);
      db.transaction(() => {
        rows += insert.run(from, to).changes;
        progress.run(b.id, to);
      })();
      from = to + 1;
    }
  }
  return rows;
}
