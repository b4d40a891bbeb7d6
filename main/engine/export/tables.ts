import { cachedBundleTemplates } from '../compare/logs';
import { loadGoroutineDump } from '../goroutines/load';
import { frameText } from '../goroutines/buckets';
import { LEVEL_BY_CODE } from '../logs/format';
import { componentOf } from '../profiles/api';
import { decodeStoredProfile } from '../profiles/stored';
import { topTable } from '../profiles/top';
import { processesOf } from '../processes/api';
import { artifactsOfKind } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { bundleLineRange } from '../store/log-range';

/**
 * The tables `nodescope export --parquet` writes, one Parquet dataset each, Hive-partitioned by node.
 * Every row of every table carries bundle_id (two bundles of one node share its partition). The
 * documented schema is docs/parquet.md; a column's type here is its Parquet (DuckDB) type.
 */
export type ColumnType = 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMP';

export interface Column {
  name: string;
  type: ColumnType;
}

export type Cell = string | number | boolean | null;

export interface ExportTable {
  name: string;
  columns: Column[];
  /** The rows of one bundle, streamed: never the whole table in memory. */
  rows(db: Db, bundleId: number): Iterable<Cell[]>;
}

const col = (spec: string): Column[] =>
  spec.split(',').map((s) => {
    const [name, type] = s.trim().split(' ') as [string, ColumnType];
    return { name, type };
  });

/** Text as DuckDB takes it: no NUL (a C string ends there). */
const text = (s: string | null | undefined): string | null => (s === null || s === undefined ? null : s.includes('\u0000') ? s.replace(/\u0000/g, '\uFFFD') : s);

/** Profile rows per profile: the top functions by flat value, as `go tool pprof -top` lists them. */
export const PROFILE_TOP_ROWS = 100;

const nodes: ExportTable = {
  name: 'nodes',
  columns: col('bundle_id BIGINT, node VARCHAR, bundle_name VARCHAR, sha256 VARCHAR, collected_at TIMESTAMP, format VARCHAR, incomplete BOOLEAN, kernel VARCHAR, os VARCHAR, kubelet_version VARCHAR, container_runtime VARCHAR, cgroup_version VARCHAR'),
  *rows(db, id) {
    const b = db.prepare('SELECT node, name, sha256, collected_at, format, incomplete FROM bundles WHERE id = ?').get(id) as {
      node: string;
      name: string;
      sha256: string;
      collected_at: string | null;
      format: string;
      incomplete: number;
    };
    const f = Object.fromEntries((db.prepare('SELECT key, value FROM facts WHERE bundle_id = ?').raw().all(id) as [string, string][]).map(([k, v]) => [k, v]));
    const ts = b.collected_at ? Date.parse(b.collected_at) : NaN;
    yield [id, text(b.node), text(b.name), b.sha256, Number.isNaN(ts) ? null : ts, b.format, b.incomplete === 1, text(f.kernel), text(f.os), text(f.kubeletVersion), text(f.containerRuntime), text(f.cgroupVersion)];
  },
};

const facts: ExportTable = {
  name: 'facts',
  columns: col('bundle_id BIGINT, key VARCHAR, value VARCHAR'),
  *rows(db, id) {
    for (const [k, v] of db.prepare('SELECT key, value FROM facts WHERE bundle_id = ? ORDER BY key').raw().iterate(id) as IterableIterator<[string, string]>) {
      yield [id, text(k), text(v)];
    }
  },
};

interface FindingJson {
  rule: string;
  severity: string;
  title: string;
  summary: string;
  evidence: { artifact: string; line: number | null; text: string }[];
}

const findings: ExportTable = {
  name: 'findings',
  columns: col('bundle_id BIGINT, finding_id BIGINT, rule VARCHAR, severity VARCHAR, title VARCHAR, summary VARCHAR, evidence_count INTEGER, evidence_artifact VARCHAR, evidence_line INTEGER, evidence_text VARCHAR, evidence_json VARCHAR'),
  *rows(db, id) {
    for (const [fid, json] of db.prepare('SELECT id, json FROM findings WHERE bundle_id = ? ORDER BY severity, id').raw().iterate(id) as IterableIterator<[number, string]>) {
      const f = JSON.parse(json) as FindingJson;
      const e = f.evidence[0];
      yield [id, fid, text(f.rule), f.severity, text(f.title), text(f.summary), f.evidence.length, text(e?.artifact), e?.line ?? null, text(e?.text), text(JSON.stringify(f.evidence))];
    }
  },
};

function artifactPaths(db: Db, id: number): Map<number, string> {
  return new Map(db.prepare('SELECT id, path FROM artifacts WHERE bundle_id = ?').raw().all(id) as [number, string][]);
}

const logLines: ExportTable = {
  name: 'log_lines',
  columns: col('bundle_id BIGINT, line_id BIGINT, artifact VARCHAR, line INTEGER, time TIMESTAMP, source VARCHAR, level VARCHAR, header VARCHAR, message VARCHAR'),
  *rows(db, id) {
    const paths = artifactPaths(db, id);
    const range = bundleLineRange(db, id);
    if (range.lo === null || range.hi === null) return;
    const rows = db
      .prepare('SELECT id, artifact_id, line, ts, source, level, text, msg FROM log_lines WHERE id BETWEEN ? AND ? AND bundle_id = ?')
      .raw()
      .iterate(range.lo, range.hi, id) as IterableIterator<[number, number, number, number | null, string | null, number | null, string, number]>;
    for (const [lid, artifact, line, ts, source, level, t, msg] of rows) {
      const clean = text(t) as string;
      yield [id, lid, paths.get(artifact) ?? null, line, ts, text(source), level === null ? null : (LEVEL_BY_CODE[level] ?? null), clean.slice(0, msg), msg > 0 ? clean.slice(msg) : clean];
    }
  },
};

const logTemplates: ExportTable = {
  name: 'log_templates',
  columns: col('bundle_id BIGINT, template VARCHAR, level VARCHAR, count BIGINT, first_line_id BIGINT'),
  *rows(db, id) {
    // Counted and stored first if the ingest could not store them (stopped after the bundle was published).
    cachedBundleTemplates(db, id);
    // The row with an empty template counts the lines beyond the template cap: not a template.
    const rows = db.prepare("SELECT template, level, count, first_id FROM log_templates WHERE bundle_id = ? AND template != '' ORDER BY count DESC").raw().iterate(id) as IterableIterator<[string, number, number, number]>;
    for (const [t, level, count, first] of rows) yield [id, text(t), LEVEL_BY_CODE[level] ?? null, count, first];
  },
};

const processes: ExportTable = {
  name: 'processes',
  columns: col('bundle_id BIGINT, pid BIGINT, ppid BIGINT, command VARCHAR, args VARCHAR, state VARCHAR, wchan VARCHAR, cpu_seconds DOUBLE, rss_kb BIGINT, threads INTEGER, started_at TIMESTAMP, cgroup VARCHAR, kernel_stack VARCHAR'),
  *rows(db, id) {
    for (const p of processesOf(db, id).processes) {
      const started = p.startedAt ? Date.parse(p.startedAt) : NaN;
      yield [
        id,
        p.pid,
        p.ppid,
        text(p.command),
        text(p.args.join(' ')),
        p.state,
        text(p.wchan),
        p.cpuSeconds,
        p.rssKB,
        p.threads,
        Number.isNaN(started) ? null : started,
        text(p.cgroup ? JSON.stringify(p.cgroup) : null),
        p.stack ? text(p.stack.map((f) => f.fn).join(' < ')) : null,
      ];
    }
  },
};

function* goroutineRows(db: Db, id: number): Generator<Cell[]> {
  const arts = [...artifactsOfKind(db, id, 'goroutine-dump'), ...artifactsOfKind(db, id, 'pprof').filter((a) => /goroutine/i.test(a.path))];
  for (const a of arts) {
    let buckets;
    try {
      buckets = loadGoroutineDump(db, a).buckets;
    } catch {
      continue;
    }
    for (const b of buckets) {
      yield [id, text(a.path), text(componentOf(a.path)), b.count, text(b.state), b.waitMinutes, text(b.createdBy), text(b.frames.map(frameText).join('\n'))];
    }
  }
}

const goroutineBuckets: ExportTable = {
  name: 'goroutine_buckets',
  columns: col('bundle_id BIGINT, artifact VARCHAR, component VARCHAR, count BIGINT, state VARCHAR, wait_minutes DOUBLE, created_by VARCHAR, stack VARCHAR'),
  rows: goroutineRows,
};

function* profileRows(db: Db, id: number): Generator<Cell[]> {
  for (const a of artifactsOfKind(db, id, 'pprof')) {
    let top;
    try {
      top = topTable(decodeStoredProfile(db, a), { limit: PROFILE_TOP_ROWS });
    } catch {
      continue;
    }
    let rank = 0;
    for (const r of top.rows) yield [id, text(a.path), text(componentOf(a.path)), text(top.sampleType), ++rank, text(r.name), r.flat, r.cum, top.total];
  }
}

const profileTop: ExportTable = {
  name: 'profile_top',
  columns: col('bundle_id BIGINT, artifact VARCHAR, component VARCHAR, sample_type VARCHAR, rank INTEGER, function VARCHAR, flat BIGINT, cum BIGINT, total BIGINT'),
  rows: profileRows,
};

export const EXPORT_TABLES: ExportTable[] = [nodes, facts, findings, logLines, logTemplates, processes, goroutineBuckets, profileTop];
