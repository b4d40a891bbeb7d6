import type { Evidence } from '../../../../shared/api/findings';
import type { GoroutineBucket, GoroutineDump } from '../../../../shared/api/profiles';
import { loadGoroutineDump } from '../../goroutines/load';
import type { ArtifactRow } from '../../store/artifacts';
import type { BundleView } from '../view';

export interface RelistState {
  summary: string;
  /** The relist goroutine is blocked in a channel send (the event-channel deadlock). */
  blocked: boolean;
  evidence: Evidence[];
}

const RELIST = /pleg\.\(\*GenericPLEG\)\.[Rr]elist$/;

/** The kubelet's goroutine dumps, most telling first: debug=2 (has states), debug=1, protobuf. */
function kubeletDumps(view: BundleView): ArtifactRow[] {
  const rank = (a: ArtifactRow) => (/debug2/.test(a.path) ? 0 : /debug1/.test(a.path) ? 1 : 2);
  return [...view.artifacts('goroutine-dump'), ...view.artifacts('pprof').filter((a) => /goroutine/.test(a.path))]
    .filter((a) => /(^|\/)kubelet\//.test(a.path))
    .sort((a, b) => rank(a) - rank(b));
}

function parsed(view: BundleView, a: ArtifactRow): GoroutineDump | null {
  return view.memo(`goroutines:${a.id}`, () => {
    try {
      return loadGoroutineDump(view.db, a);
    } catch {
      return null;
    }
  });
}

/** The dump's lines from the relist goroutine's header to its relist frame (text dumps only). */
function relistLines(view: BundleView, a: ArtifactRow): Evidence | null {
  if (a.kind !== 'goroutine-dump') return null;
  const lines = view.lines(a);
  const at = lines.findIndex((l) => /pleg\.\(\*GenericPLEG\)\.[Rr]elist[+(]/.test(l));
  if (at < 0) return null;
  let start = at;
  while (start > 0 && !/^(goroutine \d+ \[|\d+ @)/.test(lines[start] as string)) start--;
  const end = /\.go:\d+/.test(lines[at] as string) ? at : Math.min(at + 1, lines.length - 1);
  return { artifact: a.path, line: start + 1, lineEnd: end + 1, text: lines.slice(start, end + 1).join('\n'), note: 'the PLEG relist goroutine' };
}

function describeRelist(b: GoroutineBucket, format: GoroutineDump['format']): string {
  const frame = b.frames.find((f) => RELIST.test(f.func));
  const at = frame?.file ? ` at ${frame.file.split('/').slice(-2).join('/')}:${frame.line}` : '';
  if (b.state.startsWith('chan send')) {
    const wait = b.waitMinutes > 0 ? ` for ${b.waitMinutes} minutes` : '';
    return `(*GenericPLEG).relist is blocked in a channel send${wait}${at}: the event-channel deadlock.`;
  }
  if (format === 'debug=1' && b.frames[0] && RELIST.test(b.frames[0].func)) {
    return `(*GenericPLEG).relist is parked in the Go runtime${at} (a debug=1 dump hides the runtime frames and the state; a debug=2 dump would show whether it is a channel send).`;
  }
  return `(*GenericPLEG).relist is in state "${b.state}"${at}, not in a channel send.`;
}

/**
 * Where the kubelet's (*GenericPLEG).relist goroutine waits, from a kubelet goroutine dump, and how
 * many goroutines the kubelet has. Null when the bundle has no readable kubelet dump.
 */
export function plegRelistGoroutine(view: BundleView): RelistState | null {
  for (const a of kubeletDumps(view)) {
    const dump = parsed(view, a);
    if (!dump) continue;
    const total = `The kubelet goroutine dump (${a.path}) has ${dump.headerTotal ?? dump.total} goroutines.`;
    const relist = dump.buckets.find((b) => b.frames.some((f) => RELIST.test(f.func)));
    const quote = relistLines(view, a);
    const header = a.kind === 'goroutine-dump' && dump.format === 'debug=1'
      ? [{ artifact: a.path, line: 1, lineEnd: 1, text: view.lines(a)[0] ?? '', note: 'goroutine count' }]
      : [];
    if (!relist) return { summary: `${total} No (*GenericPLEG).relist goroutine is in it (relist is not running at the time of the dump).`, evidence: header, blocked: false };
    return { summary: `${total} ${describeRelist(relist, dump.format)}`, evidence: [...header, ...(quote ? [quote] : [])], blocked: relist.state.startsWith('chan send') };
  }
  return null;
}
