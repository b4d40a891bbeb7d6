import { useEffect, useState, type ReactNode } from 'react';
import { isTyping } from '../lib/keys';

const KEYS: [string, string][] = [
  ['/', 'Search box of the view'],
  ['Esc', 'Leave the search box; close the detail pane, a picker or this help'],
  ['j / ↓', 'Next line (Logs)'],
  ['k / ↑', 'Previous line (Logs)'],
  ['Enter', 'Select the first line (Logs); open a row (tables)'],
  ['e / E', 'Next / previous error (Logs)'],
  ['g / G', 'First / last line (Logs)'],
  ['Back / Forward', 'Every search, filter, selection and zoom is a step'],
  ['?', 'This help'],
];

/** "?" shows the keys, Esc hides them. */
export function KeyHelp(): ReactNode {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '?') {
        e.preventDefault();
        setOpen((o) => !o);
      } else if (e.key === 'Escape' && open) {
        e.preventDefault();
        e.stopImmediatePropagation();
        setOpen(false);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
  if (!open) return null;
  return (
    <div className="key-help-backdrop" onClick={() => setOpen(false)}>
      <div className="key-help" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keys</h2>
        <table className="simple">
          <tbody>
            {KEYS.map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
