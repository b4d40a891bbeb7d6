import type { ReactNode } from 'react';
import type { BundleDetail, CompletenessGap, Finding } from '../../../shared/api';
import { DataTable, type Column } from '../components/DataTable';
import { ErrorBox, Loading, RecheckNote, SeverityBadge } from '../components/Text';
import { useApi, useAsync } from '../lib/hooks';
import { useRecheck } from '../lib/recheck';
import { routeHash } from '../lib/route';
import { formatBytes, formatTime } from '../lib/text';

const FACT_LABELS: [string, string][] = [
  ['hostname', 'Hostname'],
  ['kernel', 'Kernel'],
  ['os', 'OS'],
  ['kubeletVersion', 'Kubelet'],
  ['containerRuntime', 'Runtime'],
  ['cgroupVersion', 'cgroup'],
  ['timezone', 'Time zone'],
  ['collectedAt', 'Collected'],
  ['timeSource', 'Times from'],
  ['links', 'Links'],
];

export function OverviewView({ bundle }: { bundle: number }): ReactNode {
  const api = useApi();
  const detail = useAsync(() => api.getBundle(bundle), [bundle]);
  const findings = useAsync(() => api.findings(bundle), [bundle]);
  const rechecking = useRecheck(bundle, () => {
    detail.reload();
    findings.reload();
  });
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <Loading what="bundle" />;
  const d = detail.data;
  return (
    <section className="view scroll">
      <header className="view-head">
        <h1>{d.node}</h1>
        <span className="muted">
          {d.name} · {formatBytes(d.sizeBytes)} · {d.artifactCount.toLocaleString('en')} artifacts · {d.logLineCount.toLocaleString('en')} log lines
        </span>
      </header>
      {rechecking && <RecheckNote />}
      <div className="cards">
        <SeverityCard label="Critical" n={d.findingCounts.critical} sev="critical" bundle={bundle} />
        <SeverityCard label="Warning" n={d.findingCounts.warning} sev="warning" bundle={bundle} />
        <SeverityCard label="Info" n={d.findingCounts.info} sev="info" bundle={bundle} />
        <div className={`card ${d.completeness.length || d.incomplete ? 'card-warn' : ''}`}>
          <div className="card-n">{d.completeness.length}</div>
          <div className="card-label">gaps in collection</div>
        </div>
      </div>
      <div className="grid-2">
        <Facts detail={d} />
        <TopFindings bundle={bundle} findings={findings.data} error={findings.error} gaps={d.completeness.length} />
      </div>
      <Completeness detail={d} bundle={bundle} />
    </section>
  );
}

function SeverityCard({ label, n, sev, bundle }: { label: string; n: number; sev: string; bundle: number }): ReactNode {
  return (
    <a className={`card card-${sev}`} href={routeHash(bundle, 'findings', { severity: sev })}>
      <div className="card-n">{n}</div>
      <div className="card-label">{label} findings</div>
    </a>
  );
}

function Facts({ detail }: { detail: BundleDetail }): ReactNode {
  const facts = detail.facts;
  return (
    <div className="panel">
      <h2>Node</h2>
      <dl className="facts">
        {FACT_LABELS.filter(([k]) => facts[k]).map(([k, label]) => (
          <div key={k} className="fact">
            <dt>{label}</dt>
            <dd>{k === 'collectedAt' ? formatTime(facts[k]) : facts[k]}</dd>
          </div>
        ))}
        {facts.nodes && (
          <div className="fact">
            <dt>Nodes ({facts.nodes.split(', ').length})</dt>
            <dd className="node-pick">
              {facts.nodes.split(', ').map((n) => (
                <a key={n} href={routeHash(detail.id, 'kubernetes', { node: n })}>
                  {n}
                </a>
              ))}
            </dd>
          </div>
        )}
        <div className="fact">
          <dt>Format</dt>
          <dd>
            {detail.format === 'manifest'
              ? `collector bundle${detail.manifest ? `, collector ${detail.manifest.collector.version}` : ''}`
              : detail.layout
                ? `${detail.layout} (layout recognised)`
                : 'no manifest, no known layout (kinds guessed)'}
          </dd>
        </div>
        <div className="fact">
          <dt>sha256</dt>
          <dd className="mono ellipsis" title={detail.sha256}>
            {detail.sha256}
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** What an empty list of findings means: with gaps in the collection, a rule may have lacked its data. */
function noFindingsText(gaps: number): string {
  return gaps > 0
    ? 'No rule matched this bundle. Check the gaps below: a rule cannot fire on data that was not collected.'
    : 'No rule matched what this bundle holds.';
}

function TopFindings({ bundle, findings, error, gaps }: { bundle: number; findings: Finding[] | undefined; error: string | null; gaps: number }): ReactNode {
  return (
    <div className="panel">
      <h2>Findings</h2>
      {error && <ErrorBox error={error} />}
      {!findings && !error && <Loading what="findings" />}
      {findings && findings.length === 0 && <div className="muted">{noFindingsText(gaps)}</div>}
      <ul className="finding-list">
        {findings?.slice(0, 8).map((f, i) => (
          <li key={i}>
            <SeverityBadge severity={f.severity} />
            <a href={routeHash(bundle, 'findings', { rule: f.rule, i })}>{f.title}</a>
          </li>
        ))}
      </ul>
      {findings && findings.length > 8 && <a href={routeHash(bundle, 'findings')}>All {findings.length} findings</a>}
    </div>
  );
}

function Completeness({ detail, bundle }: { detail: BundleDetail; bundle: number }): ReactNode {
  const gaps = detail.completeness;
  return (
    <div className="panel">
      <h2>Completeness</h2>
      <p className="muted">What the collector skipped, timed out on or truncated: a missing piece is not a healthy one.</p>
      {gaps.length === 0 && detail.errors.length === 0 && (
        <div>{detail.manifest ? 'Everything the manifest lists arrived whole.' : 'No manifest to check against: every file in the bundle was read.'}</div>
      )}
      {gaps.length > 0 && (
        <DataTable table="gaps" label="Completeness gaps" columns={gapColumns(bundle)} rows={gaps} rowKey={(g) => `${g.path}-${g.problem}`} />
      )}
      {detail.errors.length > 0 && (
        <>
          <h3>Ingest errors</h3>
          <ul className="plain">
            {detail.errors.map((e, i) => (
              <li key={i}>
                <span className="mono">{e.path ?? '(archive)'}</span>: {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {detail.guessedCount > 0 && (
        <p className="muted">
          {detail.guessedCount.toLocaleString('en')} artifacts had no manifest entry; their kinds were guessed from path and content (see Artifacts).
        </p>
      )}
    </div>
  );
}

function gapColumns(bundle: number): Column<CompletenessGap>[] {
  return [
    {
      key: 'item',
      label: 'Item',
      className: 'mono break',
      cell: (g) => <a href={routeHash(bundle, 'artifacts', { path: g.path })}>{g.path}</a>,
      value: (g) => g.path,
    },
    { key: 'kind', label: 'Kind', className: 'nowrap', cell: (g) => g.kind, value: (g) => g.kind },
    { key: 'problem', label: 'Problem', className: 'nowrap', cell: (g) => <span className={`badge gap-${g.problem}`}>{g.problem}</span>, value: (g) => g.problem },
    { key: 'detail', label: 'Detail', cell: (g) => g.detail, value: (g) => g.detail },
  ];
}
