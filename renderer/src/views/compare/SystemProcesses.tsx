import type { ReactNode } from 'react';
import type { CommandChange, NumberChange, ProcessesCompare, SystemCompare } from '../../../../shared/api/compare';
import { DataTable, type Column } from '../../components/DataTable';
import { Delta, formatNumber, Jump, Same, SectionHead, T, type Sides } from './common';

export function SystemSection({ s, sides }: { s: SystemCompare; sides: Sides }): ReactNode {
  return (
    <section className="panel cmp-section compare-section" data-section="system">
      <SectionHead title="System">
        <Jump sides={sides} view="system" label="System" />
      </SectionHead>
      {s.identical && <Same what="system numbers" />}
      {s.missing.length > 0 && <div className="callout">Not collected: {s.missing.join('; ')}</div>}
      {s.rows.length > 0 && (
        <DataTable table="cmp-system" className="cmp-table" label="System numbers" columns={NUMBER_COLUMNS} rows={s.rows} rowKey={(r) => `${r.group}-${r.name}`} />
      )}
    </section>
  );
}

export function ProcessesSection({ s, sides }: { s: ProcessesCompare; sides: Sides }): ReactNode {
  return (
    <section className="panel cmp-section compare-section" data-section="processes">
      <SectionHead title="Processes, by command">
        <Jump sides={sides} view="processes" params={{ state: 'D' }} label="D-state processes" />
      </SectionHead>
      {s.identical && <Same what="processes" />}
      {s.missing.length > 0 && <div className="callout">Not collected: {s.missing.join('; ')}</div>}
      {s.changed.length > 0 && (
        <DataTable table="cmp-processes" className="cmp-table" label="Processes by command" columns={COMMAND_COLUMNS} rows={s.changed} rowKey={(p) => p.command} rowClass={(p) => (p.dStateB > p.dStateA ? 'cmp-hot' : '')} />
      )}
      {(['onlyB', 'onlyA'] as const).map((k) =>
        s[k].length ? (
          <div key={k} className="cmp-block">
            <h3>Only in {k === 'onlyB' ? 'B' : 'A'}</h3>
            <ul className="cmp-lines mono">
              {s[k].map((p) => (
                <li key={p.command} className={k === 'onlyB' ? 'cmp-added' : 'cmp-removed'}>
                  <T>{p.command}</T> ×{p.count} [{p.states}]
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </section>
  );
}

const NUMBER_COLUMNS: Column<NumberChange>[] = [
  { key: 'group', label: 'group', className: 'muted', cell: (r) => r.group, value: (r) => r.group },
  {
    key: 'name',
    label: 'number',
    cell: (r) => (
      <>
        <T>{r.name}</T>
        {r.unit && r.unit !== 'count' ? <span className="muted"> ({r.unit})</span> : null}
      </>
    ),
    value: (r) => r.name,
  },
  { key: 'a', label: 'A', numeric: true, cell: (r) => formatNumber(r.a), value: (r) => r.a },
  { key: 'b', label: 'B', numeric: true, cell: (r) => formatNumber(r.b), value: (r) => r.b },
  { key: 'delta', label: 'B − A', numeric: true, cell: (r) => <Delta value={r.delta} />, value: (r) => r.delta },
];

const COMMAND_COLUMNS: Column<CommandChange>[] = [
  { key: 'command', label: 'command', className: 'mono', cell: (p) => <T>{p.command}</T>, value: (p) => p.command },
  { key: 'a', label: 'A: count [states]', numeric: true, className: 'mono', cell: (p) => `${p.countA} [${p.statesA}]`, value: (p) => p.countA },
  { key: 'b', label: 'B: count [states]', numeric: true, className: 'mono', cell: (p) => `${p.countB} [${p.statesB}]`, value: (p) => p.countB },
  { key: 'd', label: 'D-state B − A', numeric: true, cell: (p) => <Delta value={p.dStateB - p.dStateA} />, value: (p) => p.dStateB - p.dStateA },
  { key: 'stack', label: 'kernel stack of a D-state task', className: 'mono small', cell: (p) => <T>{p.dStack.join(' ← ')}</T>, value: (p) => p.dStack.join(' ') },
];
