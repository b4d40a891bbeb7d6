import type { ReportBundle } from './model';

/** Numbers of a report in the operator's units. */

export function formatValue(v: number, sampleType: string): string {
  const unit = sampleType.split('/')[1] ?? '';
  const a = Math.abs(v);
  if (unit === 'nanoseconds') {
    if (a >= 1e9) return `${(v / 1e9).toFixed(2)} s`;
    if (a >= 1e6) return `${(v / 1e6).toFixed(1)} ms`;
    return `${(v / 1e3).toFixed(0)} µs`;
  }
  if (unit === 'bytes') {
    if (a >= 1 << 30) return `${(v / (1 << 30)).toFixed(2)} GiB`;
    if (a >= 1 << 20) return `${(v / (1 << 20)).toFixed(1)} MiB`;
    if (a >= 1 << 10) return `${(v / (1 << 10)).toFixed(0)} KiB`;
    return `${v} B`;
  }
  return String(v);
}

export function percent(v: number, total: number): string {
  return total ? `${((100 * v) / total).toFixed(1)}%` : '-';
}

/** "2026-11-10 14:17:41.900 UTC" from an ISO UTC instant. */
export function formatTime(iso: string | null): string {
  if (!iso) return 'unknown';
  return iso.replace('T', ' ').replace(/Z$/, ' UTC');
}

export function location(artifact: string, line: number | null, lineEnd?: number | null): string {
  if (line === null) return artifact;
  return lineEnd && lineEnd !== line ? `${artifact}:${line}-${lineEnd}` : `${artifact}:${line}`;
}

/** What identifies a bundle in a report, as label/value rows (the same in every format). */
export function bundleFactRows(b: ReportBundle): [string, string][] {
  return [
    ['Node', b.node],
    ['Bundle', b.name],
    ['Bundle sha256', b.sha256],
    ['Collected', `${formatTime(b.collectedAt)}${b.collectionEndedAt ? ` to ${formatTime(b.collectionEndedAt)}` : ''}`],
    ['Collector', b.collectorVersion ?? 'none (a plain archive, not a collector bundle)'],
    ...(b.collectorScriptSha256 ? [['Collector script sha256', b.collectorScriptSha256] as [string, string]] : []),
    ...b.facts,
  ];
}

/** What a report's findings section says of the findings it leaves out ("" when it leaves none). */
export function leftOutNote(chosen: number, left: Record<'critical' | 'warning' | 'info', number>): string {
  const parts = (['critical', 'warning', 'info'] as const).filter((s) => left[s] > 0).map((s) => `${left[s]} ${s}`);
  if (parts.length === 0) return chosen ? '' : 'No rule found a problem in this bundle.';
  const total = left.critical + left.warning + left.info;
  const findings = `finding${total === 1 ? '' : 's'}`;
  return chosen ? `Not in this report: ${total} other ${findings} of this bundle (${parts.join(', ')}).` : `No finding chosen: this bundle has ${total} ${findings} (${parts.join(', ')}).`;
}
