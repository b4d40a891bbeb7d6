import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { LOG_LEVELS, type LogFiles } from '../../../../shared/api';
import { highlightTerms, parseLogQuery } from '../../../../shared/log-query';
import { Histogram } from '../../components/Histogram';
import { pushRoute, replaceRoute, useApi, useAsync, useDebounced } from '../../lib/hooks';
import { Detail } from './Detail';
import { Results } from './Results';
import { SourcePicker, TimeInput } from './Filters';
import { logsHash, logsStateOf, queryOf, withChange, type LogsState } from './state';

/** A burst of typing is one history entry: the first commit pushes, the next ones replace it. */
const TYPING_BURST_MS = 1500;

/** What the Files buttons show: logs merged by time (where the view opens), the untimed text, or both. */
const FILE_CHOICES: readonly [LogFiles, string, string][] = [
  ['logs', 'Logs', 'Lines of every log (journals, pod logs, syslog, dmesg) merged by time'],
  ['text', 'Text files', 'Lines of files without times (command outputs, YAML, /proc), file after file'],
  ['all', 'All', 'The logs by time, then the text files'],
];

export const SEARCH_HELP =
  'Words match the whole line (prefix, any case) · "exact phrase" · -exclude · /regex/ (RE2; /…/i) · a OR b';

export function LogsView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const state = logsStateOf(params);
  const [text, setText] = useState(state.q);
  const q = useDebounced(text, 300);
  const written = useRef(state.q);
  const lastTyped = useRef(0);

  /** Every change is a history entry (Back steps through it) unless `replace` (scroll, j/k). */
  const update = useCallback(
    (patch: Partial<LogsState>, mode: 'push' | 'replace' = 'push') => {
      const current = logsStateOf(new URLSearchParams(window.location.hash.split('?')[1] ?? ''));
      const hash = logsHash(bundle, withChange(current, patch));
      if (mode === 'push') pushRoute(hash);
      else replaceRoute(hash);
    },
    [bundle],
  );

  // The URL changed under us (Back, a link, the sidebar): the search box follows it.
  useEffect(() => {
    if (state.q !== written.current) {
      written.current = state.q;
      setText(state.q);
    }
  }, [state.q]);
  // What was typed, once it settles, goes to the URL.
  useEffect(() => {
    if (q === written.current) return;
    written.current = q;
    const now = Date.now();
    update({ q }, now - lastTyped.current < TYPING_BURST_MS ? 'replace' : 'push');
    lastTyped.current = now;
  }, [q, update]);

  const query = useMemo(
    () => queryOf(bundle, state),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [bundle, state.q, state.sources.join(','), state.levels.join(','), state.from, state.to, state.order, state.files],
  );
  const terms = useMemo(() => highlightTerms(parseLogQuery(state.q)), [state.q]);
  const sources = useAsync(() => api.logSources(bundle), [bundle]);
  const histogram = useAsync(() => api.logHistogram({ ...query, order: undefined }, 120), [query]);
  const selected = state.artifact && state.line ? { artifact: state.artifact, line: state.line } : null;

  return (
    <section className="view logs">
      <header className="view-head">
        <h1>Logs</h1>
        <input
          className="input grow"
          type="search"
          placeholder="Search whole lines: words, &quot;phrase&quot;, -exclude, /regex/"
          title={SEARCH_HELP}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              written.current = text;
              update({ q: text });
            }
          }}
          aria-label="Search logs"
          aria-describedby="search-help"
        />
      </header>
      <div id="search-help" className="muted small search-help">
        {SEARCH_HELP}
      </div>
      <div className="toolbar">
        <div className="seg" role="group" aria-label="Files">
          {FILE_CHOICES.map(([files, label, title]) => (
            <button key={files} type="button" className={state.files === files ? 'on' : ''} aria-pressed={state.files === files} title={title} onClick={() => update({ files })}>
              {label}
            </button>
          ))}
        </div>
        <SourcePicker counts={sources.data ?? []} chosen={state.sources} onChange={(s) => update({ sources: s })} />
        <div className="seg" role="group" aria-label="Levels">
          {LOG_LEVELS.map((l) => (
            <button
              key={l}
              type="button"
              className={state.levels.includes(l) ? 'on' : ''}
              aria-pressed={state.levels.includes(l)}
              onClick={() => update({ levels: state.levels.includes(l) ? state.levels.filter((x) => x !== l) : [...state.levels, l] })}
            >
              {l}
            </button>
          ))}
        </div>
        <TimeInput label="From" value={state.from} onChange={(from) => update({ from })} />
        <TimeInput label="To" value={state.to} onChange={(to) => update({ to })} />
        {(state.from || state.to) && (
          <button type="button" className="btn small ghost" onClick={() => update({ from: '', to: '' })}>
            Reset time range
          </button>
        )}
      </div>
      {/* Text files have no times: no histogram for them. */}
      {histogram.data && state.files !== 'text' && <Histogram buckets={histogram.data} onZoom={(from, to) => update({ from, to })} />}
      <div className={`logs-body ${selected ? 'with-context' : ''}`}>
        <Results bundle={bundle} query={query} state={state} terms={terms} selected={selected} update={update} />
        {selected && (
          <Detail
            bundle={bundle}
            artifact={selected.artifact}
            line={selected.line}
            radius={state.ctx}
            terms={terms}
            onRadius={(ctx) => update({ ctx }, 'replace')}
            onPick={(l) => update({ artifact: l.artifact, line: l.line })}
            onClose={() => update({ artifact: null, line: null })}
          />
        )}
      </div>
    </section>
  );
}
