/**
 * `nodescope export --parquet` read back by a real engine (DuckDB, through @duckdb/node-api's prebuilt
 * binary): every table's row count equals the workspace's, partitioned by node, and every example query
 * of docs/parquet.md runs. Bundles: the demo node (logs, findings, processes, etcd profiles and
 * goroutines) and a bench bundle (test/bench/generate.mjs) at a small size, cut into several parts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../main/engine';
import { exportParquet, partitionValue } from '../../main/engine/export/parquet';
import { EXPORT_TABLES } from '../../main/engine/export/tables';
import { parseGoroutineDump } from '../../main/engine/goroutines';
import { processesOf } from '../../main/engine/processes/api';
import { artifactsOfKind, readArtifactBytes } from '../../main/engine/store/artifacts';
import type { Db } from '../../main/engine/store/workspace';
import { nodescope } from '../support/cli';
import { tempDir } from '../support/tarball';

const REPO = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DEMO: string = (require('../../main/start.cjs') as { DEMO_BUNDLE: string }).DEMO_BUNDLE;

const tmp = tempDir('nodescope-parquet-');
afterAll(() => tmp.cleanup());

async function benchBundle(dir: string, bytes: number): Promise<string> {
  const { generateBundle } = (await import(path.join(REPO, 'test/bench/generate.mjs'))) as { generateBundle: (d: string, b: number) => Promise<string> };
  return generateBundle(dir, bytes);
}

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  const r = await conn.runAndReadAll(sql);
  return Number(r.getRows()[0]?.[0]);
}

/** The rows the workspace holds for each exported table, counted from SQLite and the parsed artifacts. */
function workspaceCounts(db: Db, ids: number[]): Record<string, number> {
  const inIds = `(${ids.join(',')})`;
  const sql = (q: string): number => db.prepare(q).pluck().get() as number;
  const goroutines = ids.reduce(
    (n, id) =>
      n +
      [...artifactsOfKind(db, id, 'goroutine-dump'), ...artifactsOfKind(db, id, 'pprof').filter((a) => /goroutine/i.test(a.path))].reduce((m, a) => {
        try {
          return m + parseGoroutineDump(readArtifactBytes(db, a.id)).buckets.length;
        } catch {
          return m;
        }
      }, 0),
    0,
  );
  return {
    nodes: ids.length,
    facts: sql(`SELECT count(*) FROM facts WHERE bundle_id IN ${inIds}`),
    findings: sql(`SELECT count(*) FROM findings WHERE bundle_id IN ${inIds}`),
    log_lines: sql(`SELECT count(*) FROM log_lines WHERE bundle_id IN ${inIds}`),
    log_templates: sql(`SELECT count(*) FROM log_templates WHERE bundle_id IN ${inIds} AND template != ''`),
    processes: ids.reduce((n, id) => n + processesOf(db, id).processes.length, 0),
    goroutine_buckets: goroutines,
  };
}

describe('export --parquet, read by DuckDB', () => {
  const dbFile = path.join(tmp.dir, 'ws.db');
  const out = path.join(tmp.dir, 'parquet');
  let ids: number[] = [];
  let conn: DuckDBConnection;
  let instance: DuckDBInstance;
  let written: Record<string, number> = {};

  beforeAll(async () => {
    const bench = await benchBundle(path.join(tmp.dir, 'bench'), 6 * 2 ** 20);
    const r = nodescope(['ingest', DEMO, bench, '--json', '--db', dbFile]);
    expect(r.status, r.stderr).toBe(0);
    ids = (JSON.parse(r.stdout) as { bundles: { id: number }[] }).bundles.map((b) => b.id);
    const db = openEngine(dbFile);
    try {
      // The demo's template counts were never stored, as when an ingest stops after publishing the bundle.
      db.prepare('DELETE FROM log_templates WHERE bundle_id = ?').run(ids[0]);
      // Small parts, so the bench bundle's log lines span several files of one partition.
      written = (await exportParquet(db, ids, out, { partRows: 20_000 })).rows;
    } finally {
      db.close();
    }
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
  });
  afterAll(() => {
    conn?.closeSync();
    instance?.closeSync();
  });

  const scan = (table: string): string => `read_parquet('${out}/${table}/*/*.parquet', hive_partitioning = true)`;

  it('has the same row count as the workspace in every table', async () => {
    const db = openEngine(dbFile);
    try {
      const expected = workspaceCounts(db, ids);
      for (const [table, n] of Object.entries(expected)) {
        expect(n, table).toBeGreaterThan(0);
        expect(await count(conn, `SELECT count(*) FROM ${scan(table)}`), table).toBe(n);
        expect(written[table], table).toBe(n);
      }
      expect(await count(conn, `SELECT count(*) FROM ${scan('profile_top')}`)).toBe(written.profile_top);
      expect(written.profile_top).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('writes row groups of at most 16,384 rows, so DuckDB never buffers a large one (647 MB peak at its default)', async () => {
    const groups = await conn.runAndReadAll(`SELECT max(row_group_num_rows), count(DISTINCT (file_name, row_group_id)) FROM parquet_metadata('${out}/log_lines/*/*.parquet')`);
    const [largest, count] = groups.getRows()[0] as [bigint, bigint];
    expect(Number(largest)).toBeLessThanOrEqual(16_384);
    expect(Number(largest)).toBeGreaterThan(10_000);
    expect(Number(count)).toBeGreaterThan(2);
  });

  it('exports the log templates of a bundle whose ingest did not store them: they are counted then', async () => {
    expect(await count(conn, `SELECT count(*) FROM ${scan('log_templates')} WHERE bundle_id = ${ids[0]}`)).toBeGreaterThan(10);
  });

  it('is partitioned by node: one folder per node, the node column comes from the path', async () => {
    const nodes = (await conn.runAndReadAll(`SELECT DISTINCT node FROM ${scan('log_lines')} ORDER BY node`)).getRows().map((r) => r[0]);
    const db0 = openEngine(dbFile);
    const expected = (db0.prepare('SELECT node FROM bundles ORDER BY node').pluck().all() as string[]).sort();
    db0.close();
    expect(expected).toContain('bench-node');
    expect(nodes).toEqual(expected);
    expect(fs.readdirSync(path.join(out, 'log_lines')).sort()).toEqual(expected.map((n) => `node=${n}`).sort());
    expect(fs.readdirSync(path.join(out, 'log_lines', 'node=bench-node')).length).toBeGreaterThan(1);
    // Per node, the lines of one bundle are the workspace's lines of that bundle.
    const db = openEngine(dbFile);
    try {
      for (const id of ids) {
        const node = db.prepare('SELECT node FROM bundles WHERE id = ?').pluck().get(id) as string;
        const n = db.prepare('SELECT count(*) FROM log_lines WHERE bundle_id = ?').pluck().get(id) as number;
        expect(await count(conn, `SELECT count(*) FROM ${scan('log_lines')} WHERE node = '${node}' AND bundle_id = ${id}`)).toBe(n);
      }
    } finally {
      db.close();
    }
  });

  it('keeps types an engine can use: times as TIMESTAMP, levels as names, messages without the stamp', async () => {
    const r = await conn.runAndReadAll(
      `SELECT typeof(time), level, header, message, line_id FROM ${scan('log_lines')} WHERE level = 'error' AND time IS NOT NULL AND header != '' LIMIT 1`,
    );
    const [type, level, header, message, lineId] = r.getRows()[0] as [string, string, string, string, bigint];
    expect(type).toBe('TIMESTAMP');
    expect(level).toBe('error');
    const db = openEngine(dbFile);
    try {
      // header || message is the line as the node wrote it.
      expect(header + message).toBe(db.prepare('SELECT text FROM log_lines WHERE id = ?').pluck().get(Number(lineId)));
    } finally {
      db.close();
    }
  });

  it('runs every example query of docs/parquet.md', async () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs/parquet.md'), 'utf8');
    const queries = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => (m[1] as string).replaceAll('DIR/', `${out}/`));
    const tables = EXPORT_TABLES.map((t) => t.name);
    for (const t of tables) expect(queries.some((q) => q.includes(`/${t}/`)), `an example query for ${t}`).toBe(true);
    for (const q of queries) {
      const rows = (await conn.runAndReadAll(q)).getRows();
      expect(rows.length, q).toBeGreaterThan(0);
    }
  });

  it('refuses a folder that is not empty, and names nodes safely as one path segment', async () => {
    const r = nodescope(['export', String(ids[0]), '--parquet', out, '--db', dbFile]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not empty/);
    expect(partitionValue('ip-10-0-0-1.ec2.internal')).toBe('ip-10-0-0-1.ec2.internal');
    expect(partitionValue('../etc')).toBe('..%2Fetc');
    expect(partitionValue('..')).toBe('_..');
  });
});
