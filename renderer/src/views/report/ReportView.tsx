import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Finding } from '../../../../shared/api/findings';
import { findingKeys, type ReportDraft, type ReportExport, type ReportFormat, type ReportProfileChoice } from '../../../../shared/api/report';
import { ErrorBox, Loading, SeverityBadge } from '../../components/Text';
import { useApi, useAsync } from '../../lib/hooks';
import './report.css';

/**
 * The Report view (issue 8): the operator picks and orders findings, writes a summary, an impact
 * statement and notes, optionally compares with another bundle, and exports HTML, Markdown or PDF.
 */

const FORMATS: [ReportFormat, string][] = [
  ['html', 'HTML'],
  ['markdown', 'Markdown'],
  ['pdf', 'PDF'],
];

/** Saves an export as a file download (the browser's, or Electron's save dialog). */
function download(out: ReportExport): void {
  const bytes = out.encoding === 'base64' ? Uint8Array.from(atob(out.data), (c) => c.charCodeAt(0)) : new TextEncoder().encode(out.data);
  const url = URL.createObjectURL(new Blob([bytes], { type: out.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = out.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const out = [...list];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

export function ReportView({ bundle }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const findings = useAsync(() => api.findings(bundle), [bundle]);
  const bundles = useAsync(() => api.listBundles(), []);
  const initial = useAsync(() => api.reportDraft(bundle, null), [bundle]);
  const [draft, setDraft] = useState<ReportDraft | null>(null);
  const [status, setStatus] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => setDraft(initial.data ?? null), [initial.data]);

  const byKey = useMemo(() => {
    const list = findings.data ?? [];
    return new Map(findingKeys(list).map((k, i): [string, Finding] => [k, list[i]]));
  }, [findings.data]);

  if (initial.error || findings.error) return <ErrorBox error={initial.error ?? findings.error ?? ''} />;
  if (!draft || !findings.data) return <Loading what="report" />;

  const update = (patch: Partial<ReportDraft>): void => setDraft({ ...draft, ...patch });
  const chosen = new Set(draft.findings.map((f) => f.key));
  const left = [...byKey.keys()].filter((k) => !chosen.has(k));
  const toggle = (key: string): void =>
    update({ findings: chosen.has(key) ? draft.findings.filter((f) => f.key !== key) : [...draft.findings, { key, note: '' }] });
  const setNote = (key: string, note: string): void => update({ findings: draft.findings.map((f) => (f.key === key ? { ...f, note } : f)) });

  const run = async (format: ReportFormat, show: boolean): Promise<void> => {
    setStatus({ busy: true, message: `Exporting ${format}…`, error: null });
    try {
      const out = await api.exportReport(draft, format);
      if (show) setPreview(out.data);
      else download(out);
      setStatus({ busy: false, message: show ? 'Markdown preview below' : `Exported ${out.fileName}`, error: null });
    } catch (e) {
      setStatus({ busy: false, message: null, error: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section className="view report-view">
      <header className="view-head">
        <h1>Report</h1>
        <label className="report-compare">
          <span className="muted">Compare with</span>
          <select
            className="input"
            aria-label="Compare with"
            value={draft.compare ?? ''}
            onChange={(e) => update({ compare: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">no other bundle</option>
            {(bundles.data ?? []).filter((b) => b.id !== bundle).map((b) => (
              <option key={b.id} value={b.id}>
                {b.node} · {b.collectedAt ?? b.name}
              </option>
            ))}
          </select>
        </label>
      </header>

      <div className="report-form">
        <label>
          <span className="muted small">Title</span>
          <input className="input" aria-label="Title" value={draft.title} onChange={(e) => update({ title: e.target.value })} />
        </label>
        <label>
          <span className="muted small">Summary</span>
          <textarea className="input" aria-label="Summary" rows={4} value={draft.summary} onChange={(e) => update({ summary: e.target.value })} />
        </label>
        <label>
          <span className="muted small">Impact</span>
          <textarea className="input" aria-label="Impact" rows={2} value={draft.impact} onChange={(e) => update({ impact: e.target.value })} />
        </label>
      </div>

      <h2>Findings in the report ({draft.findings.length})</h2>
      <ol className="report-findings" aria-label="Findings in the report">
        {draft.findings.map((choice, i) => {
          const f = byKey.get(choice.key);
          if (!f) return null;
          return (
            <li key={choice.key} className="report-finding">
              <div className="report-finding-head">
                <input type="checkbox" checked aria-label={`Include ${f.title}`} onChange={() => toggle(choice.key)} />
                <SeverityBadge severity={f.severity} />
                <span className="strong">{f.title}</span>
                <span className="muted small ellipsis">{f.summary}</span>
                <span className="grow" />
                <button type="button" className="btn small" aria-label={`Move ${f.title} up`} disabled={i === 0} onClick={() => update({ findings: move(draft.findings, i, i - 1) })}>
                  ↑
                </button>
                <button type="button" className="btn small" aria-label={`Move ${f.title} down`} disabled={i === draft.findings.length - 1} onClick={() => update({ findings: move(draft.findings, i, i + 1) })}>
                  ↓
                </button>
              </div>
              <textarea className="input" rows={1} placeholder="Note on this finding" aria-label={`Note on ${f.title}`} value={choice.note} onChange={(e) => setNote(choice.key, e.target.value)} />
            </li>
          );
        })}
      </ol>
      {left.length > 0 && (
        <>
          <h2>Not in the report ({left.length})</h2>
          <ul className="report-findings" aria-label="Findings not in the report">
            {left.map((key) => {
              const f = byKey.get(key)!;
              return (
                <li key={key} className="report-finding-head">
                  <input type="checkbox" checked={false} aria-label={`Include ${f.title}`} onChange={() => toggle(key)} />
                  <SeverityBadge severity={f.severity} />
                  <span>{f.title}</span>
                  <span className="muted small ellipsis">{f.summary}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}

      <h2>Profiles drawn ({draft.profiles.length})</h2>
      <ul className="report-findings">
        {draft.profiles.map((p) => (
          <li key={`${p.path}\0${p.focus}`} className="report-finding-head">
            <input type="checkbox" checked aria-label={`Include profile ${p.path}`} onChange={() => update({ profiles: draft.profiles.filter((x) => x !== p) })} />
            <span className="mono">{p.path}</span>
            <span className="mono muted small ellipsis">{p.focus ?? 'whole profile'}</span>
          </li>
        ))}
      </ul>
      <AddProfile bundle={bundle} onAdd={(p) => update({ profiles: [...draft.profiles, p] })} />

      <div className="toolbar report-export">
        {FORMATS.map(([format, label]) => (
          <button key={format} type="button" className="btn primary" disabled={status.busy} onClick={() => void run(format, false)}>
            Export {label}
          </button>
        ))}
        <button type="button" className="btn" disabled={status.busy} onClick={() => void run('markdown', true)}>
          Preview
        </button>
        {status.message && <span className="muted" role="status">{status.message}</span>}
      </div>
      {status.error && <ErrorBox error={status.error} />}
      {preview !== null && (
        <pre className="report-preview" aria-label="Report preview">
          {preview}
        </pre>
      )}
    </section>
  );
}

/** Adds a profile of the bundle, drawn whole or as one function's subtree (the function as pprof names it). */
function AddProfile({ bundle, onAdd }: { bundle: number; onAdd: (p: ReportProfileChoice) => void }): ReactNode {
  const api = useApi();
  const profiles = useAsync(
    () => Promise.resolve().then(() => (typeof api.listProfiles === 'function' ? api.listProfiles(bundle) : [])),
    [bundle],
  );
  const [path, setPath] = useState('');
  const [focus, setFocus] = useState('');
  const pprof = (profiles.data ?? []).filter((p) => p.kind === 'pprof' && !p.error);
  if (pprof.length === 0) return null;
  return (
    <div className="toolbar">
      <select className="input" aria-label="Profile to add" value={path} onChange={(e) => setPath(e.target.value)}>
        <option value="">add a profile…</option>
        {pprof.map((p) => (
          <option key={p.artifact} value={p.artifact}>
            {p.artifact}
          </option>
        ))}
      </select>
      <input className="input grow" aria-label="Function whose subtree to draw" placeholder="function (empty: the whole profile)" value={focus} onChange={(e) => setFocus(e.target.value)} />
      <button
        type="button"
        className="btn"
        disabled={!path}
        onClick={() => {
          onAdd({ path, focus: focus.trim() || null, sample: null });
          setPath('');
          setFocus('');
        }}
      >
        Add profile
      </button>
    </div>
  );
}
