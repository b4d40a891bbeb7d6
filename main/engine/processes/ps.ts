import { PROCESS_FILES, type ProcessRow } from '../../../shared/api/processes';
import { eachLine } from '../system/text';
import { stateName } from './stat';

/**
 * The process table from `ps` output, for bundles without per-pid /proc files (sosreport's
 * ps_auxwww and ps_alxwww, insights' ps_auxcww, Rancher's psauxfww). Columns are found by their
 * header (USER PID %CPU … COMMAND, F UID PID PPID PRI NI … WCHAN STAT … COMMAND, UID PID PPID C STIME
 * TTY TIME CMD); several listings of the same processes are merged by pid.
 */
export interface PsListing {
  path: string;
  text: string;
}

const MAX_LINE = 64 * 1024;

export function processesFromPs(listings: readonly PsListing[]): ProcessRow[] {
  const byPid = new Map<number, ProcessRow>();
  for (const l of listings) {
    for (const r of parsePs(l.text)) {
      const had = byPid.get(r.pid);
      byPid.set(r.pid, had ? merge(had, r) : r);
    }
  }
  return [...byPid.values()].sort((a, b) => a.pid - b.pid);
}

function merge(a: ProcessRow, b: ProcessRow): ProcessRow {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof ProcessRow)[]) {
    const v = b[k];
    const cur = out[k];
    if ((cur === null || (Array.isArray(cur) && cur.length === 0)) && v !== null) (out as Record<string, unknown>)[k] = v;
  }
  // The longest argument list wins: `ps aux` has the whole command line, `ps -o comm` only the name.
  if (b.args.length > a.args.length) out.args = b.args;
  return out;
}

/** Where a ps listing's columns are, from its header line. */
interface PsHeader {
  col: (name: string) => number;
  pidAt: number;
  lastAt: number;
}

/** The header's columns (PID somewhere, the command last); 'not ps' for a PID line of another table; null for any other line. */
function psHeader(line: string): PsHeader | 'not ps' | null {
  if (!/\bPID\b/.test(line.slice(0, 400))) return null;
  const header = line.trim().split(/\s+/);
  const lastAt = header.length - 1;
  const last = header[lastAt];
  if (last !== 'COMMAND' && last !== 'CMD' && last !== 'ARGS') return 'not ps';
  return { col: (name) => header.indexOf(name), pidAt: header.indexOf('PID'), lastAt };
}

/**
 * What ps does not show, one value shared by every row: a zombie storm is hundreds of thousands of rows,
 * and an empty object and array for each made the parse of 320,000 rows 8% slower (median of 5
 * alternate runs: 611 ms against 668).
 */
const NO_NAMESPACES: Readonly<Record<string, string>> = Object.freeze({});
const NO_NS_PIDS: readonly number[] = Object.freeze([]);

/** The rows of a ps listing, read a line at a time (a zombie storm is hundreds of thousands of lines). */
export function parsePs(text: string): ProcessRow[] {
  let header: PsHeader | null = null;
  const rows: ProcessRow[] = [];
  for (const raw of eachLine(text)) {
    if (!header) {
      const found = psHeader(raw);
      if (found === 'not ps') return [];
      header = found;
      continue;
    }
    const { col, pidAt, lastAt } = header;
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    const fields = splitFields(line.trim(), lastAt);
    if (fields.length <= lastAt) continue;
    const pid = int(fields[pidAt]);
    if (pid === null) continue;
    const cmd = fields[lastAt];
    // ps -f/aux show trees as "\_ " prefixes (ps auxf): not part of the command.
    const clean = stripTree(cmd);
    const kernelThread = /^\[.*\]$/.test(clean);
    const args = kernelThread ? [] : clean.split(/\s+/).filter(Boolean);
    const state = col('STAT') >= 0 ? fields[col('STAT')] : col('S') >= 0 ? fields[col('S')] : null;
    const letter = state ? state[0] : null;
    const wchan = col('WCHAN') >= 0 ? fields[col('WCHAN')] : null;
    rows.push({
      pid,
      ppid: col('PPID') >= 0 ? int(fields[col('PPID')]) : null,
      command: kernelThread ? clean.slice(1, -1).slice(0, 64) : (args[0] ?? '?').split('/').pop()!.slice(0, 64),
      args,
      state: letter,
      stateName: letter ? stateName(letter) : null,
      wchan: wchan && wchan !== '-' && wchan !== '0' ? wchan : null,
      utimeTicks: null,
      stimeTicks: null,
      cpuSeconds: col('TIME') >= 0 ? cpuTime(fields[col('TIME')]) : null,
      cpuPercent: col('%CPU') >= 0 ? num(fields[col('%CPU')]) : null,
      cpuWindowPercent: null,
      nice: col('NI') >= 0 ? int(fields[col('NI')]) : null,
      rssKB: col('RSS') >= 0 ? int(fields[col('RSS')]) : null,
      threads: col('NLWP') >= 0 ? int(fields[col('NLWP')]) : null,
      startSecondsAfterBoot: null,
      startedAt: null,
      namespaces: NO_NAMESPACES,
      netNamespaceGone: null,
      nsPids: NO_NS_PIDS,
      cgroup: null,
      stack: null,
      fdCount: null,
      // Shared too: ps has none of the per-pid files.
      missingFiles: PROCESS_FILES,
    });
  }
  return rows;
}

/** ps f draws trees before the command ("  \\_ ", " |   \\_ "): not part of it. */
function stripTree(cmd: string): string {
  const at = cmd.lastIndexOf('\\_ ', 200);
  return at >= 0 && /^[|\\_ ]*$/.test(cmd.slice(0, at)) ? cmd.slice(at + 3) : cmd;
}

/** Splits on runs of spaces into at most n + 1 fields, the last one the rest of the line. */
function splitFields(line: string, n: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < n && i < line.length) {
    const j = line.indexOf(' ', i);
    if (j < 0) {
      out.push(line.slice(i));
      i = line.length;
      break;
    }
    out.push(line.slice(i, j));
    i = j;
    while (line.charCodeAt(i) === 32) i++;
  }
  if (i < line.length) out.push(line.slice(i));
  return out;
}

function int(s: string | undefined): number | null {
  return s !== undefined && /^-?\d{1,12}$/.test(s) ? Number(s) : null;
}

function num(s: string | undefined): number | null {
  return s !== undefined && /^\d{1,6}(?:\.\d{1,3})?$/.test(s) ? Number(s) : null;
}

/** "0:02", "01:02:03", "1-02:03:04" → seconds. */
function cpuTime(s: string | undefined): number | null {
  const m = s ? /^(?:(\d{1,5})-)?(?:(\d{1,2}):)?(\d{1,6}):(\d\d)$/.exec(s) : null;
  if (!m) return null;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
