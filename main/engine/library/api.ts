import type { ArtifactContent, ArtifactSummary, BundleDetail, BundleSummary, BundlesApi, CompletenessGap, FindingCounts, IngestError } from '../../../shared/api';
import type { BundleManifest, ManifestItem } from '../../../shared/bundle-format';
import { RULES_VERSION } from '../rules';
import { findArtifact, listArtifacts, readArtifactBytes, type ArtifactRow } from '../store/artifacts';
import { deleteBundleRows } from '../store/staging';
import type { Db } from '../store/workspace';

/** A request for something the workspace does not have: the adapters turn it into a 404-like error. */
export class NotFoundError extends Error {}

interface BundleRow {
  id: number;
  sha256: string;
  name: string;
  node: string;
  format: 'manifest' | 'plain';
  collected_at: string | null;
  ingested_at: string;
  size_bytes: number;
  incomplete: number;
  manifest_json: string | null;
  errors_json: string;
  guessed_count: number;
  log_first: number | null;
  log_last: number | null;
  rules_version: string | null;
}

const DEFAULT_READ = 1 << 20;

export function bundlesApi(db: Db): BundlesApi {
  return {
    async listBundles() {
      return listBundleSummaries(db);
    },
    async getBundle(id) {
      return bundleDetail(db, id);
    },
    async removeBundle(id) {
      requireBundle(db, id);
      deleteBundleRows(db, id);
    },
    async listArtifacts(id) {
      requireBundle(db, id);
      return listArtifacts(db, id).map(artifactSummary);
    },
    async readArtifact(id, path, offset = 0, length = DEFAULT_READ) {
      requireBundle(db, id);
      const a = findArtifact(db, id, path);
      if (!a) throw new NotFoundError(`bundle ${id} has no artifact "${path}"`);
      return content(path, a.bytes, offset, readArtifactBytes(db, a.id, offset, length));
    },
  };
}

export function requireBundle(db: Db, id: number): BundleRow {
  const row = db.prepare("SELECT * FROM bundles WHERE id = ? AND state = 'ready'").get(id) as BundleRow | undefined;
  if (!row) throw new NotFoundError(`no bundle with id ${id} in the workspace`);
  return row;
}

/** An API area whose every method reads one bundle, named by its first argument. */
type PerBundleApi<T> = { [K in keyof T]: (bundle: number, ...rest: never[]) => Promise<unknown> };

/**
 * The area's methods refuse a bundle the workspace does not hold (removed while a view was open) with
 * NotFoundError; without this they answer as for a bundle that lacks the files ("Not collected").
 */
export function forReadyBundles<T extends PerBundleApi<T>>(db: Db, api: T): T {
  const checked: Partial<T> = {};
  for (const key of Object.keys(api) as (keyof T)[]) {
    const method = api[key];
    checked[key] = ((bundle: number, ...rest: never[]) => {
      try {
        requireBundle(db, bundle);
      } catch (e) {
        return Promise.reject(e);
      }
      return method(bundle, ...rest);
    }) as T[keyof T];
  }
  return checked as T;
}

export function bundleDetail(db: Db, id: number): BundleDetail {
  const row = requireBundle(db, id);
  const manifest = row.manifest_json ? (JSON.parse(row.manifest_json) as BundleManifest) : null;
  const facts = Object.fromEntries(
    (db.prepare('SELECT key, value FROM facts WHERE bundle_id = ?').all(id) as { key: string; value: string }[]).map((f) => [f.key, f.value]),
  );
  const artifacts = db.prepare('SELECT count(*) AS a FROM artifacts WHERE bundle_id = ?').get(id) as { a: number };
  const counts = { a: artifacts.a, l: logLineCount(db, row) };
  return {
    ...summary(db, row),
    manifest,
    facts,
    errors: JSON.parse(row.errors_json) as IngestError[],
    guessedCount: row.guessed_count,
    completeness: manifest ? completeness(manifest.items) : [],
    artifactCount: counts.a,
    logLineCount: counts.l,
  };
}

/**
 * A bundle's log lines are the id range [log_first, log_last] (ingest numbers them in order, one bundle
 * at a time): counted without a scan, so switching bundles costs the same in a workspace of 100.
 */
function logLineCount(db: Db, row: BundleRow): number {
  if (row.log_first !== null && row.log_last !== null) return row.log_last - row.log_first + 1;
  if (row.log_first !== null) return 0;
  return (db.prepare('SELECT count(*) AS l FROM log_lines WHERE bundle_id = ?').get(row.id) as { l: number }).l;
}

type SummaryRow = Pick<BundleRow, 'id' | 'sha256' | 'name' | 'node' | 'format' | 'collected_at' | 'ingested_at' | 'size_bytes' | 'incomplete' | 'rules_version'>;

/**
 * The bundle list in three queries whatever the number of bundles, without the manifest, error and
 * guess lists (a must-gather's run to megabytes): the list is what the app shows first.
 */
function listBundleSummaries(db: Db): BundleSummary[] {
  const rows = db
    .prepare(
      `SELECT id, sha256, name, node, format, collected_at, ingested_at, size_bytes, incomplete, rules_version
         FROM bundles WHERE state = 'ready' ORDER BY ingested_at DESC, id DESC`,
    )
    .all() as SummaryRow[];
  const layouts = new Map(
    (db.prepare("SELECT bundle_id AS id, value FROM facts WHERE key = 'layout'").all() as { id: number; value: string }[]).map((f) => [f.id, f.value]),
  );
  const counts = new Map<number, FindingCounts>();
  const severities = db.prepare('SELECT bundle_id AS id, severity, count(*) AS n FROM findings GROUP BY bundle_id, severity').all() as {
    id: number;
    severity: number;
    n: number;
  }[];
  for (const s of severities) {
    const c = counts.get(s.id) ?? { critical: 0, warning: 0, info: 0 };
    c[severityName(s.severity)] += s.n;
    counts.set(s.id, c);
  }
  return rows.map((r) => summaryOf(r, layouts.get(r.id) ?? null, counts.get(r.id) ?? { critical: 0, warning: 0, info: 0 }));
}

function summary(db: Db, r: SummaryRow): BundleSummary {
  const layout = db.prepare("SELECT value FROM facts WHERE bundle_id = ? AND key = 'layout'").get(r.id) as { value: string } | undefined;
  return summaryOf(r, layout?.value ?? null, findingCounts(db, r.id));
}

function summaryOf(r: SummaryRow, layout: string | null, findingCounts: FindingCounts): BundleSummary {
  return {
    id: r.id,
    sha256: r.sha256,
    name: r.name,
    node: r.node,
    collectedAt: r.collected_at,
    ingestedAt: r.ingested_at,
    sizeBytes: r.size_bytes,
    format: r.format,
    incomplete: r.incomplete === 1,
    layout,
    findingCounts,
    findingsFromOlderRules: r.rules_version !== RULES_VERSION,
  };
}

const severityName = (severity: number): keyof FindingCounts => (['critical', 'warning', 'info'] as const)[severity] ?? 'info';

export function findingCounts(db: Db, bundleId: number): FindingCounts {
  const rows = db.prepare('SELECT severity, count(*) AS n FROM findings WHERE bundle_id = ? GROUP BY severity').all(bundleId) as {
    severity: number;
    n: number;
  }[];
  const counts: FindingCounts = { critical: 0, warning: 0, info: 0 };
  for (const r of rows) counts[severityName(r.severity)] += r.n;
  return counts;
}

/** What the collector did not bring back whole: never to be mistaken for a healthy reading. */
export function completeness(items: ManifestItem[]): CompletenessGap[] {
  const gaps: CompletenessGap[] = [];
  for (const it of items) {
    if (it.skipped) gaps.push({ path: it.path, kind: it.kind, problem: 'skipped', detail: it.skipped });
    else if (it.timedOut) gaps.push({ path: it.path, kind: it.kind, problem: 'timed-out', detail: `${it.command ?? it.source ?? it.kind} timed out after ${Math.round((it.durationMs ?? 0) / 1000)} s` });
    else if (it.truncated) gaps.push({ path: it.path, kind: it.kind, problem: 'truncated', detail: `cut to ${it.bytes ?? '?'} of ${it.originalBytes ?? '?'} bytes` });
    else if (it.exitCode !== null && it.exitCode !== undefined && it.exitCode !== 0)
      gaps.push({ path: it.path, kind: it.kind, problem: 'failed', detail: `${it.command ?? it.kind} exited with ${it.exitCode}` });
  }
  return gaps;
}

function artifactSummary(a: ArtifactRow): ArtifactSummary {
  const item = a.itemJson ? (JSON.parse(a.itemJson) as ManifestItem) : null;
  return {
    path: a.path,
    kind: a.kind,
    kindGuessed: a.kindGuessed,
    bytes: a.bytes,
    sha256: a.sha256,
    lineCount: a.lineCount,
    truncated: a.truncated,
    command: item?.command ?? null,
    exitCode: item?.exitCode ?? null,
    timedOut: item?.timedOut ?? false,
    durationMs: item?.durationMs ?? null,
    stderrPath: item?.stderrPath ?? null,
    status: item?.status ?? null,
  };
}

function content(path: string, total: number, offset: number, bytes: Buffer): ArtifactContent {
  const text = bytes.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(bytes) && !bytes.includes(0);
  return {
    path,
    offset,
    totalBytes: total,
    encoding: isText ? 'text' : 'base64',
    data: isText ? text : bytes.toString('base64'),
  };
}
