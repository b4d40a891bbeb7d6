import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { GoroutineDump, ProfileSummary } from '../../../shared/api/profiles';
import { FlameGraph } from '../components/FlameGraph';
import { Empty, ErrorBox, Loading } from '../components/Text';
import { VirtualList } from '../components/VirtualList';
import { areaMethod } from '../lib/api';
import { replaceRoute, useApi, useAsync, useDebounced } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { displayText, formatBytes } from '../lib/text';

export function ProfilesView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const list = useAsync(() => areaMethod(api, 'listProfiles')(bundle), [bundle]);
  const path = params.get('p');
  const selected = list.data?.find((p) => p.artifact === path);
  const pick = (p: string): void => replaceRoute(routeHash(bundle, 'profiles', { p }));
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading what="profiles" />;
  return (
    <section className="view split">
      <div className="split-list narrow">
        <header className="view-head">
          <h1>Profiles</h1>
          <span className="muted">{list.data.length}</span>
        </header>
        {list.data.length === 0 && <Empty>No pprof profile or goroutine dump in this bundle.</Empty>}
        <VirtualList
          label="Profiles"
          className="fill"
          items={list.data}
          rowHeight={40}
          render={(p) => (
            <button type="button" className={`artifact-row profile-row ${p.artifact === path ? 'selected' : ''}`} onClick={() => pick(p.artifact)}>
              <span className="mono ellipsis">{p.artifact}</span>
              <span className="muted small">
                {p.component ?? '?'} · {p.kind === 'goroutine-dump' ? 'goroutine dump' : (p.defaultSampleType ?? p.sampleTypes[0] ?? 'pprof')}
                {p.error ? ` · ${p.error}` : ''}
              </span>
            </button>
          )}
        />
      </div>
      <div className="split-detail">
        {selected ? (
          selected.kind === 'goroutine-dump' ? (
            <Goroutines key={selected.artifact} bundle={bundle} path={selected.artifact} />
          ) : (
            <Profile key={selected.artifact} bundle={bundle} profile={selected} params={params} />
          )
        ) : (
          <Empty>Pick a profile: a flame graph and the top functions, as go tool pprof computes them.</Empty>
        )}
      </div>
    </section>
  );
}

function unitFormatter(sampleType: string): (v: number) => string {
  const unit = sampleType.split('/')[1] ?? '';
  if (unit === 'nanoseconds') return (v) => `${(v / 1e9).toFixed(2)} s`;
  if (unit === 'bytes') return (v) => formatBytes(v);
  return (v) => v.toLocaleString('en');
}

function Profile({ bundle, profile, params }: { bundle: number; profile: ProfileSummary; params: URLSearchParams }): ReactNode {
  const api = useApi();
  // The default sample type may be named without its unit ("cpu" for "cpu/nanoseconds").
  const wanted = params.get('s') ?? profile.defaultSampleType ?? profile.sampleTypes[0];
  const sample = profile.sampleTypes.find((t) => t === wanted || t.split('/')[0] === wanted) ?? wanted ?? undefined;
  const [search, setSearch] = useState('');
  const term = useDebounced(search, 250);
  const ref = useMemo(() => ({ bundle, path: profile.artifact }), [bundle, profile.artifact]);
  // The engine takes the name go tool pprof -sample_index takes ("cpu"), not "cpu/nanoseconds".
  const sampleName = sample?.split('/')[0];
  const tree = useAsync(() => areaMethod(api, 'flameTree')(ref, { sample: sampleName, maxNodes: 4000 }), [ref, sampleName]);
  const top = useAsync(() => areaMethod(api, 'profileTop')(ref, { sample: sampleName, limit: 500 }), [ref, sampleName]);
  const unit = useCallback((v: number) => unitFormatter(tree.data?.sampleType ?? sample ?? '')(v), [tree.data?.sampleType, sample]);
  const setSample = (s: string): void => replaceRoute(routeHash(bundle, 'profiles', { p: profile.artifact, s }));
  return (
    <div className="profile">
      <div className="toolbar pad-x">
        <span className="mono strong">{profile.artifact}</span>
        {profile.sampleTypes.length > 1 && (
          <select className="input" value={sample} onChange={(e) => setSample(e.target.value)} aria-label="Sample type">
            {profile.sampleTypes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
        <input className="input" type="search" placeholder="Highlight functions" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Highlight functions" />
        {tree.data && (
          <span className="muted small">
            total {unit(tree.data.total)} · {tree.data.nodes.toLocaleString('en')} of {tree.data.fullNodes.toLocaleString('en')} nodes drawn
          </span>
        )}
      </div>
      {tree.error && <ErrorBox error={tree.error} />}
      {tree.data && <FlameGraph root={tree.data.root} unit={unit} search={term} />}
      {top.data && (
        <div className="top-table">
          <div className="tr th top-row">
            <span className="num">flat</span>
            <span className="num">flat%</span>
            <span className="num">cum</span>
            <span className="num">cum%</span>
            <span>function</span>
          </div>
          <VirtualList
            label="Top functions"
            className="fill mono"
            items={top.data.rows}
            rowHeight={22}
            render={(r) => (
              <div className="tr top-row">
                <span className="num">{unit(r.flat)}</span>
                <span className="num">{((r.flat / (top.data?.total || 1)) * 100).toFixed(2)}%</span>
                <span className="num">{unit(r.cum)}</span>
                <span className="num muted">{((r.cum / (top.data?.total || 1)) * 100).toFixed(2)}%</span>
                <span className="ellipsis" title={r.name}>
                  {displayText(r.name)}
                </span>
              </div>
            )}
          />
        </div>
      )}
    </div>
  );
}

function Goroutines({ bundle, path }: { bundle: number; path: string }): ReactNode {
  const api = useApi();
  const dump = useAsync(() => areaMethod(api, 'goroutines')({ bundle, path }), [bundle, path]);
  if (dump.error) return <ErrorBox error={dump.error} />;
  if (!dump.data) return <Loading what="goroutines" />;
  const d: GoroutineDump = dump.data;
  return (
    <div className="profile">
      <div className="toolbar pad-x">
        <span className="mono strong">{path}</span>
        <span className="muted small">
          {d.total.toLocaleString('en')} goroutines ({d.format}){d.truncated ? ' · dump cut short' : ''} · {d.buckets.length} distinct stacks
        </span>
      </div>
      <div className="toolbar pad-x">
        {d.states.map((s) => (
          <span key={s.state} className="chip">
            {s.state} {s.count}
          </span>
        ))}
      </div>
      <VirtualList
        label="Goroutine stacks"
        className="fill"
        items={d.buckets}
        rowHeight={(i) => 34 + Math.min(5, d.buckets[i].frames.length) * 30}
        render={(b) => (
          <div className={`goroutine ${b.stuck ? 'stuck' : ''}`} style={{ height: 30 + Math.min(5, b.frames.length) * 30 }}>
            <div>
              <span className="strong">{b.count}×</span> {b.state}
              {b.waitMinutes > 0 ? `, ${b.minWaitMinutes === b.waitMinutes ? '' : `${b.minWaitMinutes}–`}${b.waitMinutes} minutes` : ''}
              {b.stuck && <span className="badge sev-warning">{b.stuck}</span>}
            </div>
            <pre className="mono small goroutine-frames">
              {b.frames
                .slice(0, 5)
                .map((f) => `${displayText(f.func)}\n    ${displayText(f.file)}:${f.line}`)
                .join('\n')}
            </pre>
          </div>
        )}
      />
    </div>
  );
}
