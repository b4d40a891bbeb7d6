import { useEffect, useState, type ReactNode } from 'react';
import { isTyping } from '../lib/keys';
import type { Route } from '../lib/route';

type Keys = [string, string][];

/** Keys of every list and table (lib/list-keys.ts): the same in all views. */
const LIST: Keys = [
  ['j / ↓', 'Next row'],
  ['k / ↑', 'Previous row'],
  ['PgDn / PgUp', 'Ten rows down / up'],
  ['g / G', 'First / last row'],
  ['Enter', 'Open the row'],
  ['Esc', 'Close the open detail'],
  ['click a heading', 'Sort by that column; again for the other way'],
];

const EVERYWHERE: Keys = [
  ['/', 'Search box of the view'],
  ['Esc', 'Leave the search box; close a picker, a dialog or this help'],
  ['Tab', 'Into a list or table (then its keys)'],
  ['Back / Forward', 'Every search, filter, selection and zoom is a step (a sort order stays in the link)'],
  ['?', 'This help'],
];

/** The list keys with Enter saying what it opens in this view. */
function listWith(enter: string, sortable = true): Keys {
  return LIST.filter(([k]) => sortable || k !== 'click a heading').map(([k, what]) => [k, k === 'Enter' ? enter : what]);
}

/** What each view adds to (or does instead of) the list keys. */
const VIEW_KEYS: Partial<Record<Route['view'], { name: string; keys: Keys }>> = {
  logs: {
    name: 'Logs',
    keys: [
      ['j / ↓', 'Next line (opens its detail)'],
      ['k / ↑', 'Previous line'],
      ['Enter', 'Select the first line'],
      ['Esc', 'Close the line detail'],
      ['e / E', 'Next / previous error'],
      ['g / G', 'First / last line'],
    ],
  },
  processes: { name: 'Processes', keys: listWith('Open the process detail (kernel stack, cgroup, threads)') },
  findings: { name: 'Findings', keys: listWith('Show the finding with its evidence', false) },
  network: { name: 'Network', keys: listWith('Open the chain; on a rule, go to its target chain') },
  artifacts: { name: 'Artifacts', keys: listWith('Open the artifact') },
  profiles: { name: 'Profiles', keys: [...listWith('Open the profile; in the top table, highlight the function in the flame graph'), ['Enter (search box)', 'Apply the search']] },
  timeline: { name: 'Timeline', keys: [['click a bar', 'Open Logs or Findings at that moment'], ['drag', 'Zoom to the dragged range']] },
};

function keysOf(view: Route['view']): { name: string; keys: Keys } {
  return VIEW_KEYS[view] ?? { name: view === 'library' ? 'Library' : view.charAt(0).toUpperCase() + view.slice(1), keys: LIST };
}

/** "?" shows the keys of the current view and those that work everywhere; Esc hides them. */
export function KeyHelp({ view }: { view: Route['view'] }): ReactNode {
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
  const here = keysOf(view);
  return (
    <div className="key-help-backdrop" onClick={() => setOpen(false)}>
      <div className="key-help" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keys</h2>
        <KeyTable caption={`In ${here.name}`} keys={here.keys} />
        <KeyTable caption="Everywhere" keys={EVERYWHERE} />
      </div>
    </div>
  );
}

function KeyTable({ caption, keys }: { caption: string; keys: Keys }): ReactNode {
  return (
    <table className="simple">
      <caption>{caption}</caption>
      <tbody>
        {keys.map(([k, what], i) => (
          <tr key={`${k}-${i}`}>
            <td>
              <kbd>{k}</kbd>
            </td>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
