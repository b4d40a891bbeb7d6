import type { ReactNode } from 'react';
import type { ProcessesCompare, SystemCompare } from '../../../../shared/api/compare';
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
        <table className="cmp-table">
          <thead>
            <tr>
              <th>group</th>
              <th>number</th>
              <th className="num">A</th>
              <th className="num">B</th>
              <th className="num">B − A</th>
            </tr>
          </thead>
          <tbody>
            {s.rows.map((r) => (
              <tr key={`${r.group}-${r.name}`}>
                <td className="muted">{r.group}</td>
                <td>
                  <T>{r.name}</T>
                  {r.unit && r.unit !== 'count' ? <span className="muted"> ({r.unit})</span> : null}
                </td>
                <td className="num">{formatNumber(r.a)}</td>
                <td className="num">{formatNumber(r.b)}</td>
                <td className="num">
                  <Delta value={r.delta} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <table className="cmp-table">
          <thead>
            <tr>
              <th>command</th>
              <th>A: count [states]</th>
              <th>B: count [states]</th>
              <th>kernel stack of a D-state task</th>
            </tr>
          </thead>
          <tbody>
            {s.changed.map((p) => (
              <tr key={p.command} className={p.dStateB > p.dStateA ? 'cmp-hot' : ''}>
                <td className="mono">
                  <T>{p.command}</T>
                </td>
                <td className="mono">
                  {p.countA} [{p.statesA}]
                </td>
                <td className="mono">
                  {p.countB} [{p.statesB}]
                </td>
                <td className="mono small">
                  <T>{p.dStack.join(' ← ')}</T>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
