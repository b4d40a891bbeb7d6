/**
 * Numbered schema migrations. Never edit a released one: add the next number. Every table is keyed
 * by bundle (directly or through artifacts/log_lines), and ON DELETE CASCADE removes a bundle whole.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Runs with foreign-key enforcement off (SQLite's procedure for rebuilding a table that others
   * reference: dropping it with enforcement on would cascade), checked with foreign_key_check after.
   */
  rebuildsTable?: true;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'bundles, artifacts, log lines, facts, findings',
    sql: `
      CREATE TABLE bundles (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        source_path TEXT NOT NULL,
        node TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('manifest', 'plain')),
        format_version INTEGER,
        collected_at TEXT,
        ingested_at TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        incomplete INTEGER NOT NULL DEFAULT 0,
        manifest_json TEXT,
        errors_json TEXT NOT NULL DEFAULT '[]',
        guessed_json TEXT NOT NULL DEFAULT '[]',
        rules_version TEXT,
        -- An ingest writes in batches under state 'ingesting' (invisible to every reader) and publishes
        -- the bundle by setting 'ready'; rows left by a killed ingest are removed on the next open.
        state TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('ingesting', 'ready')),
        ingest_pid INTEGER,
        -- The bundle's log lines are the rowid range [log_first, log_last] of log_lines.
        log_first INTEGER,
        log_last INTEGER
      );
      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY,
        bundle_id INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        kind_guessed INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        line_count INTEGER NOT NULL DEFAULT 0,
        truncated INTEGER NOT NULL DEFAULT 0,
        item_json TEXT,
        UNIQUE (bundle_id, path)
      );
      CREATE INDEX artifacts_kind ON artifacts(bundle_id, kind);
      -- Raw bytes, deflated in chunks of CHUNK_BYTES: evidence is quoted byte-exact from here.
      CREATE TABLE artifact_chunks (
        artifact_id INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (artifact_id, seq)
      ) WITHOUT ROWID;
      -- Deleted with their artifact (bundle_id has no foreign key: a cascade on it would scan the table).
      CREATE TABLE log_lines (
        id INTEGER PRIMARY KEY,
        bundle_id INTEGER NOT NULL,
        artifact_id INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        ts INTEGER,
        source TEXT,
        level INTEGER,
        text TEXT NOT NULL,
        -- Offset (in characters) where the message proper starts: the part that is full-text indexed.
        msg INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX log_lines_artifact ON log_lines(artifact_id, line);
      -- Contentless: the text lives once, in log_lines; rowid = log_lines.id. Indexed: the line's
      -- source and its message (not its stamps, which would add millions of one-off tokens).
      CREATE VIRTUAL TABLE log_fts USING fts5(source, message, content='', contentless_delete=1);
      -- Bulk loads: no incremental merging on insert (crisismerge still bounds the segments per level).
      INSERT INTO log_fts (log_fts, rank) VALUES ('automerge', 0);
      CREATE TABLE facts (
        bundle_id INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (bundle_id, key)
      ) WITHOUT ROWID;
      CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        bundle_id INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        severity INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX findings_bundle ON findings(bundle_id, severity);
    `,
  },
  {
    version: 2,
    name: 'log templates: lines counted by message pattern at ingest, for compare',
    sql: `
      CREATE TABLE log_templates (
        bundle_id INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
        template TEXT NOT NULL,
        level INTEGER NOT NULL,
        count INTEGER NOT NULL,
        first_id INTEGER NOT NULL,
        PRIMARY KEY (bundle_id, template)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'bundle ids are never reused (AUTOINCREMENT): a deleted bundle\'s id keeps pointing at nothing',
    rebuildsTable: true,
    sql: `
      CREATE TABLE bundles_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sha256 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        source_path TEXT NOT NULL,
        node TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('manifest', 'plain')),
        format_version INTEGER,
        collected_at TEXT,
        ingested_at TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        incomplete INTEGER NOT NULL DEFAULT 0,
        manifest_json TEXT,
        errors_json TEXT NOT NULL DEFAULT '[]',
        guessed_json TEXT NOT NULL DEFAULT '[]',
        rules_version TEXT,
        state TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('ingesting', 'ready')),
        ingest_pid INTEGER,
        log_first INTEGER,
        log_last INTEGER
      );
      INSERT INTO bundles_new SELECT id, sha256, name, source_path, node, format, format_version, collected_at,
        ingested_at, size_bytes, incomplete, manifest_json, errors_json, guessed_json, rules_version, state,
        ingest_pid, log_first, log_last FROM bundles;
      DROP TABLE bundles;
      ALTER TABLE bundles_new RENAME TO bundles;
    `,
  },
  {
    version: 4,
    name: 'artifact aliases: links inside a bundle that point to another of its entries (sos, troubleshoot)',
    sql: `
      CREATE TABLE artifact_aliases (
        bundle_id INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        target TEXT NOT NULL,
        PRIMARY KEY (bundle_id, path)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'search the whole log line: the index holds source and the line (host, unit, pid, klog header, message)',
    // Rebuilt from log_lines, so a workspace from before is searchable the same way once opened.
    // nodescope_search_text (store/search-text.ts, registered on every connection) drops prefix clock times.
    sql: `
      DROP TABLE log_fts;
      CREATE VIRTUAL TABLE log_fts USING fts5(source, line, content='', contentless_delete=1);
      INSERT INTO log_fts (log_fts, rank) VALUES ('automerge', 0);
      INSERT INTO log_fts (rowid, source, line) SELECT id, source, nodescope_search_text(text, msg) FROM log_lines;
    `,
  },
  {
    version: 6,
    name: 'the full-text index moves to a file of its own (<workspace>-search, attached as schema search), built on a worker thread',
    // The attached index is filled from log_lines when the workspace is next opened for use (catchUpSearchIndex
    // in openEngine); until then, searches scan the lines the index lacks.
    // search_index_owner names this workspace to its index file: an index file left by another
    // workspace (this one deleted and made anew, another copied over it) is emptied, not trusted.
    sql: `
      DROP TABLE main.log_fts;
      CREATE TABLE search_index_owner (token TEXT NOT NULL);
      INSERT INTO search_index_owner (token) VALUES (lower(hex(randomblob(16))));
    `,
  },
  {
    version: 7,
    name: 'log templates count the lines of logs only, not of generic text files: stored counts are dropped, a compare counts them again',
    sql: `
      DELETE FROM log_templates;
    `,
  },
  {
    version: 8,
    name: 'a bundle keeps how many kinds were guessed, not their list (each artifact row says whether its kind was guessed)',
    // The list grew with the bundle's files (160,000 pod logs: a 20 MB row, parsed by every detail).
    sql: `
      ALTER TABLE bundles ADD COLUMN guessed_count INTEGER NOT NULL DEFAULT 0;
      UPDATE bundles SET guessed_count = CASE WHEN json_valid(guessed_json) THEN json_array_length(guessed_json) ELSE 0 END;
      ALTER TABLE bundles DROP COLUMN guessed_json;
    `,
  },
  {
    version: 9,
    name: "an artifact's log lines keep their times' summary: the first time, the latest, and whether they ever step back",
    // Written at ingest (ingest/log-summary.ts), so that the Logs view merges a bundle's logs by time
    // without reading every line's time first (search/bundle-files.ts). NULL in steps_back: not
    // recorded (an artifact ingested before), read from its lines when asked.
    sql: `
      ALTER TABLE artifacts ADD COLUMN log_first_ts INTEGER;
      ALTER TABLE artifacts ADD COLUMN log_max_ts INTEGER;
      ALTER TABLE artifacts ADD COLUMN log_steps_back INTEGER;
    `,
  },
  {
    version: 10,
    name: "an artifact's log lines keep their first and last line ids too",
    // Written at ingest with the times' summary; read by search/bundle-files.ts when steps_back is set.
    sql: `
      ALTER TABLE artifacts ADD COLUMN log_first_id INTEGER;
      ALTER TABLE artifacts ADD COLUMN log_last_id INTEGER;
    `,
  },
  {
    version: 11,
    name: "a log whose clock steps back keeps the latest time of each block of its lines",
    // Written at ingest with the times' summary (ingest/log-summary.ts): the Logs view places such a
    // log's lines without reading their times first. NULL: a log in time order, or not recorded.
    sql: `
      ALTER TABLE artifacts ADD COLUMN log_block_latest BLOB;
    `,
  },
];
