import { LOG_FILES, LOG_LEVELS, type LogFiles, type LogLevel, type LogOrder, type LogQuery } from '../../../../shared/api';
import { routeHash } from '../../lib/route';

/** Everything the Logs view shows, as it lives in the URL (#/b/N/logs?...): linkable, Back-able. */
export interface LogsState {
  q: string;
  sources: string[];
  levels: LogLevel[];
  from: string;
  to: string;
  order: LogOrder;
  /** Logs (merged by time: the view opens on them), text files, or both. */
  files: LogFiles;
  wrap: boolean;
  /** The selected line (detail pane open), by artifact and line: what findings link to. */
  artifact: string | null;
  line: number | null;
  /** Lines of context each side in the detail pane. */
  ctx: number;
  /** Row id the list starts at (a jump or the scroll position), null for the top. */
  at: number | null;
}

export const CONTEXT_CHOICES = [5, 20, 100] as const;
export const DEFAULT_CONTEXT = 20;

export function logsStateOf(params: URLSearchParams): LogsState {
  const list = (k: string): string[] => (params.get(k) ?? '').split(',').filter(Boolean);
  const int = (k: string): number | null => {
    const v = Number(params.get(k));
    return params.get(k) !== null && Number.isSafeInteger(v) && v > 0 ? v : null;
  };
  const ctx = int('ctx');
  return {
    q: params.get('q') ?? '',
    sources: list('src'),
    levels: list('lvl').filter((l): l is LogLevel => (LOG_LEVELS as readonly string[]).includes(l)),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    files: (LOG_FILES as readonly string[]).includes(params.get('files') ?? '') ? (params.get('files') as LogFiles) : 'logs',
    wrap: params.get('wrap') === '1',
    artifact: params.get('artifact') && int('line') ? params.get('artifact') : null,
    line: params.get('artifact') ? int('line') : null,
    ctx: ctx !== null && ctx <= 1000 ? ctx : DEFAULT_CONTEXT,
    at: int('at'),
  };
}

export function logsHash(bundle: number, s: LogsState): string {
  return routeHash(bundle, 'logs', {
    q: s.q,
    src: s.sources.join(','),
    lvl: s.levels.join(','),
    from: s.from,
    to: s.to,
    order: s.order === 'desc' ? 'desc' : undefined,
    files: s.files === 'logs' ? undefined : s.files,
    wrap: s.wrap ? 1 : undefined,
    artifact: s.artifact,
    line: s.artifact ? s.line : undefined,
    ctx: s.ctx === DEFAULT_CONTEXT ? undefined : s.ctx,
    at: s.at,
  });
}

/** What the results depend on: a change of any of these starts the list over (at the top). */
export function queryOf(bundle: number, s: LogsState): LogQuery {
  return {
    bundle,
    text: s.q || undefined,
    sources: s.sources.length ? s.sources : undefined,
    levels: s.levels.length ? s.levels : undefined,
    from: s.from || undefined,
    to: s.to || undefined,
    order: s.order,
    files: s.files,
  };
}

/** A change of what matches (query, filters, order) drops the scroll anchor: the list starts over. */
export function withChange(s: LogsState, patch: Partial<LogsState>): LogsState {
  const next = { ...s, ...patch };
  const listChanged = (['q', 'from', 'to', 'order', 'files'] as const).some((k) => k in patch && patch[k] !== s[k]) ||
    ('sources' in patch && patch.sources?.join(',') !== s.sources.join(',')) ||
    ('levels' in patch && patch.levels?.join(',') !== s.levels.join(','));
  if (listChanged && !('at' in patch)) next.at = null;
  return next;
}
