import type { Evidence } from '../../../../shared/api/findings';
import { readIso, scan } from '../../logs/scan';
import { sourceFromPath } from '../../logs/source';
import type { ArtifactRow } from '../../store/artifacts';
import type { BundleView } from '../view';

/** Lines quoted from the end of a crashed run's log. */
const LAST_LINES = 3;
/** Lines before those searched for the panic that began a Go or runtime crash's trace. */
const PANIC_WINDOW = 200;
const PANIC_LINE = /(?:^|\s)(?:panic|fatal error): /;
/** A line that says what went wrong, of those a crashed run ended with. */
const ERROR_WORDS = /\b(?:error|fatal|panic|exception|failed|cannot|unable|refused|denied|not found|no such)\b/i;
/** Characters of that line a summary quotes. */
const SAID_CHARS = 160;

/**
 * How surely a container's log file holds a run that crashed: a previous log (kubectl logs --previous,
 * troubleshoot's `-previous.log`, a must-gather's `previous.log`) first; then kubelet's newest
 * numbered file (`<restart>.log`: while the container backs off, its last run's); then the current
 * log; never a rotated piece. Lower is surer; null for a file that is none of them.
 */
function crashedRunRank(path: string): number | null {
  if (/(?:-|\/)previous\.log$/.test(path)) return 0;
  if (/\/\d+\.log$/.test(path)) return 1;
  if (/\.log$|\.txt$/.test(path)) return 2;
  return null;
}

function restartOf(path: string): number {
  const m = /\/(\d+)\.log$/.exec(path);
  return m ? Number(m[1]) : -1;
}

/** The container's log that holds its last crashed run, or null when the bundle has none. */
export function crashedRunLog(view: BundleView, namespace: string, pod: string, container: string): ArtifactRow | null {
  const source = `${namespace}/${pod}/${container}`;
  let best: { log: ArtifactRow; rank: number } | null = null;
  for (const log of view.artifactsNaming(pod)) {
    const rank = log.lineCount > 0 ? crashedRunRank(log.path) : null;
    if (rank === null || sourceFromPath(log.path) !== source) continue;
    if (!best || rank < best.rank || (rank === best.rank && restartOf(log.path) > restartOf(best.log.path))) best = { log, rank };
  }
  return best?.log ?? null;
}

export interface LastWords {
  /** The run's last lines and, when one ended it, the panic a trace began with. */
  evidence: Evidence[];
  /** The line that says what went wrong (the panic, else the last of the last lines with words of an error), shortened; null when none does. */
  said: string | null;
}

/**
 * What a crash-looping container said last, from its log in the bundle: its last lines, and the line a
 * panic's trace began with when one ended the run. The exit code says that it failed; these say why.
 */
export function lastWords(view: BundleView, namespace: string, pod: string, container: string): LastWords {
  const log = crashedRunLog(view, namespace, pod, container);
  if (!log) return { evidence: [], said: null };
  const run = /previous\.log$/.test(log.path) ? 'its previous run' : 'its last run';
  const end = log.lineCount;
  const from = Math.max(1, end - LAST_LINES + 1);
  const last = view.logLines(log.id, from, end);
  if (!last.length) return { evidence: [], said: null };
  const evidence: Evidence[] = [];
  const panic = from > 1 ? view.logLines(log.id, Math.max(1, from - PANIC_WINDOW), from - 1).findLast((l) => PANIC_LINE.test(l.text)) : undefined;
  if (panic) evidence.push({ artifact: log.path, line: panic.line, lineEnd: panic.line, text: panic.text, note: `container ${container}: the panic that ended ${run}` });
  evidence.push({
    artifact: log.path,
    line: last[0].line,
    lineEnd: last[last.length - 1].line,
    text: last.map((l) => l.text).join('\n'),
    note: `container ${container}: the last lines of ${run}`,
  });
  const said = panic ?? last.findLast((l) => PANIC_LINE.test(l.text) || ERROR_WORDS.test(l.text));
  return { evidence, said: said ? shortened(messageOf(said)) : null };
}

/**
 * What a line says, past its stamp: from the message offset its format stored, else past a leading
 * RFC 3339 stamp (`oc logs --timestamps`, a must-gather's container logs) and a CRI stream tag.
 */
function messageOf(l: { text: string; msg: number }): string {
  let text = l.text.slice(l.msg);
  if (l.msg === 0 && !Number.isNaN(readIso(text, 0))) text = text.slice(scan.end);
  return text.replace(/^\s*(?:std(?:out|err) [FP] )?/, '').trim();
}

function shortened(text: string): string {
  return text.length <= SAID_CHARS ? text : `${text.slice(0, SAID_CHARS - 1)}…`;
}
