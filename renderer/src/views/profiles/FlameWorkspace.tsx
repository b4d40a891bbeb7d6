import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { ProfileRef } from '../../../../shared/api/profiles';
import { ErrorBox, Loading } from '../../components/Text';
import { useApi, useAsync, useDebounced } from '../../lib/hooks';
import { displayText } from '../../lib/text';
import { DiffLegend } from './DiffLegend';
import { deltaShare, diffColor } from './diffColor';
import { fetchFlame, isDiffTree, type FlameData } from './fetchFlame';
import { FlameChart } from './FlameChart';
import { focusFunction, matchShare, toDatum, type FlameDatum, type FlameHNode } from './flameData';
import { literalMatcher, percent, signed, unitFormatter } from './format';
import { sampleName, type ProfileParams } from './params';
import { SearchShare } from './SearchShare';
import { TopTable } from './TopTable';

interface Zoom {
  path: string[];
  elided: boolean;
}

const NO_ZOOM: Zoom = { path: [], elided: false };

/** Flame graph and top table side by side, one zoom and one selection shared by both. */
export function FlameWorkspace({ target, params }: { target: ProfileRef; params: ProfileParams }): ReactNode {
  const api = useApi();
  const [zoom, setZoom] = useState<Zoom>(NO_ZOOM);
  const [selected, setSelected] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const term = useDebounced(search, 200);
  const focusFn = focusFunction(zoom.path, zoom.elided);
  const data = useAsync(() => fetchFlame(api, target, params, focusFn), [target.bundle, target.path, focusFn]);
  const d = data.data;
  const unit = useMemo(() => unitFormatter(d?.tree.sampleType ?? params.sample ?? ''), [d?.tree.sampleType, params.sample]);
  const datum = useMemo(() => (d ? toDatum(d.tree.root) : null), [d]);
  const highlight = useMemo(() => (selected !== null ? (fn: string) => fn === selected : literalMatcher(term)), [selected, term]);
  const share = useMemo(() => (datum && highlight ? matchShare(datum, highlight) : null), [datum, highlight]);
  const onZoom = useCallback((path: string[], elided: boolean) => {
    setZoom({ path, elided });
    setSelected(focusFunction(path, elided));
  }, []);
  const colorFor = useMemo(() => (d && isDiffTree(d.tree) ? diffColorFor(d.tree.baseTotal) : undefined), [d]);
  const tooltipLines = useMemo(() => (d ? tooltipFor(d, unit, params.raw) : () => []), [d, unit, params.raw]);
  if (data.error) return <ErrorBox error={data.error} />;
  if (!d || !datum) return <Loading what={params.baseline ? 'differential flame graph' : 'flame graph'} />;
  const total = d.top.total;
  return (
    <div className="flame-layout">
      <div className="flame-pane">
        <div className="toolbar pad-x">
          <input
            className="input flame-search"
            type="search"
            placeholder="Highlight functions"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setSelected(null);
            }}
            aria-label="Highlight functions"
          />
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
        <FlameChart
          datum={datum}
          zoomPath={zoom.path}
          highlight={highlight}
          colorFor={colorFor}
          tooltipLines={tooltipLines}
          onZoom={onZoom}
          label={params.baseline ? 'Differential flame graph' : 'Flame graph'}
        />
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
