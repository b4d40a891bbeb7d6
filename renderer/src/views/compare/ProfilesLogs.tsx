import { useState, type ReactNode } from 'react';
import type { LogsCompare, LogTemplateChange, ProfileCompare, ProfilesCompare } from '../../../../shared/api/compare';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/Text';
import { useApi, useAsync } from '../../lib/hooks';
import { routeHash } from '../../lib/route';
import { DiffFlame } from './DiffFlame';
import { Jump, Same, SectionHead, T, type Sides } from './common';

/** Values in the profile's unit, readable: nanoseconds as ms, bytes as MB. */
export function unitFormatter(sampleType: string): (v: number) => string {
  const unit = sampleType.split('/')[1] ?? '';
  if (unit === 'nanoseconds') return (v) => `${(v / 1e6).toLocaleString('en', { maximumFractionDigits: 2 })} ms`;
  if (unit === 'bytes') return (v) => `${(v / 2 ** 20).toLocaleString('en', { maximumFractionDigits: 2 })} MiB`;
  return (v) => v.toLocaleString('en', { maximumFractionDigits: 2 });
}

function Movers({ title, rows, unit, cls }: { title: string; rows: ProfileCompare['gainers']; unit: (v: number) => string; cls: string }): ReactNode {
  return (
    <div>
      <h3>{title}</h3>
      <DataTable
        table={`cmp-${cls}`}
        className="cmp-table"
        label={title}
        rows={rows}
        rowKey={(r) => r.name}
        columns={[
          { key: 'flat', label: 'change (flat)', numeric: true, className: cls, cell: (r) => `${r.flat > 0 ? '+' : '−'}${unit(Math.abs(r.flat))}`, value: (r) => Math.abs(r.flat), title: 'Sort by the size of the change' },
          { key: 'name', label: 'function', className: 'mono small cmp-fn', cell: (r) => <T>{r.name}</T>, value: (r) => r.name },
        ]}
      />
    </div>
  );
}

function ProfilePair({ p, sides }: { p: ProfileCompare; sides: Sides }): ReactNode {
  const api = useApi();
  const [flame, setFlame] = useState(true);
  const unit = unitFormatter(p.sampleType);
  const tree = useAsync(
    () => (flame && !p.error ? api.diffTree({ bundle: sides.a, path: p.pathA }, { bundle: sides.b, path: p.pathB }, { normalize: true, maxNodes: 4000 }) : Promise.resolve(null)),
    [sides.a, sides.b, p.pathA, p.pathB, flame],
  );
  return (
    <div className="cmp-block">
      <h3 className="mono">
        <T>{p.component}</T> · <T>{p.pathB}</T> <span className="muted small">({p.sampleType})</span>{' '}
        <span className="small">
          <a href={routeHash(sides.a, 'artifacts', { path: p.pathA })}>A</a> · <a href={routeHash(sides.b, 'artifacts', { path: p.pathB })}>B</a>
        </span>
      </h3>
      {p.error ? (
        <ErrorBox error={p.error} />
      ) : (
        <>
          <div className="muted small">
            A total {unit(p.totalA)}, B total {unit(p.totalB)}; B scaled ×{p.scale.toPrecision(3)} to A&apos;s total before subtracting.
          </div>
          <div className="grid-2">
            <Movers title="Top gainers (flat)" rows={p.gainers} unit={unit} cls="cmp-up" />
            <Movers title="Top losers (flat)" rows={p.losers} unit={unit} cls="cmp-down" />
          </div>
          <label className="small">
            <input type="checkbox" checked={flame} onChange={(e) => setFlame(e.target.checked)} /> differential flame graph
          </label>
          {flame && tree.error && <ErrorBox error={tree.error} />}
          {flame && !tree.data && !tree.error && <Loading what="differential flame graph" />}
          {flame && tree.data && <DiffFlame tree={tree.data} unit={unit} />}
        </>
      )}
    </div>
  );
}

export function ProfilesSection({ s, sides }: { s: ProfilesCompare; sides: Sides }): ReactNode {
  return (
    <section className="panel cmp-section compare-section" data-section="profiles">
      <SectionHead title="Profiles (normalised difference, B − A)">
        <Jump sides={sides} view="profiles" label="Profiles" />
      </SectionHead>
      {s.identical && <Same what="profiles" />}
      {s.profiles.map((p) => (
        <ProfilePair key={p.pathB} p={p} sides={sides} />
      ))}
      {(s.onlyA.length > 0 || s.onlyB.length > 0) && (
        <ul className="cmp-lines mono">
          {s.onlyB.map((x) => (
            <li key={`b${x}`} className="cmp-added">
              + <T>{x}</T> <span className="muted">(only in B)</span>
            </li>
          ))}
          {s.onlyA.map((x) => (
            <li key={`a${x}`} className="cmp-removed">
              − <T>{x}</T> <span className="muted">(only in A)</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function LogsSection({ s, sides }: { s: LogsCompare; sides: Sides }): ReactNode {
  return (
    <section className="panel cmp-section compare-section" data-section="logs">
      <SectionHead title="Logs: what B says that A doesn't">
        <Jump sides={sides} view="logs" params={{ levels: 'error,fatal' }} label="Errors" />
      </SectionHead>
      <div className="muted small">
        {s.linesA.toLocaleString('en')} log lines in A, {s.linesB.toLocaleString('en')} in B · {s.templatesA.toLocaleString('en')} and {s.templatesB.toLocaleString('en')} message templates · {s.differing.toLocaleString('en')} differ
        {s.differing > s.templates.length ? ` (first ${s.templates.length} shown)` : ''}
      </div>
      {s.identical && <Same what="log message templates" />}
      {s.templates.length > 0 && (
        <DataTable table="cmp-logs" className="cmp-table" label="Log templates" columns={templateColumns(sides)} rows={s.templates} rowKey={(t) => `${t.level}-${t.template}`} rowClass={(t) => (t.countA === 0 && (t.level === 'error' || t.level === 'fatal') ? 'cmp-hot' : '')} />
      )}
    </section>
  );
}

const LEVEL_RANK: Record<string, number> = { fatal: 5, error: 4, warning: 3, info: 2, debug: 1, trace: 0 };

function templateColumns(sides: Sides): Column<LogTemplateChange>[] {
  return [
    { key: 'a', label: 'A', numeric: true, cell: (t) => t.countA.toLocaleString('en'), value: (t) => t.countA },
    { key: 'b', label: 'B', numeric: true, cell: (t) => t.countB.toLocaleString('en'), value: (t) => t.countB },
    { key: 'level', label: 'level', numeric: true, className: (t) => (t.level ? `lvl-${t.level}` : 'muted'), cell: (t) => t.level ?? '—', value: (t) => (t.level ? (LEVEL_RANK[t.level] ?? 0) : null), title: 'Sort by severity' },
    {
      key: 'template',
      label: 'template (numbers, ids, IPs, paths, times masked)',
      className: 'mono small cmp-template',
      cell: (t) => (
        <a href={routeHash(t.example.side === 'a' ? sides.a : sides.b, 'logs', { artifact: t.example.artifact, line: t.example.line })} title="an example line">
          <T>{t.template}</T>
        </a>
      ),
      value: (t) => t.template,
    },
  ];
}
