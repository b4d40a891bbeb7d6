import type { DStateGroup, ProcessRow, ProcessTreeRow } from '../../../shared/api/processes';
import { appendTo } from '../collections';

/** Processes in uninterruptible sleep grouped by identical kernel stack (by wchan when there is no stack), largest first. */
export function dStateGroups(rows: ProcessRow[]): DStateGroup[] {
  const groups = new Map<string, DStateGroup>();
  for (const p of rows) {
    if (p.state !== 'D') continue;
    const stack = p.stack?.length ? p.stack.map((f) => f.fn) : [];
    const key = stack.length ? `stack:${stack.join('<')}` : `wchan:${p.wchan ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { stack, wchan: p.wchan, pids: [], commands: [] }));
    g.pids.push(p.pid);
    if (!g.commands.includes(p.command)) g.commands.push(p.command);
  }
  return [...groups.values()].sort((a, b) => b.pids.length - a.pids.length || a.pids[0]! - b.pids[0]!);
}

/** Direct children of a pid. */
export function childrenOf(rows: ProcessRow[], pid: number): ProcessRow[] {
  return rows.filter((p) => p.ppid === pid && p.pid !== pid);
}

/** The tree in depth-first order: roots are processes whose parent is not in the bundle (or 0). */
export function processTree(rows: ProcessRow[]): ProcessTreeRow[] {
  const byPid = new Map(rows.map((p) => [p.pid, p]));
  const kids = new Map<number, ProcessRow[]>();
  for (const p of rows) {
    if (p.ppid === null || p.ppid === p.pid || !byPid.has(p.ppid)) continue;
    appendTo(kids, p.ppid, p);
  }
  const out: ProcessTreeRow[] = [];
  const seen = new Set<number>();
  const visit = (p: ProcessRow, depth: number): void => {
    if (seen.has(p.pid)) return;
    seen.add(p.pid);
    const children = kids.get(p.pid) ?? [];
    out.push({ pid: p.pid, ppid: p.ppid, depth, command: p.command, state: p.state, childCount: children.length });
    for (const c of children) visit(c, depth + 1);
  };
  for (const p of rows) if (p.ppid === null || p.ppid === p.pid || !byPid.has(p.ppid)) visit(p, 0);
  // A parent cycle (pid reuse between reads) has no root: show its members as roots rather than lose them.
  for (const p of rows) visit(p, 0);
  return out;
}
