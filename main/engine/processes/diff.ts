import type { CommandCounts, ProcessesDiff, ProcessRow } from '../../../shared/api/processes';

/**
 * The name two nodes share for a process: the comm, except that per-cpu kernel threads fold their cpu
 * number ("ksoftirqd/0" → "ksoftirqd/N") and kworkers their changing work item ("kworker/0:1-events" →
 * "kworker"), since those differ between any two machines.
 */
export function commandKey(p: ProcessRow): string {
  if (p.args.length) return p.command;
  if (p.command.startsWith('kworker/')) return 'kworker';
  return p.command.replace(/\/\d+(?::\d+)?/g, '/N');
}

function countByCommand(rows: ProcessRow[]): Map<string, { count: number; states: Record<string, number> }> {
  const out = new Map<string, { count: number; states: Record<string, number> }>();
  for (const p of rows) {
    const key = commandKey(p);
    const c = out.get(key) ?? { count: 0, states: {} };
    c.count += 1;
    const s = p.state ?? '?';
    c.states[s] = (c.states[s] ?? 0) + 1;
    out.set(key, c);
  }
  return out;
}

function sameStates(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/** Processes of two bundles by command: present in one only, and changed counts or states. */
export function compareProcesses(a: ProcessRow[], b: ProcessRow[]): ProcessesDiff {
  const ca = countByCommand(a);
  const cb = countByCommand(b);
  const none = { count: 0, states: {} };
  const rows: CommandCounts[] = [...new Set([...ca.keys(), ...cb.keys()])].sort().map((command) => {
    const x = ca.get(command) ?? none;
    const y = cb.get(command) ?? none;
    return { command, countA: x.count, countB: y.count, statesA: x.states, statesB: y.states };
  });
  const onlyA = rows.filter((r) => r.countB === 0);
  const onlyB = rows.filter((r) => r.countA === 0);
  const changed = rows.filter((r) => r.countA > 0 && r.countB > 0 && (r.countA !== r.countB || !sameStates(r.statesA, r.statesB)));
  const dStateA = a.filter((p) => p.state === 'D').length;
  const dStateB = b.filter((p) => p.state === 'D').length;
  return { onlyA, onlyB, changed, dStateA, dStateB, identical: !onlyA.length && !onlyB.length && !changed.length };
}
