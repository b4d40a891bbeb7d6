import type { ReactNode } from 'react';
import type { ProfileSummary } from '../../../../shared/api/profiles';
import { Empty, ErrorBox, Loading } from '../../components/Text';
import { VirtualList } from '../../components/VirtualList';
import { replaceRoute, useApi, useAsync } from '../../lib/hooks';
import { routeHash } from '../../lib/route';
import { GoroutinesView } from '../goroutines/GoroutinesView';
import { ProfileDetail } from './ProfileDetail';
import './profiles.css';

/** The Profiles view: a bundle's pprof profiles and goroutine dumps, one open at a time. */
export function ProfilesView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const list = useAsync(() => api.listProfiles(bundle), [bundle]);
  const path = params.get('p');
  const selected = list.data?.find((p) => p.artifact === path);
  const pick = (p: string): void => replaceRoute(routeHash(bundle, 'profiles', { p }));
  const asBuckets = !!selected && isGoroutineProfile(selected) && params.get('g') === '1';
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading what="profiles" />;
  return (
    <section className="view split profiles-view">
      <div className="profiles-list">
        <header className="view-head">
          <h1>Profiles</h1>
          <span className="muted">{list.data.length}</span>
        </header>
        {list.data.length === 0 && <Empty>No pprof profile or goroutine dump in this bundle.</Empty>}
        <VirtualList
          label="Profiles"
          className="fill"
          items={list.data}
          rowHeight={42}
          scrollTo={selected ? list.data.indexOf(selected) : null}
          render={(p) => <ProfileRow p={p} selected={p.artifact === path} onPick={pick} />}
        />
      </div>
      <div className="split-detail profiles-detail">
        {!selected && <Empty>Pick a profile: a flame graph and the top functions, as go tool pprof computes them; or a goroutine dump, bucketed by stack.</Empty>}
        {selected && isGoroutineProfile(selected) && <GoroutineProfileSwitch bundle={bundle} path={selected.artifact} buckets={asBuckets} />}
        {selected && (selected.kind === 'goroutine-dump' || asBuckets) && <GoroutinesView key={selected.artifact} bundle={bundle} path={selected.artifact} />}
        {selected?.kind === 'pprof' && !asBuckets && <ProfileDetail key={selected.artifact} bundle={bundle} profile={selected} params={params} />}
      </div>
    </section>
  );
}

function ProfileRow({ p, selected, onPick }: { p: ProfileSummary; selected: boolean; onPick: (path: string) => void }): ReactNode {
  const what = p.kind === 'goroutine-dump' ? 'goroutine dump' : (p.defaultSampleType ?? p.sampleTypes[0] ?? 'pprof');
  return (
    <button type="button" className={`artifact-row profile-row ${selected ? 'selected' : ''}`} onClick={() => onPick(p.artifact)} title={p.artifact}>
      <span className="mono ellipsis">{p.artifact}</span>
      <span className={`small ellipsis ${p.error ? 'profile-error' : 'muted'}`}>
        {p.component ?? 'no component'} · {what}
        {p.durationNanos ? ` · ${(p.durationNanos / 1e9).toFixed(0)} s` : ''}
        {p.error ? ` · ${p.error}` : ''}
      </span>
    </button>
  );
}

/** The goroutine profile (debug=0 protobuf): a flame graph of stacks, or the same stacks as buckets. */
function isGoroutineProfile(p: ProfileSummary): boolean {
  return p.kind === 'pprof' && p.sampleTypes.length === 1 && p.sampleTypes[0] === 'goroutine/count';
}

function GoroutineProfileSwitch({ bundle, path, buckets }: { bundle: number; path: string; buckets: boolean }): ReactNode {
  const go = (g: boolean): void => replaceRoute(routeHash(bundle, 'profiles', { p: path, g: g ? '1' : undefined }));
  return (
    <div className="toolbar pad-x goroutine-switch">
      <span className="seg" role="group" aria-label="Goroutine profile as">
        <button type="button" className={buckets ? '' : 'on'} onClick={() => go(false)}>
          Flame graph
        </button>
        <button type="button" className={buckets ? 'on' : ''} onClick={() => go(true)}>
          Goroutine buckets
        </button>
      </span>
      <span className="muted small">a protobuf goroutine profile has no wait times; states are inferred from the runtime frames</span>
    </div>
  );
}
