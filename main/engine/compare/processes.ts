import type { CommandChange, CommandCount, ProcessesCompare } from '../../../shared/api/compare';
import type { ProcessRow, ProcessTable } from '../../../shared/api/processes';

interface CommandGroup {
  command: string;
  count: number;
  states: Map<string, number>;
  dStack: string[];
}

/** Kernel threads carry CPU and queue numbers in their names (kworker/3:1H): those are masked. */
export function commandKey(p: Pick<ProcessRow, 'command' | 'args'>): string {
  return p.args.length === 0 ? p.command.replace(/\d+/g, 'N') : p.command;
}

const STACK_FRAMES = 6;

function groups(rows: ProcessRow[]): Map<string, CommandGroup> {
  const m = new Map<string, CommandGroup>();
  for (const p of rows) {
    const command = commandKey(p);
    let g = m.get(command);
    if (!g) m.set(command, (g = { command, count: 0, states: new Map(), dStack: [] }));
    g.count++;
    const state = p.state ?? '?';
    g.states.set(state, (g.states.get(state) ?? 0) + 1);
    if (state === 'D' && g.dStack.length === 0 && p.stack) g.dStack = p.stack.slice(0, STACK_FRAMES).map((f) => f.fn);
  }
  return m;
}

/** "D 2, S 3": D first (it is what an operator looks for), then by letter. */
function statesText(states: Map<string, number>): string {
  return [...states]
    .sort(([x], [y]) => (x === 'D' ? -1 : y === 'D' ? 1 : x < y ? -1 : 1))
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
}

function countOf(g: CommandGroup): CommandCount {
  return { command: g.command, count: g.count, states: statesText(g.states) };
}

/** Processes by command, not pid: commands on one side only, and count or state changes. */
export function compareProcesses(a: ProcessTable, b: ProcessTable): ProcessesCompare {
  const ga = groups(a.processes);
  const gb = groups(b.processes);
  const onlyA = [...ga.values()].filter((g) => !gb.has(g.command)).map(countOf);
  const onlyB = [...gb.values()].filter((g) => !ga.has(g.command)).map(countOf);
  const changed: CommandChange[] = [];
  for (const [command, x] of ga) {
    const y = gb.get(command);
    if (!y) continue;
    const statesA = statesText(x.states);
    const statesB = statesText(y.states);
    if (x.count === y.count && statesA === statesB) continue;
    changed.push({
      command,
      countA: x.count,
      countB: y.count,
      statesA,
      statesB,
      dStateA: x.states.get('D') ?? 0,
      dStateB: y.states.get('D') ?? 0,
      dStack: y.dStack.length ? y.dStack : x.dStack,
    });
  }
  const dChange = (c: CommandChange): number => Math.abs(c.dStateB - c.dStateA);
  changed.sort((x, y) => dChange(y) - dChange(x) || Math.abs(y.countB - y.countA) - Math.abs(x.countB - x.countA) || (x.command < y.command ? -1 : 1));
  const byD = (x: CommandCount, y: CommandCount): number => Number(y.states.startsWith('D')) - Number(x.states.startsWith('D')) || y.count - x.count;
  onlyA.sort(byD);
  onlyB.sort(byD);
  const missingA = new Set(a.missing);
  const missingB = new Set(b.missing);
  const missing = [
    ...a.missing.filter((m) => !missingB.has(m)).map((m) => `A: ${m}`),
    ...b.missing.filter((m) => !missingA.has(m)).map((m) => `B: ${m}`),
  ];
  return { onlyA, onlyB, changed, missing, identical: onlyA.length + onlyB.length + changed.length + missing.length === 0 };
}
