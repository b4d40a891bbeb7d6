import { useEffect, useState, type ReactNode } from 'react';
import type { LogTerm } from '../../../shared/log-query';
import { copyText } from '../lib/clipboard';
import { displayText, highlightParts, queryHighlightParts } from '../lib/text';

/**
 * Bundle text, shown as text with search words marked. With `showFirstHit`, a long line whose first
 * match is far to the right starts shortly before it (the whole line is in the context view).
 */
export function Highlighted({ text, words, showFirstHit }: { text: string; words: string[]; showFirstHit?: boolean }): ReactNode {
  const parts = highlightParts(showFirstHit ? nearFirstHit(displayText(text), words) : displayText(text), words);
  return (
    <>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

const LEAD = 40;

function nearFirstHit(text: string, words: string[]): string {
  const lower = text.toLowerCase();
  const hits = words.map((w) => lower.indexOf(w.toLowerCase())).filter((i) => i >= 0);
  if (hits.length === 0) return text;
  const first = Math.min(...hits);
  return first > LEAD * 2 ? `…${text.slice(first - LEAD)}` : text;
}

export function SeverityBadge({ severity }: { severity: string }): ReactNode {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function Loading({ what }: { what: string }): ReactNode {
  return <div className="muted pad">Loading {what}…</div>;
}

export function ErrorBox({ error }: { error: string }): ReactNode {
  return (
    <div className="error-box" role="alert">
      {error}
    </div>
  );
}

/** Said above findings made by an older rule set while the bundle is diagnosed again. */
export function RecheckNote(): ReactNode {
  return (
    <div className="recheck-note" role="status">
      These findings were made by an older version of nodescope&apos;s rules. The bundle is being diagnosed again with the
      current ones; they will be replaced when that is done.
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }): ReactNode {
  return <div className="muted pad">{children}</div>;
}

/** Bundle text with what a log query matched marked (words, phrases, regexes). */
export function QueryHighlighted({ text, terms }: { text: string; terms: LogTerm[] }): ReactNode {
  const parts = queryHighlightParts(displayText(text), terms);
  return (
    <>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

/** A button that copies text and says so for a moment. */
export function CopyButton({ label, text, title }: { label: string; text: () => string; title?: string }): ReactNode {
  const [done, setDone] = useState<boolean | null>(null);
  useEffect(() => {
    if (done === null) return;
    const t = setTimeout(() => setDone(null), 1500);
    return () => clearTimeout(t);
  }, [done]);
  return (
    <button type="button" className="btn small ghost" title={title} onClick={() => void copyText(text()).then(setDone)}>
      {done === null ? label : done ? 'Copied' : 'Copy failed'}
    </button>
  );
}
