import { useEffect, useRef, useState, type ReactNode } from 'react';
import { VirtualList } from '../../components/VirtualList';

/** An ISO UTC bound typed by hand ("2026-11-10T14:18" is enough); applied on Enter or blur. */
export function TimeInput({ label, value, onChange }: { label: string; value: string; onChange: (iso: string) => void }): ReactNode {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = (): void => {
    if (!text.trim()) {
      if (value) onChange('');
      return;
    }
    const ms = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.trim().replace(' ', 'T')}Z`);
    if (Number.isFinite(ms) && new Date(ms).toISOString() !== value) onChange(new Date(ms).toISOString());
  };
  return (
    <input
      className="input time-input mono"
      placeholder={`${label} (UTC)`}
      value={text}
      aria-label={`${label} time`}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
}

/** Sources to keep, with their line counts; Esc or a click elsewhere closes it. */
export function SourcePicker({ counts, chosen, onChange }: { counts: { source: string; lines: number }[]; chosen: string[]; onChange: (s: string[]) => void }): ReactNode {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
      }
    };
    const onClick = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  const shown = counts.filter((c) => c.source.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div className="picker" ref={box}>
      <button type="button" className="btn" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Sources {chosen.length ? `(${chosen.length})` : '(all)'} ▾
      </button>
      {open && (
        <div className="picker-pop" role="dialog" aria-label="Sources">
          <input className="input" placeholder="Filter sources" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter sources" autoFocus />
          {chosen.length > 0 && (
            <button type="button" className="btn small ghost" onClick={() => onChange([])}>
              Clear
            </button>
          )}
          <VirtualList
            label="Sources"
            className="picker-list"
            items={shown}
            rowHeight={26}
            render={(c) => (
              <label className="picker-row">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.source)}
                  onChange={() => onChange(chosen.includes(c.source) ? chosen.filter((s) => s !== c.source) : [...chosen, c.source])}
                />
                <span className="ellipsis" title={c.source}>{c.source}</span>
                <span className="muted num">{c.lines.toLocaleString('en')}</span>
              </label>
            )}
          />
        </div>
      )}
    </div>
  );
}
