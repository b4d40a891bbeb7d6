import { useMemo, useState, type ReactNode } from 'react';
import type { GoroutineBucket, GoroutineDump } from '../../../../shared/api/profiles';
import { SortHeader, useTableSort } from '../../components/SortHeader';
import { Empty, ErrorBox, Loading } from '../../components/Text';
import { VirtualList } from '../../components/VirtualList';
import { useApi, useAsync } from '../../lib/hooks';
import { displayText, formatBytes } from '../../lib/text';
import { filterBuckets, orderBuckets, waitText, whereFrame } from './order';
import './goroutines.css';

/** A goroutine dump bucketed by identical stack: state, count, wait, stack; stuck buckets first. */
export function GoroutinesView({ bundle, path }: { bundle: number; path: string }): ReactNode {
  const api = useApi();
  const dump = useAsync(() => api.goroutines({ bundle, path }), [bundle, path]);
  if (dump.error) return <ErrorBox error={dump.error} />;
  if (!dump.data) return <Loading what="goroutines" />;
  return <Buckets path={path} dump={dump.data} />;
}

function Buckets({ path, dump }: { path: string; dump: GoroutineDump }): ReactNode {
  const [state, setState] = useState<string | null>(null);
  const [text, setText] = useState('');
  const ordered = useMemo(() => orderBuckets(dump.buckets), [dump]);
  const filtered = useMemo(() => filterBuckets(ordered, { state, text }), [ordered, state, text]);
  // Stuck buckets first until a heading is clicked.
  const { rows: shown, sort, onSort } = useTableSort('buckets', filtered, bucketValue);
  const [picked, setPicked] = useState<GoroutineBucket | null>(null);
  const open = picked && shown.includes(picked) ? picked : (shown[0] ?? null);
  const stuck = ordered.filter((b) => b.stuck).length;
  return (
    <div className="goroutines">
      <div className="toolbar pad-x">
        <span className="mono strong ellipsis">{displayText(path)}</span>
        <span className="muted small">
          {dump.total.toLocaleString('en')} goroutines · {dump.buckets.length.toLocaleString('en')} distinct stacks · {dump.format}
          {dump.headerTotal !== null && dump.headerTotal !== dump.total ? ` · the dump says ${dump.headerTotal}` : ''}
          {dump.truncated ? ' · dump cut short (debug=2 stops at 64 MiB)' : ''}
          {dump.partial ? ` · nodescope read its first ${formatBytes(dump.partial.readBytes)} of ${formatBytes(dump.partial.artifactBytes)}` : ''}
        </span>
        {stuck > 0 && <span className="badge sev-warning">{stuck} stuck</span>}
      </div>
      <div className="toolbar pad-x" role="group" aria-label="States">
        <button type="button" className={`chip state-chip ${state === null ? 'on' : ''}`} onClick={() => setState(null)}>
          all {dump.total}
        </button>
        {dump.states.map((s) => (
          <button type="button" key={s.state} className={`chip state-chip ${state === s.state ? 'on' : ''}`} onClick={() => setState(state === s.state ? null : s.state)}>
            {s.state} {s.count}
          </button>
        ))}
        <input className="input" type="search" placeholder="Function or file" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter goroutine stacks" />
      </div>
      {shown.length === 0 ? (
        <Empty>No goroutine stack matches.</Empty>
      ) : (
        <div className="goroutine-split">
          <div className="goroutine-list-col">
          <div className="bucket-sort th" role="row">
            <SortHeader label="Count" sortKey="count" numeric sort={sort} onSort={onSort} />
            <SortHeader label="State" sortKey="state" sort={sort} onSort={onSort} />
            <SortHeader label="Wait" sortKey="wait" numeric sort={sort} onSort={onSort} title="Longest wait in the bucket" />
            <SortHeader label="Function" sortKey="function" sort={sort} onSort={onSort} title="The first frame outside the runtime" />
          </div>
          <VirtualList
            label="Goroutine buckets"
            className="fill goroutine-list"
            items={shown}
            rowHeight={48}
            render={(b) => <BucketRow b={b} total={dump.total} open={b === open} onOpen={() => setPicked(b)} />}
          />
          </div>
          {open && <BucketDetail b={open} />}
        </div>
      )}
    </div>
  );
}

function bucketValue(b: GoroutineBucket, key: string): string | number | null {
  switch (key) {
    case 'count':
      return b.count;
    case 'state':
      return b.state;
    case 'wait':
      return b.waitMinutes;
    case 'function':
      return whereFrame(b)?.func ?? null;
    default:
      return null;
  }
}

function BucketRow({ b, total, open, onOpen }: { b: GoroutineBucket; total: number; open: boolean; onOpen: () => void }): ReactNode {
  const where = whereFrame(b);
  return (
    <button type="button" className={`bucket-row ${b.stuck ? 'stuck' : ''} ${open ? 'selected' : ''}`} onClick={onOpen}>
      <span className="bucket-count num strong">{b.count.toLocaleString('en')}</span>
      <span className="bucket-text">
        <span className="bucket-head">
          <span className="bucket-state">{b.state}</span>
          {b.stateInferred && <span className="muted small"> (inferred)</span>}
          {waitText(b) && <span className="bucket-wait small"> · {waitText(b)}</span>}
          <span className="muted small"> · {((100 * b.count) / (total || 1)).toFixed(1)}%</span>
          {b.stuck && <span className="badge sev-warning">stuck</span>}
        </span>
        <span className="mono small ellipsis">{where ? displayText(where.func) : '(no frames)'}</span>
      </span>
    </button>
  );
}

function BucketDetail({ b }: { b: GoroutineBucket }): ReactNode {
  return (
    <div className="bucket-detail" aria-label="Goroutine stack">
      <div className="bucket-title">
        <span className="strong">
          {b.count.toLocaleString('en')} goroutine{b.count === 1 ? '' : 's'} in {b.state}
        </span>
        {waitText(b) && <span> for {waitText(b)}</span>}
        {b.lockedToThread && <span className="muted"> · locked to thread</span>}
      </div>
      {b.stuck && <div className="callout">{displayText(b.stuck)}</div>}
      {b.stateInferred && <div className="muted small">State inferred from the runtime frames (this dump format does not print it).</div>}
      <ol className="frames mono small">
        {b.frames.map((f, i) => (
          <li key={i} className={/^(runtime\.|runtime\/internal\/)/.test(f.func) ? 'runtime-frame' : ''}>
            <div>{displayText(f.func)}</div>
            {f.file && (
              <div className="muted">
                {'    '}
                {displayText(f.file)}:{f.line}
              </div>
            )}
          </li>
        ))}
      </ol>
      {b.createdBy && <div className="mono small muted">created by {displayText(b.createdBy)}</div>}
      {b.ids.length > 0 && (
        <div className="small muted">
          goroutine ids: {b.ids.slice(0, 20).join(', ')}
          {b.count > 20 ? ` … (${b.count} in all)` : ''}
        </div>
      )}
    </div>
  );
}
