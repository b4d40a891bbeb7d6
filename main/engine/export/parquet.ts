import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { requireBundle } from '../library/api';
import { withPageCache, type Db } from '../store/workspace';
import { EXPORT_TABLES, type Cell, type Column, type ExportTable } from './tables';

/**
 * The workspace's tables as Parquet files, Hive-partitioned by node:
 * DIR/<table>/node=<node>/part-<n>.parquet. Rows stream from SQLite into a staging CSV file in a
 * temporary folder, written a block at a time; every PART_ROWS rows DuckDB reads that file (streaming,
 * one thread, under a memory limit) into one zstd Parquet part, and the file is removed. Memory stays
 * flat whatever the bundle's size; the temporary folder holds at most one part's CSV.
 */

/** Rows per Parquet file. */
export const PART_ROWS = 1_000_000;
/**
 * Rows per row group. DuckDB's default (122,880) buffered a row group of every column with its
 * dictionaries outside its memory limit: 647 MB peak RSS for the 1 GiB bench bundle, 359 MB with this
 * (and the two settings below), files of the same size (182 MB).
 */
const ROW_GROUP_ROWS = 16_384;
/** The workspace connection's page cache while it exports (KiB): each row is read once. */
const EXPORT_CACHE_KIB = 8192;

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

/** A CSV field: numbers as they are, text always quoted (so "" is an empty string and nothing is NULL). */
function csvField(c: Column, v: Cell): string {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
  switch (c.type) {
    case 'BIGINT':
    case 'TIMESTAMP':
    case 'INTEGER':
      return String(Math.trunc(Number(v)));
    case 'DOUBLE':
      return String(Number(v));
    case 'BOOLEAN':
      return v ? 'true' : 'false';
    default: {
      const t = String(v).length > MAX_TEXT_CHARS ? `${String(v).slice(0, MAX_TEXT_CHARS)}…` : String(v);
      return t.includes('"') ? `"${t.replace(/"/g, '""')}"` : `"${t}"`;
    }
  }
}

/** How the staged CSV is read back: column types, and TIMESTAMP from epoch milliseconds. */
function csvColumns(columns: Column[]): string {
  return `{${columns.map((c) => `'${c.name}': '${c.type === 'TIMESTAMP' ? 'BIGINT' : c.type}'`).join(', ')}}`;
}

function selectList(columns: Column[]): string {
  return columns.map((c) => (c.type === 'TIMESTAMP' ? `epoch_ms("${c.name}") AS "${c.name}"` : `"${c.name}"`)).join(', ');
}

/** Staged CSV is written in blocks of about this many characters. */
const BLOCK_CHARS = 1 << 20;
/** Text longer than this is cut (ending with …): a staged CSV line stays under MAX_LINE_BYTES. */
export const MAX_TEXT_CHARS = 1 << 20;
/** Also DuckDB's CSV buffer: one line must fit in it, and a larger one is memory held for nothing. */
const MAX_LINE_BYTES = 16 << 20;

class TableWriter {
  private fd: number | null = null;
  private block: string[] = [];
  private blockChars = 0;
  private pending = 0;
  readonly files: string[] = [];
  total = 0;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly table: ExportTable,
    private readonly dir: string,
    private readonly staging: string,
    private readonly partRows: number,
    private readonly parts: Map<string, number>,
    private readonly onFile?: (file: string, rows: number) => void,
  ) {}

  private get csv(): string {
    return path.join(this.staging, `${this.table.name}.csv`);
  }

  private writeBlock(): void {
    if (this.blockChars === 0) return;
    this.fd ??= fs.openSync(this.csv, 'w');
    fs.writeSync(this.fd, this.block.join(''));
    this.block = [];
    this.blockChars = 0;
  }

  async bundle(db: Db, bundleId: number, node: string): Promise<void> {
    const columns = this.table.columns;
    const n = columns.length;
    for (const row of this.table.rows(db, bundleId)) {
      let line = '';
      for (let i = 0; i < n; i++) line += (i ? ',' : '') + csvField(columns[i] as Column, row[i] ?? null);
      line += '\n';
      this.block.push(line);
      this.blockChars += line.length;
      if (this.blockChars >= BLOCK_CHARS) this.writeBlock();
      if (++this.pending >= this.partRows) await this.flush(node);
    }
    await this.flush(node);
  }

  /** Writes what is staged as the node's next part file, and empties the stage. */
  private async flush(node: string): Promise<void> {
    if (this.pending === 0) return;
    this.writeBlock();
    fs.closeSync(this.fd as number);
    this.fd = null;
    const key = partitionValue(node);
    const n = this.parts.get(`${this.table.name}\u0000${key}`) ?? 0;
    this.parts.set(`${this.table.name}\u0000${key}`, n + 1);
    const folder = path.join(this.dir, this.table.name, `node=${key}`);
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `part-${n}.parquet`);
    const source = `read_csv(${sqlString(this.csv)}, header = false, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = ${csvColumns(this.table.columns)}, max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${MAX_LINE_BYTES})`;
    await this.conn.run(`COPY (SELECT ${selectList(this.table.columns)} FROM ${source}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`);
    fs.rmSync(this.csv, { force: true });
    this.files.push(file);
    this.total += this.pending;
    this.onFile?.(file, this.pending);
    this.pending = 0;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.csv, { force: true });
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
  // Loaded here, not at the top: DuckDB's binding costs every other command 40 ms of start-up.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '128MB', temp_directory: spill, preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  const result: ExportResult = { dir, rows: {}, files: [] };
  const parts = new Map<string, number>();
  try {
    await withPageCache(db, EXPORT_CACHE_KIB, async () => {
      for (const table of EXPORT_TABLES) {
        const w = new TableWriter(conn, table, dir, spill, options.partRows ?? PART_ROWS, parts, options.onFile);
        try {
          for (const b of bundles) await w.bundle(db, b.id, b.node);
        } finally {
          w.close();
        }
        result.rows[table.name] = w.total;
        result.files.push(...w.files);
      }
    });
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(spill, { recursive: true, force: true });
  }
  return result;
}
