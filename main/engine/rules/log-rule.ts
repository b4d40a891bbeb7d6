import type { Severity } from '../../../shared/api/bundles';
import type { Evidence, FindingWhy } from '../../../shared/api/findings';
import { SEVERITY_CODE, type Detection, type Rule } from './types';
import { humanDuration } from './versions';
import { hitEvidence, MAX_CANDIDATES, type BundleView, type LogHit, type LogQuery } from './view';

/**
 * Where kernel messages land: dmesg, syslog files, journal units, and text no format sniffer claimed
 * (a log saved as `.txt`): the rule's pattern decides on the content, whatever the file is called.
 */
export const KERNEL_LOG_KINDS = ['dmesg', 'syslog', 'journal', 'journal-json', 'log', 'text'] as const;
/** Where component logs land: journal units, pod/container logs, klog files, and unclaimed text. */
export const COMPONENT_LOG_KINDS = ['journal', 'journal-json', 'klog', 'cri-log', 'docker-json-log', 'syslog', 'log', 'text'] as const;

/** How many lines of one finding are quoted: the first few and the last. */
export const MAX_QUOTED_LINES = 5;

export interface LogRuleSpec extends Omit<Rule, 'detect'> {
  /** Any of these, in any log of the bundle. */
  signatures: LogQuery[];
  /** Drops hits that are not what the rule is about (a near miss the regex cannot tell). */
  accept?: (hit: LogHit) => boolean;
  /**
   * A condition that stopped: when its last line is this long (ms) before its log ends, the finding
   * is only info ("last seen 2 h before the log ends"). Lines without time never count as stopped.
   */
  resolvedAfterMs?: number;
  /** One finding per key (a container id, an upstream): default one finding for all hits. */
  groupBy?: (hit: LogHit) => string;
  /**
   * The finding's summary for its hits; may raise or lower the severity, name what is unchecked, and
   * replace the default evidence (the first matching lines and the last). Null: not a finding after all.
   */
  describe(hits: LogHit[], view: BundleView): (Omit<Detection, 'evidence'> & { evidence?: Evidence[] }) | null;
}

/**
 * Groups of hits from a search that filled its cap (MAX_CANDIDATES lines read): their counts are lower
 * bounds, and countPhrase says so ("5000 or more lines"), as the summary's last sentence does.
 */
const partialGroups = new WeakSet<LogHit[]>();

/** A rule whose evidence is log lines: a phrase narrows by index, a regex decides. */
export function logRule(spec: LogRuleSpec): Rule {
  const { signatures, accept, groupBy, describe, resolvedAfterMs, ...info } = spec;
  return {
    ...info,
    detect(view) {
      const hits = signatures.flatMap((q) => view.searchLogs(q)).filter((h) => !accept || accept(h));
      if (hits.length === 0) return [];
      const more = signatures.some((q) => view.truncated(q)) ? ` Only the first ${MAX_CANDIDATES} matching lines of the index were read.` : '';
      const groups = groupHits(dedupe(hits), groupBy);
      if (more) for (const group of groups) partialGroups.add(group);
      const found = groups.flatMap((group) => {
        const d = describe(group, view);
        if (!d) return [];
        const detection = { ...d, evidence: d.evidence ?? quoteHits(group), why: logWhy(d.why, group) };
        const quiet = resolvedAfterMs === undefined ? null : quietBeforeEnd(view, group);
        if (quiet === null || quiet < (resolvedAfterMs ?? 0)) {
          // "Not over" rules out a past episode: said of a finding kept above info, not of one its rule calls benign.
          const notOver = quiet === null || d.severity === 'info' ? [] : [`not over: last seen ${humanDuration(quiet)} before the log ends (under ${humanDuration(resolvedAfterMs as number)})`];
          return [resolvedAfterMs === undefined ? detection : { ...detection, why: ruledOut(detection.why, notOver) }];
        }
        return [{ ...detection, severity: 'info' as const, summary: `${detection.summary} It stopped: last seen ${humanDuration(quiet)} before the log ends.`, why: ruledOut(detection.why, [], [`it stopped ${humanDuration(quiet)} before the log ends: info`]) }];
      });
      return found.map((d, i) => (i === 0 && more ? { ...d, summary: d.summary + more } : d));
    },
  };
}

/** A log rule's reasons: the describe's own, else how many lines matched where. */
function logWhy(why: Detection['why'], hits: LogHit[]): Partial<FindingWhy> {
  return { firedBecause: why?.firedBecause?.length ? why.firedBecause : [`${countPhrase(hits)} match the rule's message`], ruledOut: why?.ruledOut ?? [] };
}

function ruledOut(why: Partial<FindingWhy>, more: string[], fired: string[] = []): Partial<FindingWhy> {
  return { firedBecause: [...(why.firedBecause ?? []), ...fired], ruledOut: [...(why.ruledOut ?? []), ...more] };
}

/** Findings one rule reports at most; the rest are counted in one last finding. */
export const MAX_FINDINGS_PER_RULE = 10;

/** The most severe (then largest) findings, and one that counts the others and quotes a line of each of a few. */
export function capFindings(found: Detection[], max = MAX_FINDINGS_PER_RULE): Detection[] {
  if (found.length <= max) return found;
  const rank = (d: Detection) => SEVERITY_CODE[d.severity ?? 'info'];
  const sorted = found.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || b.d.evidence.length - a.d.evidence.length || a.i - b.i).map((x) => x.d);
  const kept = sorted.slice(0, max - 1);
  const rest = sorted.slice(max - 1);
  const severity = rest.map((d) => d.severity ?? 'info').reduce(worse, 'info');
  return [...kept, {
    summary: `${rest.length} more like these, each seen in the logs (one line of each of the first ${Math.min(5, rest.length)} quoted).`,
    severity,
    evidence: rest.slice(0, 5).flatMap((d) => d.evidence.slice(0, 1)),
  }];
}

/** The first lines and the last one, so a long run of the same message stays readable. */
export function quoteHits(hits: LogHit[], max = MAX_QUOTED_LINES): Evidence[] {
  const sorted = [...hits].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  if (sorted.length <= max) return sorted.map((h) => hitEvidence(h));
  const last = sorted.at(-1) as LogHit;
  return [
    ...sorted.slice(0, max - 1).map((h) => hitEvidence(h)),
    hitEvidence(last, `last of ${sorted.length} matching lines`),
  ];
}

/** How long the log of the last hit went on after it (ms), or null when times are unknown. */
export function quietBeforeEnd(view: BundleView, hits: LogHit[]): number | null {
  let last: LogHit | null = null;
  for (const h of hits) if (h.ts !== null && (last === null || h.ts >= (last.ts as number))) last = h;
  if (!last) return null;
  // Once per artifact for the whole view, not once per group: a rule grouped by container id may have thousands.
  const end = view.logEnd(last.artifactId);
  return end === null ? null : end - (last.ts as number);
}

function dedupe(hits: LogHit[]): LogHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = `${h.artifactId}:${h.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function groupHits(hits: LogHit[], groupBy?: (hit: LogHit) => string): LogHit[][] {
  if (!groupBy) return [hits];
  const groups = new Map<string, LogHit[]>();
  for (const h of hits) {
    const key = groupBy(h);
    const group = groups.get(key);
    if (group) group.push(h);
    else groups.set(key, [h]);
  }
  return [...groups.values()];
}

/** "3 lines in logs/dmesg.log" / "12 lines in 2 logs". */
export function countPhrase(hits: LogHit[]): string {
  const files = new Set(hits.map((h) => h.path));
  const lines = `${hits.length}${partialGroups.has(hits) ? ' or more' : ''} line${hits.length === 1 ? '' : 's'}`;
  return files.size === 1 ? `${lines} in ${[...files][0]}` : `${lines} in ${files.size} logs`;
}

export function worse(a: Severity, b: Severity): Severity {
  const order: Severity[] = ['critical', 'warning', 'info'];
  return order[Math.min(order.indexOf(a), order.indexOf(b))] as Severity;
}
