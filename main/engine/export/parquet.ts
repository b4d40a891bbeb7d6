import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { requireBundle } from '../library/api';
import type { Db } from '../store/workspace';
import { EXPORT_TABLES, type Cell, type Column, type ExportTable } from './tables';

/**
 * The workspace's tables as Parquet files, Hive-partitioned by node:
 * DIR/<table>/node=<node>/part-<n>.parquet. Rows stream from SQLite into a DuckDB staging table a batch
 * at a time; every PART_ROWS rows the batch is written as one Parquet part and dropped, so memory stays
 * flat whatever the bundle's size (DuckDB: one thread, a memory limit, spilling to a temporary folder).
 */

/** Rows per Parquet file (one row group each, zstd-compressed). */
export const PART_ROWS = 250_000;

export interface ExportOptions {
  /** Called after each file with its path and row count. */
  onFile?: (file: string, rows: number) => void;
  partRows?: number;
}

export interface ExportResult {
  dir: string;
  /** Table → rows written (over every bundle). */
  rows: Record<string, number>;
  files: string[];
}

export class ExportError extends Error {}

/** A Hive partition value that is one safe path segment ("worker-1", "ip-10-0-0-1.ec2.internal"). */
export function partitionValue(node: string): string {
  const v = encodeURIComponent(node).replace(/\*/g, '%2A');
  return v === '' || v === '.' || v === '..' ? `_${v}` : v;
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Staged as DuckDB stores them; TIMESTAMP columns as epoch milliseconds, converted when written. */
function stagedType(c: Column): string {
  return c.type === 'TIMESTAMP' ? 'BIGINT' : c.type;
}

function selectList(columns: Column[]): string {
  return columns.map((c) => (c.type === 'TIMESTAMP' ? `epoch_ms("${c.name}") AS "${c.name}"` : `"${c.name}"`)).join(', ');
}

function append(app: DuckDBAppender, c: Column, v: Cell): void {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return app.appendNull();
  switch (c.type) {
    case 'BIGINT':
    case 'TIMESTAMP':
      return app.appendBigInt(BigInt(Math.trunc(Number(v))));
    case 'INTEGER':
      return app.appendInteger(Math.trunc(Number(v)));
    case 'DOUBLE':
      return app.appendDouble(Number(v));
    case 'BOOLEAN':
      return app.appendBoolean(Boolean(v));
    default:
      return app.appendVarchar(String(v));
  }
}

class TableWriter {
  private app: DuckDBAppender | null = null;
  private pending = 0;
  readonly files: string[] = [];
  total = 0;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly table: ExportTable,
    private readonly dir: string,
    private readonly partRows: number,
    private readonly parts: Map<string, number>,
    private readonly onFile?: (file: string, rows: number) => void,
  ) {}

  private get stage(): string {
    return `stage_${this.table.name}`;
  }

  async open(): Promise<void> {
    const cols = this.table.columns.map((c) => `"${c.name}" ${stagedType(c)}`).join(', ');
    await this.conn.run(`CREATE OR REPLACE TABLE ${this.stage} (${cols})`);
    this.app = await this.conn.createAppender(this.stage);
  }

  async bundle(db: Db, bundleId: number, node: string): Promise<void> {
    const columns = this.table.columns;
    for (const row of this.table.rows(db, bundleId)) {
      const app = this.app as DuckDBAppender;
      for (let i = 0; i < columns.length; i++) append(app, columns[i] as Column, row[i] ?? null);
      app.endRow();
      if (++this.pending >= this.partRows) await this.flush(node);
    }
    await this.flush(node);
  }

  /** Writes what is staged as the node's next part file, and empties the stage. */
  private async flush(node: string): Promise<void> {
    if (this.pending === 0) return;
    const app = this.app as DuckDBAppender;
    app.flushSync();
    const key = partitionValue(node);
    const n = this.parts.get(`${this.table.name}\u0000${key}`) ?? 0;
    this.parts.set(`${this.table.name}\u0000${key}`, n + 1);
    const folder = path.join(this.dir, this.table.name, `node=${key}`);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `part-${n}.parquet`);
    await this.conn.run(`COPY (SELECT ${selectList(this.table.columns)} FROM ${this.stage}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${this.partRows})`);
    app.closeSync();
    await this.conn.run(`DELETE FROM ${this.stage}`);
    this.app = await this.conn.createAppender(this.stage);
    this.files.push(file);
    this.total += this.pending;
    this.onFile?.(file, this.pending);
    this.pending = 0;
  }

  async close(): Promise<void> {
    this.app?.closeSync();
    this.app = null;
    await this.conn.run(`DROP TABLE IF EXISTS ${this.stage}`);
  }
}

/** Refuses a DIR that holds anything: a second export into it would mix stale parts into the counts. */
function prepareDir(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new ExportError(`${dir} exists and is not a folder`);
    if (fs.readdirSync(dir).length > 0) throw new ExportError(`${dir} is not empty: export into a new or empty folder`);
  }
  fs.mkdirSync(dir, { recursive: true });
}

/** Writes every export table of the bundles under dir. */
export async function exportParquet(db: Db, bundleIds: number[], dir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const bundles = bundleIds.map((id) => ({ id, node: requireBundle(db, id).node }));
  prepareDir(dir);
  const spill = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-export-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '256MB', temp_directory: spill, preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  const result: ExportResult = { dir, rows: {}, files: [] };
  const parts = new Map<string, number>();
  try {
    for (const table of EXPORT_TABLES) {
      const w = new TableWriter(conn, table, dir, options.partRows ?? PART_ROWS, parts, options.onFile);
      await w.open();
      try {
        for (const b of bundles) await w.bundle(db, b.id, b.node);
      } finally {
        await w.close();
      }
      result.rows[table.name] = w.total;
      result.files.push(...w.files);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(spill, { recursive: true, force: true });
  }
  return result;
}
