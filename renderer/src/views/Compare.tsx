import type { ReactNode } from 'react';
import type { Comparison, NumberChange } from '../../../shared/api/compare';
import { ErrorBox, Loading, SeverityBadge } from '../components/Text';
import { areaMethod } from '../lib/api';
import { useApi, useAsync } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { displayText, formatTime } from '../lib/text';

/** Two bundles side by side: only what differs, section by section ("good node vs bad node"). */
export function CompareView({ a, b }: { a: number; b: number }): ReactNode {
  const api = useApi();
  const cmp = useAsync(() => areaMethod(api, 'compareBundles')(a, b), [a, b]);
  if (cmp.error) return <ErrorBox error={cmp.error} />;
  if (!cmp.data) return <Loading what="comparison" />;
  const c = cmp.data;
  return (
    <section className="view scroll">
      <header className="view-head">
        <h1>Compare</h1>
        <span>
          <span className="badge side-a">A</span>{' '}
          <a href={routeHash(c.a.id, 'overview')}>{c.a.node}</a> <span className="muted small">{formatTime(c.a.collectedAt)}</span>
        </span>
        <span>
          <span className="badge side-b">B</span>{' '}
          <a href={routeHash(c.b.id, 'overview')}>{c.b.node}</a> <span className="muted small">{formatTime(c.b.collectedAt)}</span>
        </span>
        {c.identical && <span className="badge sev-info">identical</span>}
      </header>
      <Section title="Findings" identical={c.findings.identical}>
        <ul className="plain">
          {c.findings.new.map((f) => (
            <li key={`n-${f.rule}`}>
              <span className="badge side-b">only B</span> <SeverityBadge severity={f.severity} /> {f.title}
            </li>
          ))}
          {c.findings.gone.map((f) => (
            <li key={`g-${f.rule}`}>
              <span className="badge side-a">only A</span> <SeverityBadge severity={f.severity} /> {f.title}
            </li>
          ))}
          {c.findings.changed.map((f) => (
            <li key={`c-${f.rule}`}>
              {f.title}: {f.a} → {f.b}
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Node" identical={c.facts.identical}>
        <ChangeTable rows={[...c.facts.facts, ...c.facts.sysctl]} />
        <SetChanges label="kernel modules" set={c.facts.modules} />
        <SetChanges label="kernel command line" set={c.facts.cmdline} />
        <SetChanges label="mounts" set={c.facts.mounts} />
      </Section>
      <Section title="System" identical={c.system.identical}>
        <NumberTable rows={c.system.rows} />
      </Section>
      <Section title="Processes" identical={c.processes.identical}>
        <table className="simple">
          <tbody>
            {c.processes.changed.slice(0, 100).map((p) => (
              <tr key={p.command}>
                <td className="mono">{displayText(p.command)}</td>
                <td className="num">{p.countA}</td>
                <td className="num">{p.countB}</td>
                <td className="mono small">
                  {p.statesA} → {p.statesB}
                </td>
                <td className="mono small">{p.dStack.join(' ← ')}</td>
              </tr>
            ))}
            {c.processes.onlyA.slice(0, 50).map((p) => (
              <tr key={`a-${p.command}`}>
                <td className="mono">{displayText(p.command)}</td>
                <td className="num">{p.count}</td>
                <td className="num">—</td>
                <td className="mono small">{p.states}</td>
                <td />
              </tr>
            ))}
            {c.processes.onlyB.slice(0, 50).map((p) => (
              <tr key={`b-${p.command}`}>
                <td className="mono">{displayText(p.command)}</td>
                <td className="num">—</td>
                <td className="num">{p.count}</td>
                <td className="mono small">{p.states}</td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Profiles" identical={c.profiles.identical}>
        {c.profiles.profiles.map((p) => (
          <div key={p.component}>
            <div className="strong">
              {p.component} <span className="muted small">{p.sampleType}{p.error ? ` · ${p.error}` : ''}</span>
            </div>
            <table className="simple">
              <tbody>
                {[...p.gainers.slice(0, 8), ...p.losers.slice(0, 8)].map((f) => (
                  <tr key={f.name}>
                    <td className="mono wrap">{displayText(f.name)}</td>
                    <td className={`num ${f.flat > 0 ? 'hot' : ''}`}>{f.flat > 0 ? '+' : ''}{f.flat.toLocaleString('en')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </Section>
      <Section title="Logs" identical={c.logs.identical}>
        <div className="muted small">
          {c.logs.linesA.toLocaleString('en')} lines in A, {c.logs.linesB.toLocaleString('en')} in B · {c.logs.differing} message templates differ
        </div>
        <table className="simple">
          <tbody>
            {c.logs.templates.slice(0, 60).map((t) => (
              <tr key={t.template}>
                <td className="num">{t.countA}</td>
                <td className="num">{t.countB}</td>
                <td className="mono wrap">{displayText(t.template)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Network" identical={c.network.identical}>
        <Generic value={c.network} />
      </Section>
      <Section title="DNS" identical={(c.dns as { identical?: boolean }).identical ?? false}>
        <Generic value={c.dns} />
      </Section>
    </section>
  );
}

function Section({ title, identical, children }: { title: string; identical: boolean; children: ReactNode }): ReactNode {
  return (
    <details className="panel compare-section" open={!identical}>
      <summary>
        <h2>{title}</h2> {identical ? <span className="muted small">identical</span> : <span className="badge sev-warning">differs</span>}
      </summary>
      {!identical && children}
    </details>
  );
}

function ChangeTable({ rows }: { rows: { name: string; a: string | null; b: string | null }[] }): ReactNode {
  if (rows.length === 0) return null;
  return (
    <table className="simple">
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <td className="mono">{r.name}</td>
            <td className="mono wrap">{r.a ?? '—'}</td>
            <td className="mono wrap">{r.b ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SetChanges({ label, set }: { label: string; set: { added: string[]; removed: string[] } }): ReactNode {
  if (set.added.length + set.removed.length === 0) return null;
  return (
    <div className="small">
      {label}: {set.removed.length > 0 && <span className="mono">only A: {set.removed.join(' ')} </span>}
      {set.added.length > 0 && <span className="mono">only B: {set.added.join(' ')}</span>}
    </div>
  );
}

function NumberTable({ rows }: { rows: NumberChange[] }): ReactNode {
  return (
    <table className="simple">
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.group}-${r.name}`}>
            <td className="muted">{r.group}</td>
            <td>{r.name}</td>
            <td className="num">{r.a ?? '—'}</td>
            <td className="num">{r.b ?? '—'}</td>
            <td className="num">
              {r.delta !== null && r.delta > 0 ? '+' : ''}
              {r.delta ?? ''} {r.unit}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Any JSON section as an indented outline of text (never markup). */
function Generic({ value, depth = 0 }: { value: unknown; depth?: number }): ReactNode {
  if (value === null || typeof value !== 'object') return <span className="mono">{displayText(String(value))}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">none</span>;
    return (
      <ul className="outline">
        {value.slice(0, 100).map((v, i) => (
          <li key={i}>
            <Generic value={v} depth={depth + 1} />
          </li>
        ))}
        {value.length > 100 && <li className="muted">… {value.length - 100} more</li>}
      </ul>
    );
  }
  return (
    <ul className="outline">
      {Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => (
          <li key={k}>
            <span className="muted">{k}:</span> <Generic value={v} depth={depth + 1} />
          </li>
        ))}
    </ul>
  );
}

export type { Comparison };
