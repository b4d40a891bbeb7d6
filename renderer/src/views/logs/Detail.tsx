import type { ReactNode } from 'react';
import type { LogLine } from '../../../../shared/api';
import type { LogTerm } from '../../../../shared/log-query';
import { CopyButton, Empty, ErrorBox, QueryHighlighted } from '../../components/Text';
import { VirtualList } from '../../components/VirtualList';
import { evidenceMarkdown } from '../../lib/clipboard';
import { useApi, useAsync } from '../../lib/hooks';
import { routeHash } from '../../lib/route';
import { formatTime } from '../../lib/text';
import { CONTEXT_CHOICES } from './state';

interface Props {
  bundle: number;
  artifact: string;
  line: number;
  radius: number;
  terms: LogTerm[];
  onRadius: (n: number) => void;
  onPick: (l: LogLine) => void;
  onClose: () => void;
}

/** One line whole: its fields, its full text (wrapped), copy buttons, and ±N lines of its artifact. */
export function Detail({ bundle, artifact, line, radius, terms, onRadius, onPick, onClose }: Props): ReactNode {
  const api = useApi();
  const ctx = useAsync(() => api.logContext(bundle, artifact, line, radius), [bundle, artifact, line, radius]);
  const index = ctx.data?.findIndex((l) => l.line === line) ?? -1;
  const target = index >= 0 ? ctx.data?.[index] : undefined;
  const contextText = (): string => (ctx.data ?? []).map((l) => l.text).join('\n');
  return (
    <aside className="log-context" aria-label="Line detail">
      <header className="context-head">
        <span className="mono ellipsis" title={`${artifact}:${line}`}>
          {artifact}:{line}
        </span>
        <span className="grow" />
        <a className="btn small ghost" href={routeHash(bundle, 'artifacts', { path: artifact, line })}>
          Raw artifact
        </a>
        <button type="button" className="btn small ghost" onClick={onClose} aria-label="Close detail" title="Close (Esc)">
          ✕
        </button>
      </header>
      {ctx.error && <ErrorBox error={ctx.error} />}
      {ctx.data && ctx.data.length === 0 && <Empty>This line is not in the log index.</Empty>}
      {target && (
        <div className="detail-line">
          <dl className="fields">
            <dt>Time</dt>
            <dd className="mono">{formatTime(target.time)}</dd>
            <dt>Source</dt>
            <dd className="mono">{target.source ?? '—'}</dd>
            <dt>Level</dt>
            <dd>{target.level ?? '—'}</dd>
            {target.messageAt > 0 && (
              <>
                <dt>Prefix</dt>
                <dd className="mono">{target.text.slice(0, target.messageAt).trim()}</dd>
              </>
            )}
          </dl>
          <pre className="full-line mono" data-testid="full-line">
            <QueryHighlighted text={target.text} terms={terms} />
          </pre>
          <div className="toolbar">
            <CopyButton label="Copy line" text={() => target.text} />
            <CopyButton
              label="Copy as Markdown"
              title="The line and where it comes from, for a ticket"
              text={() => evidenceMarkdown({ artifact, line, text: target.text, link: window.location.href })}
            />
            <CopyButton label="Copy context" text={contextText} title={`The ${ctx.data?.length ?? 0} lines shown below`} />
            <CopyButton label="Copy link" text={() => window.location.href} />
          </div>
        </div>
      )}
      <div className="context-radius toolbar">
        <span className="muted small">Context</span>
        <div className="seg" role="group" aria-label="Context lines">
          {CONTEXT_CHOICES.map((n) => (
            <button key={n} type="button" className={radius === n ? 'on' : ''} aria-pressed={radius === n} onClick={() => onRadius(n)}>
              ±{n}
            </button>
          ))}
        </div>
      </div>
      {ctx.data && (
        <VirtualList
          label="Context lines"
          className="fill mono"
          items={ctx.data}
          rowHeight={22}
          dynamic
          scrollTo={index}
          render={(l) => (
            <div className={`log-row ctx wrap lvl-${l.level ?? 'none'} ${l.line === line ? 'target' : ''}`} data-line={l.line} onClick={() => l.line !== line && onPick(l)}>
              <span className="log-lineno">{l.line}</span>
              <span className="log-text">
                <QueryHighlighted text={l.text} terms={terms} />
              </span>
            </div>
          )}
        />
      )}
    </aside>
  );
}
