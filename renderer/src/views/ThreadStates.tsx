import { useMemo, useRef, useState, type ReactNode } from 'react';
import type { ThreadStateRow, ThreadStates } from '../../../shared/api/processes';
import { SortHeader, useTableSort } from '../components/SortHeader';
import { Empty, ErrorBox, Loading } from '../components/Text';
import { handleListKey } from '../lib/list-keys';
import { useApi, useAsync } from '../lib/hooks';
import { displayText } from '../lib/text';

/** Colours of the state bar, in the order drawn. */
const STATE_ORDER = ['D', 'R', 'S', 'I', 'T', 't', 'Z', 'X'];

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

function bytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

/** One bar per thread: the share of its samples in each state. */
function StateBar({ t }: { t: ThreadStateRow }): ReactNode {
  const states = Object.entries(t.states).sort((a, b) => STATE_ORDER.indexOf(a[0]) - STATE_ORDER.indexOf(b[0]));
  return (
    <span className="state-bar" title={states.map(([s, n]) => `${s}: ${n} of ${t.samples} samples`).join(', ')}>
      {states.map(([s, n]) => (
        <span key={s} className={`seg-${s}`} style={{ width: `${(100 * n) / t.samples}%` }}>
          {n / t.samples >= 0.2 ? `${s} ${Math.round((100 * n) / t.samples)}%` : ''}
        </span>
      ))}
    </span>
  );
}

function Place({ b }: { b: ThreadStateRow['buckets'][number] }): ReactNode {
  return (
    <span className="mono">
      <span className={`state-letter st-${b.state}`}>{b.state}</span> {b.wchan ?? '—'}
      {b.syscall && b.syscall !== 'none' ? <span className="muted"> · {b.syscall}()</span> : null}
      <span className="muted"> · {seconds(b.ms)}</span>
    </span>
  );
}

/** The sampled thread states of a bundle (proc/thread-samples.txt): time per thread in each state × wchan × syscall. */
export function ThreadStatesPanel({ bundle, pid, onPick }: { bundle: number; pid?: number; onPick?: (pid: number) => void }): ReactNode {
  const api = useApi();
  const data = useAsync(() => api.threadStates(bundle, pid), [bundle, pid]);
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const filtered = useMemo(() => {
    const f = filter.toLowerCase();
    return (data.data?.threads ?? []).filter((t) => !f || t.comm.toLowerCase().includes(f) || String(t.pid) === f || String(t.tid) === f);
  }, [data.data, filter]);
  // Most D first (the engine's order) until a heading is clicked.
  const { rows, sort, onSort } = useTableSort('threads', filtered, threadValue);
  const [active, setActive] = useState(-1);
  const list = useRef<HTMLDivElement>(null);
  const rowElement = (i: number): HTMLElement | null => list.current?.querySelector<HTMLElement>(`[data-index="${i}"]`) ?? null;
  if (data.error) return <ErrorBox error={data.error} />;
  if (!data.data) return <Loading what="thread samples" />;
  const d: ThreadStates = data.data;
  if (d.samples === 0) return <Empty>{d.missing.join('; ') || 'No thread samples in this bundle.'}</Empty>;
  if (pid !== undefined) return <ProcessThreads d={d} />;
  return (
    <div className="thread-states">
      <div className="toolbar">
        <span className="small">
          <strong>{d.samples}</strong> samples every ~{d.intervalMs} ms over {seconds(d.spanMs)} · {d.threadCount} threads seen
          {pid === undefined ? ` · ${d.threads.length} in D or R, or blocked in one I/O call the whole window` : ''}
          {d.overhead ? ` · sampler cost on the node: ${(d.overhead.cpuMs / 1000).toFixed(2)} s CPU, ${bytes(d.overhead.bytes)}` : ''}
        </span>
        {pid === undefined && (
          <input className="input" type="search" placeholder="Filter by thread name, pid or tid" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter threads" />
        )}
      </div>
      {d.problems.length > 0 && <div className="callout">{d.problems.join('; ')}</div>}
      <div
        className="data-table scroll"
        ref={list}
        role="list"
        aria-label="Threads"
        onKeyDown={(e) =>
          handleListKey(e, {
            count: Math.min(rows.length, 500),
            active,
            move: (i) => {
              setActive(i);
              rowElement(i)?.focus();
            },
            open: (i) => {
              const t = rows[i];
              if (t) setOpen(open === `${t.pid}/${t.tid}` ? null : `${t.pid}/${t.tid}`);
            },
            close: open ? () => setOpen(null) : undefined,
            rowElement,
          })
        }
      >
        <div className="tr th thread-row" role="row">
          <SortHeader label="PID" sortKey="pid" numeric sort={sort} onSort={onSort} />
          <SortHeader label="TID" sortKey="tid" numeric sort={sort} onSort={onSort} />
          <SortHeader label="Thread" sortKey="comm" sort={sort} onSort={onSort} />
          <SortHeader label="Time in state" sortKey="d" numeric sort={sort} onSort={onSort} title="Sort by the share of samples in D, then in R" />
          <SortHeader label="Longest D" sortKey="longestD" numeric sort={sort} onSort={onSort} />
          <SortHeader label="Where (state · wchan · syscall · time)" sortKey="where" sort={sort} onSort={onSort} title="Sort by the wchan of the thread's most frequent place" />
        </div>
        {rows.length === 0 && <Empty>No thread matches.</Empty>}
        {rows.slice(0, 500).map((t, i) => {
          const key = `${t.pid}/${t.tid}`;
          const expanded = open === key;
          return (
            <div key={key} role="listitem">
              <div
                className={`tr thread-row ${(t.states.D ?? 0) > 0 ? 'state-D' : ''} ${i === active ? 'kb-current' : ''}`}
                data-index={i}
                data-row=""
                tabIndex={i === (active >= 0 ? active : 0) ? 0 : -1}
                onFocus={() => setActive(i)}
                aria-expanded={expanded}
                onClick={() => setOpen(expanded ? null : key)}
              >
                <span className="num mono">
                  {onPick ? (
                    <button type="button" className="link" onClick={(e) => (e.stopPropagation(), onPick(t.pid))}>
                      {t.pid}
                    </button>
                  ) : (
                    t.pid
                  )}
                </span>
                <span className="num mono muted">{t.tid}</span>
                <span className="strong ellipsis">{displayText(t.comm)}</span>
                <StateBar t={t} />
                <span className="num mono">{t.longestDMs ? seconds(t.longestDMs) : ''}</span>
                <span className="ellipsis">{t.buckets[0] ? <Place b={t.buckets[0]} /> : null}</span>
              </div>
              {expanded && (
                <div className="thread-detail">
                  {t.buckets.map((b, i) => (
                    <div key={i}>
                      <Place b={b} /> <span className="muted small">({b.samples} of {t.samples} samples)</span>
                      {b.stack && <pre className="quote">{b.stack.join('\n')}</pre>}
                    </div>
                  ))}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function threadValue(t: ThreadStateRow, key: string): string | number | null {
  switch (key) {
    case 'pid':
      return t.pid;
    case 'tid':
      return t.tid;
    case 'comm':
      return t.comm;
    case 'd':
      // The D share first; the R share breaks ties (within a thousandth).
      return Math.round((1000 * (t.states.D ?? 0)) / t.samples) * 1000 + Math.round((1000 * (t.states.R ?? 0)) / t.samples);
    case 'longestD':
      return t.longestDMs;
    case 'where':
      return t.buckets[0]?.wchan ?? null;
    default:
      return null;
  }
}

/** The threads of one process, for the process detail: a bar and every place each thread was seen. */
function ProcessThreads({ d }: { d: ThreadStates }): ReactNode {
  if (d.threads.length === 0) return <div className="muted small">not seen by the sampler ({d.samples} samples)</div>;
  return (
    <div className="small">
      <div className="muted">
        {d.samples} samples every ~{d.intervalMs} ms over {seconds(d.spanMs)}
      </div>
      {d.threads.slice(0, 64).map((t) => (
        <div key={t.tid} className="thread-compact">
          <div className="thread-compact-head">
            <span className="mono">{t.tid}</span> <span className="strong">{displayText(t.comm)}</span>
            {t.longestDMs > 0 && <span className="state-letter st-D">&nbsp;D ≥ {seconds(t.longestDMs)}&nbsp;</span>}
          </div>
          <StateBar t={t} />
          {t.buckets.slice(0, 4).map((b, i) => (
            <div key={i}>
              <Place b={b} /> <span className="muted">({b.samples}/{t.samples})</span>
              {b.stack && <pre className="quote">{b.stack.join('\n')}</pre>}
            </div>
          ))}
        </div>
      ))}
      {d.threads.length > 64 && <div className="muted">{d.threads.length - 64} more threads</div>}
    </div>
  );
}
