import type { ReactNode } from 'react';
import { displayText, highlightParts } from '../lib/text';

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

export function Empty({ children }: { children: ReactNode }): ReactNode {
  return <div className="muted pad">{children}</div>;
}
