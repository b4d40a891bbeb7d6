import { useState, type ReactNode } from 'react';
import type { ShareFoundKind, ShareOptions, ShareReview, ShareValueKind } from '../../../../shared/api/share';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/Text';
import { useApi, useAsync } from '../../lib/hooks';
import './share.css';

/**
 * The Share view (issue 19): review what identifies the site in this bundle, keep or add values, then
 * download a pseudonymised copy to send to a vendor; the map stays beside the workspace. A paste box
 * turns the vendor's answer back into the real names.
 */

const KIND_LABEL: Record<ShareValueKind, string> = {
  ipv4: 'IPv4 addresses',
  ipv6: 'IPv6 addresses',
  mac: 'MAC addresses',
  hostname: 'Host and node names',
  domain: 'Domains',
  email: 'E-mail addresses',
  user: 'User names',
  namespace: 'Namespaces',
  pod: 'Pod names',
  word: 'Your words',
  secret: 'Secrets (removed)',
};

function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/gzip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function splitList(text: string): string[] {
  return text.split(/[\n,]/).map((w) => w.trim()).filter(Boolean);
}

const FOUND_COLUMNS: Column<ShareFoundKind>[] = [
  { key: 'what', label: 'What', className: 'nowrap', cell: (f) => KIND_LABEL[f.kind], value: (f) => KIND_LABEL[f.kind] },
  { key: 'distinct', label: 'Distinct', numeric: true, cell: (f) => `${f.distinct.toLocaleString()}${f.distinctAtLeast ? '+' : ''}`, value: (f) => f.distinct },
  { key: 'occurrences', label: 'Occurrences', numeric: true, cell: (f) => f.occurrences.toLocaleString(), value: (f) => f.occurrences },
  {
    key: 'context',
    label: 'In context (stays here)',
    cell: (f) =>
      f.samples.map((s, i) => (
        <div key={i} className="share-sample mono small">
          {s.before}
          <mark>{s.value}</mark>
          {s.after}
        </div>
      )),
  },
];

function FoundTable({ review }: { review: ShareReview }): ReactNode {
  if (review.found.length === 0) return <p className="muted">No identifying value found in {review.files} files.</p>;
  return <DataTable table="found" className="simple share-found" label="Values found" columns={FOUND_COLUMNS} rows={review.found} rowKey={(f) => f.kind} />;
}

function Unshare(): ReactNode {
  const api = useApi();
  const [text, setText] = useState('');
  const [out, setOut] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="share-unshare" aria-label="Read the answer back">
      <h2>Read the answer back</h2>
      <p className="muted small">Paste a vendor's reply or a report of the shared bundle: pseudonyms become the real values again.</p>
      <textarea className="input mono" rows={5} aria-label="Text with pseudonyms" value={text} onChange={(e) => setText(e.target.value)} />
      <div>
        <button
          type="button"
          className="btn"
          disabled={!text}
          onClick={() => api.unshareText(text).then((r) => (setOut(r), setError(null)), (e: unknown) => setError(e instanceof Error ? e.message : String(e)))}
        >
          Restore real values
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {out !== null && (
        <pre className="share-restored mono small" aria-label="Restored text">
          {out}
        </pre>
      )}
    </section>
  );
}

export function ShareView({ bundle }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const [options, setOptions] = useState<ShareOptions>({ k8sNames: false, words: [], keep: [] });
  const [wordsText, setWordsText] = useState('');
  const [keepText, setKeepText] = useState('');
  const review = useAsync(() => api.shareReview(bundle, options), [bundle, options]);
  const [status, setStatus] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });

  const apply = (): void => setOptions({ ...options, words: splitList(wordsText), keep: splitList(keepText) });
  const share = async (): Promise<void> => {
    setStatus({ busy: true, message: 'Writing the shared bundle…', error: null });
    try {
      const out = await api.shareBundle(bundle, options);
      download(out.fileName, out.data);
      setStatus({ busy: false, message: `Downloaded ${out.fileName} (${out.bytes.toLocaleString()} bytes). The map stays in ${out.mapFile}.`, error: null });
    } catch (e) {
      setStatus({ busy: false, message: null, error: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section className="view share-view">
      <header className="view-head">
        <h1>Share</h1>
        <span className="muted small">A copy to send off the site: every identifying value becomes a consistent pseudonym.</span>
      </header>
      <div className="share-options">
        <label className="share-check">
          <input type="checkbox" checked={options.k8sNames} onChange={(e) => setOptions({ ...options, k8sNames: e.target.checked })} />
          Also namespaces and pod names
        </label>
        <label>
          <span className="muted small">Also replace (one a line or comma-separated)</span>
          <textarea className="input" rows={2} aria-label="Also replace" value={wordsText} onChange={(e) => setWordsText(e.target.value)} onBlur={apply} />
        </label>
        <label>
          <span className="muted small">Let these leave as they are</span>
          <textarea className="input" rows={2} aria-label="Keep as they are" value={keepText} onChange={(e) => setKeepText(e.target.value)} onBlur={apply} />
        </label>
      </div>
      <h2>What will be replaced</h2>
      {review.error && <ErrorBox error={review.error} />}
      {review.loading && !review.data && <Loading what="the review" />}
      {review.data && (
        <>
          <FoundTable review={review.data} />
          {review.data.leftOut.length > 0 && (
            <p className="muted small">
              Left out: {review.data.leftOut.map((l) => `${l.path} (${l.reason})`).join('; ')}
            </p>
          )}
          <p className="muted small">The map is kept in {review.data.mapFile} (mode 600); it never goes into the shared bundle.</p>
        </>
      )}
      <div className="share-actions">
        <button type="button" className="btn primary" disabled={status.busy || !review.data} onClick={() => void share()}>
          Download shared bundle
        </button>
        {status.message && <span className="muted">{status.message}</span>}
        {status.error && <ErrorBox error={status.error} />}
      </div>
      <Unshare />
    </section>
  );
}
