import type { ReactNode } from 'react';
import type { SetChange } from '../../../../shared/api/compare';
import { routeHash, type ViewName } from '../../lib/route';
import { displayText } from '../../lib/text';

export interface Sides {
  a: number;
  b: number;
}

/** Links into the detailed view of either bundle (the Compare view only says what differs). */
export function Jump({ sides, view, params = {}, label }: { sides: Sides; view: ViewName; params?: Record<string, string | number | null>; label: string }): ReactNode {
  return (
    <span className="cmp-jump small">
      {label} in <a href={routeHash(sides.a, view, params)}>A</a> · <a href={routeHash(sides.b, view, params)}>B</a>
    </span>
  );
}

export function SectionHead({ title, children }: { title: string; children?: ReactNode }): ReactNode {
  return (
    <header className="cmp-section-head">
      <h2>{title}</h2>
      {children}
    </header>
  );
}

export function Same({ what }: { what: string }): ReactNode {
  return <div className="muted pad">No difference in {what}.</div>;
}

/** "+12.5" / "−3" with a class saying which way it went. */
export function Delta({ value, unit = '' }: { value: number | null; unit?: string }): ReactNode {
  if (value === null) return <span className="muted">—</span>;
  const cls = value > 0 ? 'cmp-up' : value < 0 ? 'cmp-down' : '';
  return (
    <span className={`num ${cls}`}>
      {value > 0 ? '+' : value < 0 ? '−' : ''}
      {formatNumber(Math.abs(value))}
      {unit && unit !== 'count' ? ` ${unit}` : ''}
    </span>
  );
}

export function formatNumber(v: number | null): string {
  if (v === null) return '—';
  return Number.isInteger(v) ? v.toLocaleString('en') : v.toLocaleString('en', { maximumFractionDigits: 2 });
}

/** Text from a bundle, shown as text. */
export function T({ children }: { children: string | null }): ReactNode {
  return <>{children === null ? '—' : displayText(children)}</>;
}

export function SetLines({ what, change }: { what: string; change: SetChange }): ReactNode {
  if (!change.added.length && !change.removed.length) return null;
  return (
    <div className="cmp-block">
      <h3>{what}</h3>
      <ul className="cmp-lines mono">
        {change.added.map((x, i) => (
          <li key={`a${i}`} className="cmp-added">
            + <T>{x}</T> <span className="muted">(only in B)</span>
          </li>
        ))}
        {change.removed.map((x, i) => (
          <li key={`r${i}`} className="cmp-removed">
            − <T>{x}</T> <span className="muted">(only in A)</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
