import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ArtifactContent, ArtifactSummary } from '../../../shared/api';
import { SortHeader, sortParams, useTableSort } from '../components/SortHeader';
import { CopyButton, Empty, ErrorBox, Highlighted, Loading } from '../components/Text';
import { evidenceMarkdown } from '../lib/clipboard';
import { VirtualList } from '../components/VirtualList';
import { replaceRoute, useApi, useAsync } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { formatBytes, hexRows } from '../lib/text';

const CHUNK = 1 << 20;

export function ArtifactsView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const artifacts = useAsync(() => api.listArtifacts(bundle), [bundle]);
  const [filter, setFilter] = useState(params.get('filter') ?? '');
  const selectedPath = params.get('path');
  const line = Number(params.get('line') ?? 0) || null;
  const shown = useMemo(() => {
    const f = filter.toLowerCase();
    return (artifacts.data ?? []).filter((a) => a.path.toLowerCase().includes(f) || a.kind.includes(f));
  }, [artifacts.data, filter]);
  const { rows, sort, onSort } = useTableSort('', shown, artifactValue);
  const selected = artifacts.data?.find((a) => a.path === selectedPath);
  if (artifacts.error) return <ErrorBox error={artifacts.error} />;
  return (
    <section className="view split">
      <div className="split-list narrow">
        <header className="view-head">
          <h1>Artifacts</h1>
          <span className="muted">{artifacts.data?.length.toLocaleString('en') ?? ''}</span>
        </header>
        <input className="input" type="search" placeholder="Search by path or kind" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Search artifacts" />
        {!artifacts.data && <Loading what="artifacts" />}
        <div className="artifact-sort th" role="row">
          <SortHeader label="Path" sortKey="path" sort={sort} onSort={onSort} />
          <SortHeader label="Kind" sortKey="kind" sort={sort} onSort={onSort} />
          <SortHeader label="Size" sortKey="size" numeric sort={sort} onSort={onSort} />
          <SortHeader label="Status" sortKey="status" sort={sort} onSort={onSort} title="Failed, timed out or truncated items first" />
        </div>
        <VirtualList
          label="Artifacts"
          className="fill"
          items={rows}
          rowHeight={40}
          scrollTo={selected ? rows.indexOf(selected) : null}
          render={(a) => (
            <a className={`artifact-row ${a.path === selectedPath ? 'selected' : ''}`} href={routeHash(bundle, 'artifacts', { ...sortParams(params), path: a.path })}>
              <span className="mono ellipsis">{a.path}</span>
              <span className="muted small">
                {a.kind}
                {a.kindGuessed ? ' (guessed)' : ''} · {formatBytes(a.bytes)}
                {a.truncated ? ' · truncated' : ''}
                {a.exitCode ? ` · exit ${a.exitCode}` : ''}
                {a.timedOut ? ' · timed out' : ''}
              </span>
            </a>
          )}
        />
      </div>
      <div className="split-detail">
        {selected ? <ArtifactDetail key={selected.path} bundle={bundle} artifact={selected} line={line} onClose={() => replaceRoute(routeHash(bundle, 'artifacts', { ...sortParams(params), filter: filter || null }))} /> : <Empty>{selectedPath ? `${selectedPath} is not in this bundle.` : 'Select an artifact.'}</Empty>}
      </div>
    </section>
  );
}

function artifactValue(a: ArtifactSummary, key: string): string | number | null {
  switch (key) {
    case 'path':
      return a.path;
    case 'kind':
      return a.kind;
    case 'size':
      return a.bytes;
    case 'status':
      // Problems first when ascending: a failed command, a timeout, a cut file, then the rest.
      return a.exitCode ? 0 : a.timedOut ? 1 : a.truncated ? 2 : 3;
    default:
      return null;
  }
}

function ArtifactDetail({ bundle, artifact, line, onClose }: { bundle: number; artifact: ArtifactSummary; line: number | null; onClose: () => void }): ReactNode {
  const a = artifact;
  return (
    <div className="artifact-detail">
      <header className="artifact-head">
        <div className="panel-head">
          <h2 className="mono grow">{a.path}</h2>
          <button type="button" className="btn small ghost" onClick={onClose} aria-label="Close artifact" title="Close (Esc)" data-esc-close>
            ✕
          </button>
        </div>
        <dl className="meta">
          <Meta label="Kind" value={`${a.kind}${a.kindGuessed ? ' (guessed)' : ''}`} />
          <Meta label="Command" value={a.command} mono />
          <Meta label="Exit code" value={a.exitCode} />
          <Meta label="Duration" value={a.durationMs === null ? null : `${a.durationMs} ms`} />
          <Meta label="Status" value={a.status} />
          <Meta label="Size" value={`${formatBytes(a.bytes)}${a.lineCount ? ` · ${a.lineCount.toLocaleString('en')} lines` : ''}`} />
          {a.truncated && <Meta label="Truncated" value="yes: the rest was cut by the collector's or the app's size cap" />}
          {a.timedOut && <Meta label="Timed out" value="yes: the command was stopped at its deadline" />}
          <Meta label="sha256" value={a.sha256} mono />
          {a.stderrPath && (
            <div className="meta-row">
              <dt>stderr</dt>
              <dd>
                <a className="mono" href={routeHash(bundle, 'artifacts', { path: a.stderrPath })}>
                  {a.stderrPath}
                </a>
              </dd>
            </div>
          )}
        </dl>
      </header>
      <Content bundle={bundle} path={a.path} line={line} />
    </div>
  );
}

function Meta({ label, value, mono }: { label: string; value: string | number | null; mono?: boolean }): ReactNode {
  if (value === null || value === undefined || value === '') return null;
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd className={mono ? 'mono selectable' : ''}>{String(value)}</dd>
    </div>
  );
}

function Content({ bundle, path, line }: { bundle: number; path: string; line: number | null }): ReactNode {
  const api = useApi();
  const [chunks, setChunks] = useState<ArtifactContent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [find, setFind] = useState('');
  useEffect(() => {
    api.readArtifact(bundle, path, 0, CHUNK).then((c) => setChunks([c]), (e: unknown) => setError(String(e)));
  }, [api, bundle, path]);
  const first = chunks[0];
  const loaded = chunks.reduce((n, c) => n + byteLength(c), 0);
  const more = (): void => void api.readArtifact(bundle, path, loaded, CHUNK).then((c) => setChunks((cs) => [...cs, c]));
  const decoded = useMemo(() => chunks.map(textOf), [chunks]);
  const text = decoded.length > 0 && decoded.every((d) => d !== null);
  const lines = useMemo(() => (text ? splitLines(decoded.join('')) : []), [decoded, text]);
  const hex = useMemo(() => (text || !first ? [] : chunks.flatMap((c) => hexRows(base64Bytes(c.data), c.offset))), [chunks, text, first]);
  const jump = (n: number): void => replaceRoute(routeHash(bundle, 'artifacts', { path, line: n }));
  if (error) return <ErrorBox error={error} />;
  if (!first) return <Loading what="content" />;
  return (
    <div className="content">
      <div className="toolbar">
        {text && <input className="input" type="search" placeholder="Highlight text" value={find} onChange={(e) => setFind(e.target.value)} aria-label="Highlight in artifact" />}
        <span className="muted small">
          {formatBytes(loaded)} of {formatBytes(first.totalBytes)} {text ? '' : '(binary: hex view)'}
        </span>
        {text && line !== null && lines[line - 1] !== undefined && (
          <>
            <span className="muted small">line {line}:</span>
            <CopyButton label="Copy line" text={() => lines[line - 1] ?? ''} />
            <CopyButton label="Copy as Markdown" title="The line and where it comes from, for a ticket" text={() => evidenceMarkdown({ artifact: path, line, text: lines[line - 1] ?? '', link: window.location.href })} />
          </>
        )}
        <CopyButton label="Copy link" title={line ? `A link to line ${line} of ${path}` : `A link to ${path}`} text={() => window.location.href} />
        {loaded < first.totalBytes && (
          <button type="button" className="btn small" onClick={more}>
            Load next {formatBytes(Math.min(CHUNK, first.totalBytes - loaded))}
          </button>
        )}
      </div>
      {text ? (
        <VirtualList
          label="Artifact lines"
          className="fill mono"
          items={lines}
          rowHeight={20}
          scrollTo={line ? line - 1 : null}
          render={(l, i) => (
            <div className={`text-row ${line === i + 1 ? 'target' : ''}`} data-line={i + 1}>
              <button type="button" className="lineno" onClick={() => jump(i + 1)}>
                {i + 1}
              </button>
              <span className="text-line">
                <Highlighted text={l} words={find ? [find] : []} />
              </span>
            </div>
          )}
        />
      ) : (
        <VirtualList
          label="Artifact bytes"
          className="fill mono"
          items={hex}
          rowHeight={20}
          render={(r) => (
            <div className="hex-row">
              <span className="lineno">{r.offset}</span>
              <span className="hex">{r.hex}</span>
              <span className="ascii">{r.ascii}</span>
            </div>
          )}
        />
      )}
    </div>
  );
}

/** Lines of a text; a final newline ends the last line rather than starting an empty one. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** Text to show for a chunk: UTF-8 text, including text with a few NULs (cmdline, environ); null for binary. */
function textOf(c: ArtifactContent): string | null {
  if (c.encoding === 'text') return c.data;
  let t: string;
  try {
    t = new TextDecoder('utf-8', { fatal: true }).decode(base64Bytes(c.data));
  } catch {
    return null;
  }
  const controls = t.replace(/[^\u0000-\u0008\u000e-\u001f]/g, '').length;
  return controls <= Math.max(8, t.length / 10) ? t : null;
}

function byteLength(c: ArtifactContent): number {
  return c.encoding === 'text' ? new TextEncoder().encode(c.data).length : Math.floor((c.data.length * 3) / 4) - (c.data.endsWith('==') ? 2 : c.data.endsWith('=') ? 1 : 0);
}

function base64Bytes(data: string): Uint8Array {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
