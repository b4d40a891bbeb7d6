import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LogLevel, LogLine, LogOrder, LogQuery } from '../../../../shared/api';
import type { LogTerm } from '../../../../shared/log-query';
import { Empty, ErrorBox, QueryHighlighted } from '../../components/Text';
import { VirtualList } from '../../components/VirtualList';
import { useApi, useAsync } from '../../lib/hooks';
import { formatTime, queryHighlightParts } from '../../lib/text';
import { isTyping } from '../../lib/keys';
import type { LogsState } from './state';

const PAGE = 500;
const ERROR_LEVELS: LogLevel[] = ['fatal', 'error'];

interface Props {
  bundle: number;
  query: LogQuery;
  state: LogsState;
  terms: LogTerm[];
  selected: { artifact: string; line: number } | null;
  update: (patch: Partial<LogsState>, mode?: 'push' | 'replace') => void;
}

const reverse = (o: LogOrder | undefined): LogOrder => (o === 'desc' ? 'asc' : 'desc');

/**
 * The matching lines, from the anchor in the URL (`at`) on, in the chosen order; pages load as the
 * list scrolls, earlier pages on demand. The first line on screen goes back to the URL as the anchor.
 */
export function Results({ query, state, terms, selected, update }: Props): ReactNode {
  const api = useApi();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [earlier, setEarlier] = useState(false);
  /** The search matched too many lines to merge them by time: its pages come file by file. */
  const [inFileOrder, setInFileOrder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [scrollTo, setScrollTo] = useState<{ index: number; align: 'start' | 'end' | 'center' } | null>(null);
  const [listKey, setListKey] = useState(0);
  const generation = useRef(0);
  /** The anchor this list wrote to the URL itself (scrolling): not a reason to reload. */
  const ownAt = useRef<number | null | undefined>(undefined);
  const [anchor, setAnchor] = useState<{ at: number | null; n: number }>({ at: state.at, n: 0 });
  const pending = useRef<{ kind: 'end' } | { kind: 'line'; id: number } | null>(null);
  const count = useAsync(() => api.countLogs({ ...query, order: undefined }), [query]);

  useEffect(() => {
    if (state.at !== ownAt.current) {
      ownAt.current = state.at;
      setAnchor((a) => ({ at: state.at, n: a.n + 1 }));
    }
  }, [state.at]);

  // The scroll anchor is written a moment after scrolling stops; a reload cancels a pending write.
  const anchorTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const g = ++generation.current;
    clearTimeout(anchorTimer.current);
    setLoading(true);
    const at = anchor.at;
    api.searchLogs({ ...query, limit: PAGE, at: at ?? undefined }).then(
      (page) => {
        if (g !== generation.current) return;
        setLines(page.lines);
        setNext(page.next);
        setInFileOrder(page.inFileOrder === true);
        setEarlier(at !== null);
        setError(null);
        setLoading(false);
        setListKey((k) => k + 1);
        const p = pending.current;
        pending.current = null;
        if (p?.kind === 'end') setScrollTo({ index: page.lines.length - 1, align: 'end' });
        else if (p?.kind === 'line') setScrollTo({ index: Math.max(0, page.lines.findIndex((l) => l.id === p.id)), align: 'start' });
        else setScrollTo(null);
      },
      (e: unknown) => {
        if (g !== generation.current) return;
        setLines([]);
        setNext(null);
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
  }, [api, query, anchor]);

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

  const loadEarlier = useCallback(() => {
    if (!lines.length) return;
    const g = generation.current;
    void api.searchLogs({ ...query, order: reverse(query.order), limit: PAGE, after: lines[0].id }).then((page) => {
      if (g !== generation.current) return;
      const before = [...page.lines].reverse();
      setLines((ls) => [...before, ...ls]);
      setEarlier(page.next !== null);
      setScrollTo({ index: before.length, align: 'start' });
    });
  }, [api, query, lines]);

  // The first line on screen is the scroll anchor in the URL (replacing, not adding, history).
  const onFirstVisible = useCallback(
    (index: number) => {
      clearTimeout(anchorTimer.current);
      if (loading) return;
      const g = generation.current;
      anchorTimer.current = setTimeout(() => {
        if (g !== generation.current) return;
        const id = index === 0 && !earlier ? null : (lines[index]?.id ?? null);
        if (id === (ownAt.current ?? null)) return;
        ownAt.current = id;
        update({ at: id }, 'replace');
      }, 400);
    },
    [lines, earlier, update, loading],
  );
  useEffect(() => () => clearTimeout(anchorTimer.current), []);

  const selectedIndex = selected ? lines.findIndex((l) => l.artifact === selected.artifact && l.line === selected.line) : -1;
  const select = useCallback(
    (l: LogLine, mode: 'push' | 'replace' = 'push') => update({ artifact: l.artifact, line: l.line }, mode),
    [update],
  );

  const jumpTop = (): void => {
    if (state.at === null && !earlier) setScrollTo({ index: 0, align: 'start' });
    else update({ at: null });
  };
  const jumpBottom = async (): Promise<void> => {
    if (next === null && !loading) return setScrollTo({ index: lines.length - 1, align: 'end' });
    const tail = await api.searchLogs({ ...query, order: reverse(query.order), limit: PAGE });
    const first = tail.lines.at(-1);
    if (!first) return;
    pending.current = { kind: 'end' };
    update({ at: first.id });
  };
  /** The next (or previous) error or fatal line after the selection, or after the first line on screen. */
  const jumpError = async (dir: 1 | -1): Promise<void> => {
    const levels = query.levels ? query.levels.filter((l) => ERROR_LEVELS.includes(l)) : ERROR_LEVELS;
    if (!levels.length) return;
    const from = selectedIndex >= 0 ? lines[selectedIndex] : lines[0];
    const order = dir === 1 ? query.order : reverse(query.order);
    const page = await api.searchLogs({ ...query, levels, order, limit: 1, after: from ? from.id : undefined });
    const hit = page.lines[0];
    if (!hit) return;
    const i = lines.findIndex((l) => l.id === hit.id);
    if (i >= 0) {
      setScrollTo({ index: i, align: 'center' });
      select(hit);
    } else {
      pending.current = { kind: 'line', id: hit.id };
      update({ at: hit.id, artifact: hit.artifact, line: hit.line });
    }
  };

  // Keys (when not typing): j/k move the selection, Enter selects the first line, Esc closes it,
  // g/G top and bottom, e/E next and previous error.
  const keyState = useRef({ lines, selectedIndex, select, update, jumpError, jumpTop, jumpBottom });
  keyState.current = { lines, selectedIndex, select, update, jumpError, jumpTop, jumpBottom };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const k = keyState.current;
      const move = (d: number): void => {
        const i = Math.min(k.lines.length - 1, Math.max(0, (k.selectedIndex < 0 ? (d > 0 ? -1 : 0) : k.selectedIndex) + d));
        const l = k.lines[i];
        if (!l) return;
        k.select(l, 'replace');
        setScrollTo({ index: i, align: 'center' });
      };
      if (e.key === 'j' || e.key === 'ArrowDown') move(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
      else if (e.key === 'Enter' && k.selectedIndex < 0 && k.lines[0]) k.select(k.lines[0]);
      else if (e.key === 'Escape' && k.selectedIndex >= 0) k.update({ artifact: null, line: null });
      else if (e.key === 'e') void k.jumpError(1);
      else if (e.key === 'E') void k.jumpError(-1);
      else if (e.key === 'g') k.jumpTop();
      else if (e.key === 'G') void k.jumpBottom();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const total = count.data?.total;
  return (
    <div className="log-results">
      <div className="results-head">
        <span className="muted small" aria-live="polite" data-testid="match-count">
          {total === undefined ? (count.error ? '' : 'Counting…') : `${total.toLocaleString('en')} ${total === 1 ? 'line' : 'lines'}`}
          {count.data && count.data.errors > 0 ? ` · ${count.data.errors.toLocaleString('en')} errors` : ''}
          {inFileOrder ? ' · too many matches to merge by time: listed file by file' : ''}
        </span>
        <span className="grow" />
        <div className="seg" role="group" aria-label="Jump">
          <button type="button" onClick={jumpTop} title="First line (g)">
            ⤒ First
          </button>
          <button type="button" onClick={() => void jumpBottom()} title="Last line (G)">
            ⤓ Last
          </button>
          <button type="button" onClick={() => void jumpError(-1)} title="Previous error (E)">
            ↑ Error
          </button>
          <button type="button" onClick={() => void jumpError(1)} title="Next error (e)">
            ↓ Error
          </button>
        </div>
        <div className="seg" role="group" aria-label="Display">
          <button type="button" className={state.order === 'desc' ? 'on' : ''} aria-pressed={state.order === 'desc'} onClick={() => update({ order: state.order === 'desc' ? 'asc' : 'desc' })}>
            Newest first
          </button>
          <button type="button" className={state.wrap ? 'on' : ''} aria-pressed={state.wrap} onClick={() => update({ wrap: !state.wrap })}>
            Wrap lines
          </button>
        </div>
      </div>
      {error && <ErrorBox error={error} />}
      {!loading && !error && lines.length === 0 && (
        <Empty>
          No line matches.
          {state.files === 'logs' && (
            <button type="button" className="btn small ghost" onClick={() => update({ files: 'all' })}>
              Look in text files too
            </button>
          )}
        </Empty>
      )}
      {earlier && (
        <button type="button" className="btn small ghost load-earlier" onClick={loadEarlier}>
          Load earlier lines
        </button>
      )}
      <VirtualList
        key={listKey}
        label="Log lines"
        keyboard={false}
        className="fill mono"
        items={lines}
        rowHeight={22}
        dynamic={state.wrap}
        onEnd={more}
        onFirstVisible={onFirstVisible}
        scrollTo={scrollTo?.index ?? null}
        scrollAlign={scrollTo?.align ?? 'center'}
        render={(l) => (
          <LogRow line={l} terms={terms} wrap={state.wrap} selected={selected?.artifact === l.artifact && selected.line === l.line} onClick={() => select(l)} />
        )}
      />
    </div>
  );
}

function LogRow({ line, terms, wrap, selected, onClick }: { line: LogLine; terms: LogTerm[]; wrap: boolean; selected: boolean; onClick: () => void }): ReactNode {
  const head = line.text.slice(0, line.messageAt);
  const message = line.text.slice(line.messageAt);
  // Unwrapped, the message comes first; the prefix (stamps, host, unit[pid]) shows only when it holds a match.
  const headHit = head.length > 0 && queryHighlightParts(head, terms).some((p) => p.hit);
  return (
    <div
      className={`log-row lvl-${line.level ?? 'none'} ${selected ? 'selected' : ''} ${wrap ? 'wrap' : ''}`}
      onClick={onClick}
      title={wrap ? `${line.artifact}:${line.line}` : `${line.artifact}:${line.line}\n${line.text.slice(0, 2000)}`}
      aria-selected={selected}
      data-line-id={line.id}
    >
      <span className="log-time">{formatTime(line.time)}</span>
      <span className="log-source ellipsis" title={line.source ?? line.artifact}>
        {line.source ?? line.artifact}
      </span>
      <span className="log-text">
        {wrap || headHit ? (
          <>
            <span className="log-head">
              <QueryHighlighted text={head} terms={terms} />
            </span>
            <QueryHighlighted text={message} terms={terms} />
          </>
        ) : (
          <QueryHighlighted text={message || line.text} terms={terms} />
        )}
      </span>
    </div>
  );
}
