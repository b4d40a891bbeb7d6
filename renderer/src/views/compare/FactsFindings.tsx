import type { ReactNode } from 'react';
import type { FindingRef, FindingsCompare, NodeFactsCompare, ValueChange } from '../../../../shared/api/compare';
import { DataTable, type Column } from '../../components/DataTable';
import { SeverityBadge } from '../../components/Text';
import { Jump, Same, SectionHead, SetLines, T, type Sides } from './common';

function FindingList({ title, list, side }: { title: string; list: FindingRef[]; side: 'a' | 'b' }): ReactNode {
  if (!list.length) return null;
  return (
    <div className="cmp-block">
      <h3>{title}</h3>
      <ul className="plain">
        {list.map((f, i) => (
          <li key={i} className="cmp-finding">
            <span className={`badge side-${side}`}>only {side.toUpperCase()}</span> <SeverityBadge severity={f.severity} />
            <div>
              <div className="strong">
                <T>{f.title}</T>
                {f.count > 1 && <span className="muted"> ×{f.count.toLocaleString('en')}</span>}
              </div>
              <div className="muted small">
                <T>{f.summary}</T>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FindingsSection({ s, sides }: { s: FindingsCompare; sides: Sides }): ReactNode {
  return (
    <section className="panel cmp-section compare-section" data-section="findings">
      <SectionHead title="Findings">
        <Jump sides={sides} view="findings" label="All findings" />
      </SectionHead>
      {s.identical && <Same what="findings" />}
      <FindingList title={`New in B (${s.new.length})`} list={s.new} side="b" />
      <FindingList title={`Gone from B (${s.gone.length})`} list={s.gone} side="a" />
      {s.changed.length > 0 && (
        <div className="cmp-block">
          <h3>Severity changed ({s.changed.length})</h3>
          {s.changed.map((f, i) => (
            <div key={i} className="cmp-finding">
              <SeverityBadge severity={f.a} /> → <SeverityBadge severity={f.b} />
              <span>
                <T>{f.title}</T>
              </span>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

const VALUE_COLUMNS: Column<ValueChange>[] = [
  { key: 'name', label: 'name', className: 'mono', cell: (r) => <T>{r.name}</T>, value: (r) => r.name },
  { key: 'a', label: 'A', className: 'mono cmp-removed', cell: (r) => <T>{r.a}</T>, value: (r) => r.a },
  { key: 'b', label: 'B', className: 'mono cmp-added', cell: (r) => <T>{r.b}</T>, value: (r) => r.b },
];

function ValueTable({ rows, label }: { rows: ValueChange[]; label: string }): ReactNode {
  if (!rows.length) return null;
  return (
    <div className="cmp-block">
      <h3>{label}</h3>
      <DataTable table={`cmp-${label.split(/\W/)[0].toLowerCase()}`} className="cmp-table" label={label} columns={VALUE_COLUMNS} rows={rows} rowKey={(r) => r.name} />
    </div>
  );
}

export function FactsSection({ s, sides }: { s: NodeFactsCompare; sides: Sides }): ReactNode {
  return (
    <section className="panel cmp-section compare-section" data-section="facts">
      <SectionHead title="Node facts">
        <Jump sides={sides} view="system" label="System" />
      </SectionHead>
      {s.identical && <Same what="node facts" />}
      <ValueTable label="Kernel, OS, versions" rows={s.facts} />
      <ValueTable label="sysctl" rows={s.sysctl} />
      {s.notCollected.map((n) => (
        <div key={n.what} className="callout">
          {n.what} not collected in {n.side.toUpperCase()}: not compared.
        </div>
      ))}
      <SetLines what="Kernel modules" change={s.modules} />
      <SetLines what="Kernel command line" change={s.cmdline} />
      <SetLines what="Mounts" change={s.mounts} />
    </section>
  );
}
