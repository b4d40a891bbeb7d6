/**
 * Fills a workspace with one bundle by direct inserts into the store's tables, the way the ingest
 * stores it: raw bytes in deflated chunks, log lines as rows indexed by FTS5, node facts.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { CHUNK_BYTES } from '../../main/engine/store/artifacts';
import { createBundleIndex } from '../../main/engine/store/search-index';
import type { Db } from '../../main/engine/store/workspace';
import { LOG_KINDS as ENGINE_LOG_KINDS } from '../../main/engine/kinds/guess';

/** The kinds the ingest indexes as log lines (the engine's own list). */
export const LOG_KINDS: ReadonlySet<string> = ENGINE_LOG_KINDS;

export interface StoredFile {
  path: string;
  kind: string;
  /** Text or bytes, stored byte-exact. */
  data: string | Buffer;
}

export interface StoredBundle {
  node?: string;
  facts?: Record<string, string>;
  manifest?: object | null;
  files: StoredFile[];
}

export function storeBundle(db: Db, b: StoredBundle): number {
  const node = b.node ?? 'node-1';
  const sha = crypto.randomBytes(32).toString('hex');
  const collectedAt = b.facts?.collectedAt ?? '2026-11-22T05:00:00.000Z';
  const info = db
    .prepare(
      `INSERT INTO bundles (sha256, name, source_path, node, format, format_version, collected_at, ingested_at,
        size_bytes, manifest_json) VALUES (?, ?, ?, ?, ?, 1, ?, ?, 0, ?)`,
    )
    .run(sha, `${node}.tar.gz`, `/tmp/${node}.tar.gz`, node, b.manifest ? 'manifest' : 'plain', collectedAt,
      new Date(0).toISOString(), b.manifest ? JSON.stringify(b.manifest) : null);
  const bundleId = Number(info.lastInsertRowid);
  const fact = db.prepare('INSERT INTO facts (bundle_id, key, value) VALUES (?, ?, ?)');
  for (const [k, v] of Object.entries({ hostname: node, collectedAt, ...b.facts })) fact.run(bundleId, k, v);
  for (const f of b.files) storeFile(db, bundleId, f);
  return bundleId;
}

function storeFile(db: Db, bundleId: number, f: StoredFile): void {
  const bytes = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
  const lines = splitLines(bytes.toString('utf8'));
  const info = db
    .prepare(
      `INSERT INTO artifacts (bundle_id, path, kind, bytes, sha256, line_count) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(bundleId, f.path, f.kind, bytes.length, crypto.createHash('sha256').update(bytes).digest('hex'), lines.length);
  const artifactId = Number(info.lastInsertRowid);
  const chunk = db.prepare('INSERT INTO artifact_chunks (artifact_id, seq, data) VALUES (?, ?, ?)');
  for (let seq = 0; seq * CHUNK_BYTES < bytes.length || seq === 0; seq++) {
    chunk.run(artifactId, seq, zlib.deflateRawSync(bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES)));
  }
  if (!LOG_KINDS.has(f.kind)) return;
  const line = db.prepare(
    'INSERT INTO log_lines (bundle_id, artifact_id, line, ts, source, level, text) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const fts = ftsInsert(db, bundleId);
  lines.forEach((text, i) => {
    const r = line.run(bundleId, artifactId, i + 1, leadingTime(text), f.kind, text);
    fts(Number(r.lastInsertRowid), f.kind, text);
  });
}

/**
 * How a line goes into the full-text index: the bundle's own table in the index file (the current
 * schema), else the workspace's one table, which held the line's source and the whole line (schema 3),
 * its message (2) or its text (1).
 */
function ftsInsert(db: Db, bundleId: number): (rowid: number, source: string, text: string) => void {
  const current = db.prepare("SELECT 1 FROM pragma_database_list WHERE name = 'search'").get();
  if (current) {
    const own = db.prepare(`INSERT INTO search.${createBundleIndex(db, 'search', bundleId)} (rowid, source, line) VALUES (?, ?, ?)`);
    return (rowid, source, text) => own.run(rowid, source, text);
  }
  const columns = (db.prepare("SELECT name FROM pragma_table_info('log_fts')").all() as { name: string }[]).map((c) => c.name);
  const textColumn = ['line', 'message', 'text'].find((c) => columns.includes(c)) ?? 'line';
  if (columns.includes('source')) {
    const insert = db.prepare(`INSERT INTO log_fts (rowid, source, ${textColumn}) VALUES (?, ?, ?)`);
    return (rowid, source, text) => insert.run(rowid, source, text);
  }
  const insert = db.prepare(`INSERT INTO log_fts (rowid, ${textColumn}) VALUES (?, ?)`);
  return (rowid, _source, text) => insert.run(rowid, text);
}

/** The ISO time a journal (short-iso-precise) or CRI line starts with, in ms; null for other lines. */
function leadingTime(text: string): number | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))\s/.exec(text);
  const ms = m ? Date.parse(m[1] as string) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}
