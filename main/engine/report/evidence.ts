import type { Evidence } from '../../../shared/api/findings';
import { findArtifact } from '../store/artifacts';
import type { Db } from '../store/workspace';
import type { QuotedLine, ReportEvidence, TimelineEntry } from './model';

/** The quoted text split into numbered lines when it spans the evidence's line range, else one block. */
export function quotedLines(e: Evidence): QuotedLine[] {
  const parts = e.text.replace(/\n$/, '').split('\n');
  if (e.line === null) return [{ line: null, text: e.text }];
  const end = e.lineEnd ?? e.line;
  if (parts.length === end - e.line + 1) return parts.map((text, i) => ({ line: e.line! + i, text }));
  return [{ line: e.line, text: e.text }];
}

export function reportEvidence(db: Db, bundleId: number, e: Evidence): ReportEvidence {
  return {
    artifact: e.artifact,
    sha256: findArtifact(db, bundleId, e.artifact)?.sha256 ?? null,
    lines: quotedLines(e),
    note: e.note ?? null,
  };
}

const MAX_LINES_PER_EVIDENCE = 50;

/** Times of the quoted lines, as the log parsers read them at ingest (lines without a time are left out). */
export function evidenceTimes(db: Db, bundleId: number, e: Evidence): { line: number; time: string; text: string }[] {
  if (e.line === null) return [];
  const a = findArtifact(db, bundleId, e.artifact);
  if (!a) return [];
  const end = Math.min(e.lineEnd ?? e.line, e.line + MAX_LINES_PER_EVIDENCE - 1);
  const rows = db
    .prepare('SELECT line, ts, text FROM log_lines WHERE artifact_id = ? AND line BETWEEN ? AND ? AND ts IS NOT NULL ORDER BY line')
    .all(a.id, e.line, end) as { line: number; ts: number; text: string }[];
  return rows.map((r) => ({ line: r.line, time: new Date(r.ts).toISOString(), text: r.text }));
}

export function byTime(a: TimelineEntry, b: TimelineEntry): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}
