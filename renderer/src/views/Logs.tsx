import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { LOG_LEVELS, type LogLevel, type LogLine, type LogQuery } from '../../../shared/api';
import { Histogram } from '../components/Histogram';
import { Empty, ErrorBox, Highlighted } from '../components/Text';
import { VirtualList } from '../components/VirtualList';
import { replaceRoute, useApi, useAsync, useDebounced } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { formatTime, searchWords } from '../lib/text';

const PAGE = 500;
const CONTEXT_RADIUS = 40;

interface Filters {
  q: string;
  sources: string[];
  levels: LogLevel[];
  from: string;
  to: string;
}

function filtersOf(params: URLSearchParams): Filters {
  const list = (k: string): string[] => (params.get(k) ?? '').split(',').filter(Boolean);
  return {
    q: params.get('q') ?? '',
    sources: list('src'),
    levels: list('lvl').filter((l): l is LogLevel => (LOG_LEVELS as readonly string[]).includes(l)),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

export function LogsView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const filters = filtersOf(params);
  const [text, setText] = useState(filters.q);
  const q = useDebounced(text, 250);
  const focus = params.get('artifact') && params.get('line') ? { artifact: params.get('artifact') ?? '', line: Number(params.get('line')) } : null;

  const setParams = useCallback(
    (p: Partial<Filters> & { artifact?: string | null; line?: number | null }) => {
      const next = { ...filters, q, ...p };
      replaceRoute(
        routeHash(bundle, 'logs', {
          q: next.q,
          src: next.sources.join(','),
          lvl: next.levels.join(','),
          from: next.from,
          to: next.to,
          artifact: p.artifact === undefined ? focus?.artifact : p.artifact,
          line: p.line === undefined ? focus?.line : p.line,
        }),
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [bundle, params.toString(), q],
  );
  useEffect(() => {
    if (q !== filters.q) setParams({ q });
  }, [q, filters.q, setParams]);

  const query: LogQuery = useMemo(
    () => ({
      bundle,
      text: filters.q || undefined,
      sources: filters.sources.length ? filters.sources : undefined,
      levels: filters.levels.length ? filters.levels : undefined,
      from: filters.from || undefined,
      to: filters.to || undefined,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [bundle, filters.q, filters.sources.join(','), filters.levels.join(','), filters.from, filters.to],
  );
  const sources = useAsync(() => api.logSources(bundle), [bundle]);
  const histogram = useAsync(() => api.logHistogram(query, 90), [query]);
  const words = searchWords(filters.q);

  return (
    <section className="view logs">
      <header className="view-head">
        <h1>Logs</h1>
        <input
          className="input grow"
          type="search"
          placeholder='Search all lines (words are ANDed; "quoted phrase", prefix*)'
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Search logs"
        />
      </header>
      <div className="toolbar">
        <SourcePicker all={sources.data?.map((s) => `${s.source}`) ?? []} counts={sources.data ?? []} chosen={filters.sources} onChange={(s) => setParams({ sources: s })} />
        <div className="seg" role="group" aria-label="Levels">
          {LOG_LEVELS.map((l) => (
            <button
              key={l}
              type="button"
              className={filters.levels.includes(l) ? 'on' : ''}
              onClick={() => setParams({ levels: filters.levels.includes(l) ? filters.levels.filter((x) => x !== l) : [...filters.levels, l] })}
            >
              {l}
            </button>
          ))}
        </div>
        <TimeInput label="From" value={filters.from} onChange={(from) => setParams({ from })} />
        <TimeInput label="To" value={filters.to} onChange={(to) => setParams({ to })} />
        {(filters.from || filters.to) && (
          <button type="button" className="btn small ghost" onClick={() => setParams({ from: '', to: '' })}>
            Reset time range
          </button>
        )}
      </div>
      {histogram.data && <Histogram buckets={histogram.data} onZoom={(from, to) => setParams({ from, to })} />}
      <div className={`logs-body ${focus ? 'with-context' : ''}`}>
        <Results query={query} words={words} focus={focus} onPick={(l) => setParams({ artifact: l.artifact, line: l.line })} />
        {focus && <Context bundle={bundle} artifact={focus.artifact} line={focus.line} words={words} onClose={() => setParams({ artifact: null, line: null })} />}
      </div>
    </section>
  );
}

function Results({ query, words, focus, onPick }: { query: LogQuery; words: string[]; focus: { artifact: string; line: number } | null; onPick: (l: LogLine) => void }): ReactNode {
  const api = useApi();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  useEffect(() => {
    const g = ++generation.current;
    setLoading(true);
    api.searchLogs({ ...query, limit: PAGE }).then(
      (page) => {
        if (g !== generation.current) return;
        setLines(page.lines);
        setNext(page.next);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (g !== generation.current) return;
        setLines([]);
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
  }, [api, query]);
  const more = useCallback(() => {
    if (next === null || loading) return;
    const g = generation.current;
    setLoading(true);
    void api.searchLogs({ ...query, limit: PAGE, after: next }).then((page) => {
      if (g !== generation.current) return;
      setLines((ls) => [...ls, ...page.lines]);
      setNext(page.next);
      setLoading(false);
    });
  }, [api, query, next, loading]);
  return (
    <div className="log-results">
      <div className="muted small pad-x">
        {loading && lines.length === 0 ? 'Searching…' : `${lines.length.toLocaleString('en')}${next !== null ? '+' : ''} lines`}
      </div>
      {error && <ErrorBox error={error} />}
      {!loading && !error && lines.length === 0 && <Empty>No line matches.</Empty>}
      <VirtualList
        label="Log lines"
        className="fill mono"
        items={lines}
        rowHeight={22}
        onEnd={more}
        render={(l) => (
          <LogRow line={l} words={words} selected={focus?.artifact === l.artifact && focus.line === l.line} onClick={() => onPick(l)} />
        )}
      />
    </div>
  );
}

function LogRow({ line, words, selected, onClick }: { line: LogLine; words: string[]; selected?: boolean; onClick?: () => void }): ReactNode {
  return (
    <div className={`log-row lvl-${line.level ?? 'none'} ${selected ? 'selected' : ''}`} onClick={onClick} title={`${line.artifact}:${line.line}`}>
      <span className="log-time">{formatTime(line.time)}</span>
      <span className="log-source ellipsis">{line.source ?? line.artifact}</span>
      <span className="log-text">
        <Highlighted text={line.text} words={words} showFirstHit />
      </span>
    </div>
  );
}

function Context({ bundle, artifact, line, words, onClose }: { bundle: number; artifact: string; line: number; words: string[]; onClose: () => void }): ReactNode {
  const api = useApi();
  const ctx = useAsync(() => api.logContext(bundle, artifact, line, CONTEXT_RADIUS), [bundle, artifact, line]);
  const index = ctx.data?.findIndex((l) => l.line === line) ?? -1;
  return (
    <aside className="log-context" aria-label="Line in context">
      <header className="context-head">
        <span className="mono ellipsis">
          {artifact}:{line}
        </span>
        <a className="btn small ghost" href={routeHash(bundle, 'artifacts', { path: artifact, line })}>
          Raw artifact
        </a>
        <button type="button" className="btn small ghost" onClick={onClose} aria-label="Close context">
          ✕
        </button>
      </header>
      {ctx.error && <ErrorBox error={ctx.error} />}
      {ctx.data && ctx.data.length === 0 && <Empty>This line is not in the log index.</Empty>}
      {ctx.data && (
        <VirtualList
          label="Context lines"
          className="fill mono"
          items={ctx.data}
          rowHeight={22}
          scrollTo={index}
          render={(l) => (
            <div className={`log-row ctx lvl-${l.level ?? 'none'} ${l.line === line ? 'target' : ''}`} data-line={l.line}>
              <span className="log-lineno">{l.line}</span>
              <span className="log-text">
                <Highlighted text={l.text} words={words} />
              </span>
            </div>
          )}
        />
      )}
    </aside>
  );
}

/** An ISO UTC bound typed by hand ("2026-11-10T14:18" is enough); applied on Enter or blur. */
function TimeInput({ label, value, onChange }: { label: string; value: string; onChange: (iso: string) => void }): ReactNode {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = (): void => {
    if (!text.trim()) return onChange('');
    const ms = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.trim().replace(' ', 'T')}Z`);
    if (Number.isFinite(ms)) onChange(new Date(ms).toISOString());
  };
  return (
    <input
      className="input time-input mono"
      placeholder={`${label} (UTC)`}
      value={text}
      aria-label={`${label} time`}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
}

function SourcePicker({ counts, chosen, onChange }: { all: string[]; counts: { source: string; lines: number }[]; chosen: string[]; onChange: (s: string[]) => void }): ReactNode {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const shown = counts.filter((c) => c.source.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div className="picker">
      <button type="button" className="btn" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Sources {chosen.length ? `(${chosen.length})` : '(all)'} ▾
      </button>
      {open && (
        <div className="picker-pop">
          <input className="input" placeholder="Filter sources" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter sources" />
          {chosen.length > 0 && (
            <button type="button" className="btn small ghost" onClick={() => onChange([])}>
              Clear
            </button>
          )}
          <VirtualList
            label="Sources"
            className="picker-list"
            items={shown}
            rowHeight={26}
            render={(c) => (
              <label className="picker-row">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.source)}
                  onChange={() => onChange(chosen.includes(c.source) ? chosen.filter((s) => s !== c.source) : [...chosen, c.source])}
                />
                <span className="ellipsis">{c.source}</span>
                <span className="muted num">{c.lines.toLocaleString('en')}</span>
              </label>
            )}
          />
        </div>
      )}
    </div>
  );
}
