import { useMemo, type ReactNode } from 'react';
import type { Evidence, Finding } from '../../../shared/api';
import { CopyButton, Empty, ErrorBox, Loading, RecheckNote, SeverityBadge } from '../components/Text';
import { evidenceMarkdown } from '../lib/clipboard';
import { VirtualList } from '../components/VirtualList';
import { replaceRoute, useApi, useAsync } from '../lib/hooks';
import { useRecheck } from '../lib/recheck';
import { LOG_KINDS } from '../lib/kinds';
import { routeHash } from '../lib/route';
import { displayText } from '../lib/text';

const SEVERITIES = ['critical', 'warning', 'info'] as const;

export function FindingsView({ bundle, params }: { bundle: number; params: URLSearchParams }): ReactNode {
  const api = useApi();
  const findings = useAsync(() => api.findings(bundle), [bundle]);
  const rechecking = useRecheck(bundle, findings.reload);
  const artifacts = useAsync(() => api.listArtifacts(bundle), [bundle]);
  const severity = params.get('severity');
  const shown = useMemo(
    () => (findings.data ?? []).map((f, i) => ({ f, i })).filter(({ f }) => !severity || f.severity === severity),
    [findings.data, severity],
  );
  // A finding the severity filter hides is not shown beside the list that leaves it out.
  const asked = params.get('i');
  const selectedIndex = shown.find(({ i }) => asked !== null && i === Number(asked))?.i ?? shown[0]?.i ?? -1;
  const selected = findings.data?.[selectedIndex];
  const logArtifacts = useMemo(() => new Set((artifacts.data ?? []).filter((a) => LOG_KINDS.has(a.kind)).map((a) => a.path)), [artifacts.data]);
  const go = (p: Record<string, string | number | null>): void =>
    replaceRoute(routeHash(bundle, 'findings', { severity, i: selectedIndex >= 0 ? selectedIndex : null, ...p }));

  if (findings.error) return <ErrorBox error={findings.error} />;
  if (!findings.data) return <Loading what="findings" />;
  return (
    <section className="view split">
      <div className="split-list">
        <header className="view-head">
          <h1>Findings</h1>
          <div className="seg" role="group" aria-label="Severity">
            <button type="button" className={!severity ? 'on' : ''} onClick={() => go({ severity: null })}>
              All {findings.data.length}
            </button>
            {SEVERITIES.map((s) => (
              <button key={s} type="button" className={severity === s ? 'on' : ''} onClick={() => go({ severity: s })}>
                {s} {findings.data?.filter((f) => f.severity === s).length}
              </button>
            ))}
          </div>
        </header>
        {rechecking && <RecheckNote />}
        {shown.length === 0 && <Empty>{noFindings(findings.data.length, severity)}</Empty>}
        <VirtualList
          label="Findings"
          className="fill"
          items={shown}
          rowHeight={56}
          render={({ f, i }) => (
            <button type="button" className={`finding-row ${i === selectedIndex ? 'selected' : ''}`} onClick={() => go({ i })}>
              <SeverityBadge severity={f.severity} />
              <span className="finding-text">
                <span className="finding-title">{f.title}</span>
                <span className="finding-summary muted">{f.summary}</span>
              </span>
            </button>
          )}
        />
      </div>
      <div className="split-detail scroll">
        {selected && <FindingDetail bundle={bundle} finding={selected} logArtifacts={logArtifacts} />}
      </div>
    </section>
  );
}

function noFindings(all: number, severity: string | null): string {
  if (all === 0) return 'No findings: no rule found a problem in what this bundle holds.';
  return `No ${severity} findings (${all} of other severities).`;
}

function FindingDetail({ bundle, finding, logArtifacts }: { bundle: number; finding: Finding; logArtifacts: Set<string> }): ReactNode {
  return (
    <article className="finding-detail">
      <header>
        <SeverityBadge severity={finding.severity} />
        <h2>{finding.title}</h2>
        <div className="muted mono">{finding.rule}</div>
      </header>
      <p>{finding.summary}</p>
      <div className="toolbar">
        <CopyButton label="Copy as Markdown" title="The finding with all its evidence, for a ticket" text={() => findingMarkdown(finding, bundle, logArtifacts)} />
        <CopyButton label="Copy link" text={() => window.location.href} />
      </div>
      {finding.why && (finding.why.firedBecause.length > 0 || finding.why.ruledOut.length > 0) && (
        <dl className="finding-why">
          {finding.why.firedBecause.length > 0 && (
            <>
              <dt>Why it fired</dt>
              {finding.why.firedBecause.map((w) => <dd key={w}>{w}</dd>)}
            </>
          )}
          {finding.why.ruledOut.length > 0 && (
            <>
              <dt>Ruled out</dt>
              {finding.why.ruledOut.map((w) => <dd key={w}>{w}</dd>)}
            </>
          )}
        </dl>
      )}
      <h3>What it means</h3>
      <p>{finding.meaning}</p>
      <h3>What to do</h3>
      <p className="prewrap">{finding.remedy}</p>
      <h3>Evidence</h3>
      <ul className="evidence">
        {finding.evidence.map((e, i) => (
          <li key={i}>
            <a className="evidence-link mono" href={evidenceHref(bundle, e, logArtifacts)}>
              {e.artifact}
              {e.line ? `:${e.line}${e.lineEnd && e.lineEnd !== e.line ? `-${e.lineEnd}` : ''}` : ''}
            </a>
            <CopyButton label="Copy evidence" title="This evidence as Markdown" text={() => evidenceMarkdown({ title: finding.title, artifact: e.artifact, line: e.line, lineEnd: e.lineEnd, text: e.text, link: absolute(evidenceHref(bundle, e, logArtifacts)) })} />
            {e.note && <div className="muted">{e.note}</div>}
            <pre className="quote">{displayText(e.text)}</pre>
          </li>
        ))}
      </ul>
      {finding.unchecked.length > 0 && (
        <>
          <h3>Not checked</h3>
          <ul className="plain muted">
            {finding.unchecked.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </>
      )}
      {finding.links.length > 0 && (
        <>
          <h3>References</h3>
          <ul className="plain">
            {finding.links.map((l) => (
              <li key={l} className="mono selectable">
                {l}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

/** Log lines open in the log timeline with their context; anything else in the artifact viewer. */
/** A hash link made absolute against this page (it carries browser mode's token, as the address bar does). */
function absolute(hash: string): string {
  return `${window.location.href.split('#')[0]}${hash}`;
}

/** The finding as a ticket would want it: title, severity, what it means and does, every evidence quoted. */
export function findingMarkdown(f: Finding, bundle: number, logArtifacts: Set<string>): string {
  const parts = [`### ${f.title} (${f.severity}, rule \`${f.rule}\`)`, '', f.summary, '', `**What it means:** ${f.meaning}`, '', `**What to do:** ${f.remedy}`, '', '**Evidence**', ''];
  for (const e of f.evidence) parts.push(evidenceMarkdown({ artifact: e.artifact, line: e.line, lineEnd: e.lineEnd, text: e.text, link: absolute(evidenceHref(bundle, e, logArtifacts)) }));
  return parts.join('\n');
}

export function evidenceHref(bundle: number, e: Evidence, logArtifacts: Set<string>): string {
  if (e.line && logArtifacts.has(e.artifact)) return routeHash(bundle, 'logs', { artifact: e.artifact, line: e.line });
  return routeHash(bundle, 'artifacts', { path: e.artifact, line: e.line });
}
