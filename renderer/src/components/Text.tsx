import type { ReactNode } from 'react';
import { displayText, highlightParts } from '../lib/text';

/** Bundle text, shown as text with search words marked. */
export function Highlighted({ text, words }: { text: string; words: string[] }): ReactNode {
  const parts = highlightParts(displayText(text), words);
  return (
    <>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
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
