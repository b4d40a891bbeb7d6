import { ExportError, exportParquet } from '../engine/export/parquet';
import { UsageError, type Command } from './command';
import { resolveBundle } from './resolve';

export const exportCommand: Command = {
  name: 'export',
  help: `Usage: nodescope export BUNDLE|ID... --parquet DIR [--json] [--db FILE]

Writes the bundles' tables as Parquet files, one dataset per table, Hive-partitioned by node:
DIR/<table>/node=<node>/part-<n>.parquet. Tables: nodes, facts, findings, log_lines, log_templates,
processes, goroutine_buckets, profile_top (schema and one example query each: docs/parquet.md).
Rows stream through in batches: memory stays flat whatever the size. DIR must be new or empty.

Options:
  --parquet DIR   the folder to write
  --json          print {"dir","rows":{"<table>":N},"files":[...]}

Examples:
  nodescope export 1 2 3 --parquet fleet-parquet
  duckdb -c "SELECT node, count(*) FROM read_parquet('fleet-parquet/log_lines/*/*.parquet', hive_partitioning=true) GROUP BY node"`,
  valueOptions: ['parquet'],
  async run(ctx) {
    const dir = ctx.args.options.parquet;
    if (!dir) throw new UsageError('export: give the folder to write with --parquet DIR');
    if (ctx.args.positionals.length === 0) throw new UsageError('export: give at least one bundle (path or id)');
    const ids: number[] = [];
    for (const a of ctx.args.positionals) {
      const id = await resolveBundle(ctx, a);
      if (!ids.includes(id)) ids.push(id);
    }
    try {
      const r = await exportParquet(ctx.db(), ids, dir);
      if (ctx.json) ctx.io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else {
        for (const [table, n] of Object.entries(r.rows)) ctx.io.stdout(`${table}: ${n} rows\n`);
        ctx.io.stdout(`${r.files.length} files under ${r.dir}\n`);
      }
      return 0;
    } catch (e) {
      if (e instanceof ExportError) throw new UsageError(`export: ${e.message}`);
      throw e;
    }
  },
};
