import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ProfileRef } from '../../../../shared/api/profiles';
import { ErrorBox, Loading } from '../../components/Text';
import { useApi, useAsync, useDebounced } from '../../lib/hooks';
import { displayText } from '../../lib/text';
import { DiffLegend } from './DiffLegend';
import { deltaShare, diffColor } from './diffColor';
import { fetchFlame, fetchSandwich, isDiffTree, type FlameData } from './fetchFlame';
import { FlameChart } from './FlameChart';
import { focusFunction, matchShare, mergeAt, toDatum, type FlameDatum, type FlameHNode } from './flameData';
import { literalMatcher, percent, shortName, signed, unitFormatter } from './format';
import { sampleName, type ProfileParams } from './params';
import { SearchShare } from './SearchShare';
import { TopTable } from './TopTable';

interface Zoom {
  path: string[];
  elided: boolean;
}

type Set = (patch: Partial<ProfileParams>, mode?: 'push' | 'replace') => void;

/**
 * Flame graph (full width) over the top table, one zoom and one selection shared by both, all in the
 * URL: zoom path, selection, search, -focus/-ignore/-hide, flame or sandwich.
 */
export function FlameWorkspace({ target, params, set }: { target: ProfileRef; params: ProfileParams; set: Set }): ReactNode {
  const api = useApi();
  const zoom: Zoom = { path: params.zoom, elided: params.zoomElided };
  const selected = params.selected;
  const [search, setSearch] = useState(params.search);
  const term = useDebounced(search, 250);
  // The highlight goes to the URL when the operator is done with it (Enter, or leaving the box).
  const commitSearch = (): void => {
    if (search !== params.search) set({ search }, 'replace');
  };
  const focusFn = focusFunction(zoom.path, zoom.elided);
  const data = useAsync(() => fetchFlame(api, target, params, focusFn), [target.bundle, target.path, focusFn]);
  const d = data.data;
  const unit = useMemo(() => unitFormatter(d?.tree.sampleType ?? params.sample ?? ''), [d?.tree.sampleType, params.sample]);
  const datum = useMemo(() => (d ? toDatum(d.tree.root) : null), [d]);
  const highlight = useMemo(() => (selected !== null ? (fn: string) => fn === selected : literalMatcher(term)), [selected, term]);
  const share = useMemo(() => (datum && highlight ? matchShare(datum, highlight) : null), [datum, highlight]);
  const onZoom = useCallback(
    (path: string[], elided: boolean) => set({ zoom: path, zoomElided: elided, selected: focusFunction(path, elided) }),
    [set],
  );
  const setSelected = useCallback((fn: string | null) => set({ selected: fn, mode: fn === null ? 'flame' : params.mode }), [set, params.mode]);
  const colorFor = useMemo(() => (d && isDiffTree(d.tree) ? diffColorFor(d.tree.baseTotal) : undefined), [d]);
  const tooltipLines = useMemo(() => (d ? tooltipFor(d, unit, params.raw) : () => []), [d, unit, params.raw]);
  if (data.error) return <ErrorBox error={data.error} />;
  if (!d || !datum) return <Loading what={params.baseline ? 'differential flame graph' : 'flame graph'} />;
  const total = d.top.total;
  const sandwich = params.mode === 'sandwich' && selected !== null && !params.baseline;
  return (
    <div className="flame-layout">
      <div className="flame-pane">
        <div className="toolbar pad-x">
          <input
            className="input flame-search"
            type="search"
            placeholder="Highlight: text or /regex/"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (selected !== null) setSelected(null);
            }}
            aria-label="Highlight functions"
            onBlur={commitSearch}
            onKeyDown={(e) => e.key === 'Enter' && commitSearch()}
          />
          <FilterInput label="Focus" title="go tool pprof -focus: only samples through a function matching this regex" value={params.focus} onChange={(focus) => set({ focus })} />
          <FilterInput label="Ignore" title="go tool pprof -ignore: drop samples through a function matching this regex" value={params.ignore} onChange={(ignore) => set({ ignore })} />
          <FilterInput label="Hide" title="go tool pprof -hide: remove matching frames, keep their samples" value={params.hide} onChange={(hide) => set({ hide })} />
          {!params.baseline && (
            <span className="seg" role="group" aria-label="Flame view">
              <button type="button" className={sandwich ? '' : 'on'} onClick={() => set({ mode: 'flame' })}>
                Flame graph
              </button>
              <button
                type="button"
                className={sandwich ? 'on' : ''}
                disabled={selected === null}
                title={selected === null ? 'Select a function (top table or a frame) first' : 'Callers above, callees below'}
                onClick={() => set({ mode: 'sandwich' })}
              >
                Sandwich
              </button>
            </span>
          )}
          <Breadcrumb zoom={zoom} onReset={() => onZoom([], false)} />
          {data.loading && <span className="muted small">refining…</span>}
        </div>
        <div className="flame-details mono small" aria-live="polite">
          {share && (
            <SearchShare
              target={target}
              sample={sampleName(params.sample)}
              term={selected === null ? term.trim() : ''}
              selected={selected === null ? null : { name: selected, cum: d.top.rows.find((r) => r.name === selected)?.cum ?? 0 }}
              frames={share.frames}
              total={d.top.total}
              unit={unit}
              diff={d.diff}
              zoomed={focusFn}
            />
          )}
        </div>
        {sandwich && selected !== null ? (
          <Sandwich target={target} params={params} fn={selected} unit={unit} total={total} />
        ) : (
          <FlameChart
            datum={datum}
            zoomPath={zoom.path}
            highlight={highlight}
            colorFor={colorFor}
            tooltipLines={tooltipLines}
            onZoom={onZoom}
            label={params.baseline ? 'Differential flame graph' : 'Flame graph'}
          />
        )}
        <Summary d={d} unit={unit} />
        {isDiffTree(d.tree) && <DiffLegend raw={params.raw} scale={d.tree.scale} baseTotal={d.tree.baseTotal} unit={unit} />}
      </div>
      <TopTable
        rows={d.top.rows}
        total={total}
        unit={unit}
        selected={selected}
        onSelect={setSelected}
        diff={d.diff}
        caption={`${d.diff ? 'Change per function (B − A)' : 'Top functions'}${focusFn ? `, samples through ${displayText(focusFn)}` : ''}`}
      />
    </div>
  );
}

/** A pprof filter regex, applied on Enter or blur (the engine validates it and says what is wrong). */
function FilterInput({ label, title, value, onChange }: { label: string; title: string; value: string; onChange: (v: string) => void }): ReactNode {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = (): void => {
    if (text.trim() !== value) onChange(text.trim());
  };
  return (
    <input
      className="input flame-filter mono"
      placeholder={label}
      title={title}
      aria-label={`${label} regex`}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
}

/** Callers of `fn` (bottom-up, merged at fn) above its callees (top-down, merged at fn). */
function Sandwich({ target, params, fn, unit, total }: { target: ProfileRef; params: ProfileParams; fn: string; unit: (v: number) => string; total: number }): ReactNode {
  const api = useApi();
  const s = useAsync(() => fetchSandwich(api, target, params, fn), [target.bundle, target.path, fn, params.sample, params.ignore, params.hide]);
  const callers = useMemo(() => (s.data ? mergeAt(toDatum(s.data.callers.root), fn) : null), [s.data, fn]);
  const callees = useMemo(() => (s.data ? mergeAt(toDatum(s.data.callees.root), fn) : null), [s.data, fn]);
  const tip = useCallback(
    (n: FlameHNode) => [`${displayText(n.data.fn)}${n.data.inline ? ' (inline)' : ''}`, `cum ${unit(n.data.target)} · ${percent(n.data.target, total)}`],
    [unit, total],
  );
  if (s.error) return <ErrorBox error={s.error} />;
  if (!callers || !callees) return <Loading what="callers and callees" />;
  const none = (): void => undefined;
  return (
    <div className="sandwich">
      <h3 className="muted pad-x">Callers of {displayText(shortName(fn))}: who calls it, one level per row down from it</h3>
      <FlameChart datum={callers} zoomPath={[]} highlight={null} tooltipLines={tip} onZoom={none} label="Callers" />
      <h3 className="muted pad-x">Callees of {displayText(shortName(fn))}: what it calls, all its calls merged</h3>
      <FlameChart datum={callees} zoomPath={[]} highlight={null} tooltipLines={tip} onZoom={none} label="Callees" />
    </div>
  );
}

function Breadcrumb({ zoom, onReset }: { zoom: Zoom; onReset: () => void }): ReactNode {
  if (zoom.path.length === 0) return <span className="muted small">click a frame to zoom</span>;
  const shown = zoom.path.slice(-3).map((n) => displayText(n));
  return (
    <span className="breadcrumb small">
      <button type="button" className="btn small" onClick={onReset}>
        Reset zoom
      </button>
      <span className="mono ellipsis" title={zoom.path.map(displayText).join(' › ')}>
        {zoom.path.length > 3 ? '… › ' : ''}
        {shown.join(' › ')}
      </span>
    </span>
  );
}

function Summary({ d, unit }: { d: FlameData; unit: (v: number) => string }): ReactNode {
  const t = d.tree;
  const cut = t.nodes < t.fullNodes ? ` · frames under ${(t.minShare * 100).toPrecision(2)}% of the shown total merged into “…”` : '';
  const totals = isDiffTree(t) ? diffTotals(t.baseTotal, t.total, t.scale, unit) : `total ${unit(d.top.total)}`;
  return (
    <div className="muted small pad-x flame-summary">
      {t.sampleType} · {totals} · {t.nodes.toLocaleString('en')} of {t.fullNodes.toLocaleString('en')} nodes drawn{cut}
    </div>
  );
}

function diffTotals(a: number, b: number, scale: number, unit: (v: number) => string): string {
  if (scale === 1 || scale === 0) return `A ${unit(a)} · B ${unit(b)}`;
  return `A ${unit(a)} · B ${unit(b / scale)}, scaled to ${unit(b)}`;
}

function diffColorFor(baseTotal: number): (d: FlameDatum) => string {
  return (d) => diffColor(deltaShare(d.target, d.base ?? 0, baseTotal));
}

function tooltipFor(d: FlameData, unit: (v: number) => string, raw: boolean): (n: FlameHNode) => string[] {
  const t = d.tree;
  const total = d.top.total;
  return (n) => {
    const x = n.data;
    const name = x.elided ? '… (narrow calls merged: click to zoom and draw them)' : `${displayText(x.fn)}${x.inline ? ' (inline)' : ''}`;
    if (!isDiffTree(t)) {
      return [name, `cum ${unit(x.target)} · ${percent(x.target, total)}`, `flat ${unit(x.self)} · ${percent(x.self, total)}`];
    }
    const base = x.base ?? 0;
    const change = x.target - base;
    return [
      name,
      `A (baseline) cum ${unit(base)} · ${percent(base, t.baseTotal)} · flat ${unit(x.baseSelf ?? 0)}`,
      `B${raw ? '' : ' scaled to A'} cum ${unit(x.target)} · ${percent(x.target, t.baseTotal)} · flat ${unit(x.self)}`,
      `change ${signed(unit, change)} · ${change >= 0 ? '+' : '−'}${percent(Math.abs(change), t.baseTotal)} of A's total`,
    ];
  };
}
