import type { BundleId } from '../../../shared/api/bundles';
import type { DStateGroup, ProcessesApi, ProcessesDiff, ProcessTable, ProcessTreeRow, ThreadStates } from '../../../shared/api/processes';
import { artifactsOfKind, readParsedText } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { parseProcStat } from '../system/cpu';
import { bulkTextsOfKind } from '../store/artifacts';
import { singleNumber } from '../system/text';
import { compareProcesses } from './diff';
import { processesFromPs } from './ps';
import { dStateGroups, processTree } from './groups';
import { cpuOverWindow, parsePidCpu, type CpuOverWindow } from './pid-cpu';
import { pidFileOf, processTable, type Clock, type PidFiles } from './table';
import { parseThreadSamples, threadStatesOf, type ParsedThreadSamples } from './thread-samples';

const PID_KINDS: readonly string[] = [
  'proc-pid-stat',
  'proc-pid-status',
  'proc-pid-wchan',
  'proc-pid-stack',
  'proc-pid-cmdline',
  'proc-pid-cgroup',
  'proc-pid-ns',
  'proc-pid-fd-count',
];

function filesByPid(db: Db, bundleId: number): Map<number, PidFiles> {
  const byPid = new Map<number, PidFiles>();
  for (const a of bulkTextsOfKind(db, bundleId, PID_KINDS)) {
    const at = pidFileOf(a.path);
    if (!at) continue;
    const [pid, file] = at;
    const files = byPid.get(pid) ?? {};
    files[file] = a.text;
    byPid.set(pid, files);
  }
  return byPid;
}

/**
 * The Processes view asks for the table, the D-state groups and the tree of one bundle in a row: the
 * table is kept for the last few bundles. A bundle's content never changes; its sha256 guards against
 * a removed bundle's id being reused.
 */
const CACHED_BUNDLES = 4;
const cache = new WeakMap<Db, Map<number, { sha256: string; table: ProcessTable }>>();

function bundleSha(db: Db, bundleId: number): string | null {
  const row = db.prepare('SELECT sha256 FROM bundles WHERE id = ?').get(bundleId) as { sha256: string } | undefined;
  return row?.sha256 ?? null;
}

function cached(db: Db, bundleId: number, build: () => ProcessTable): ProcessTable {
  const sha256 = bundleSha(db, bundleId);
  const perDb = cache.get(db) ?? new Map<number, { sha256: string; table: ProcessTable }>();
  cache.set(db, perDb);
  const hit = perDb.get(bundleId);
  // A copy of the list, so a caller sorting or filtering in place does not change the cached table.
  const copy = (t: ProcessTable): ProcessTable => ({ ...t, processes: [...t.processes] });
  if (hit && sha256 !== null && hit.sha256 === sha256) return copy(hit.table);
  const table = build();
  if (sha256 === null) return table;
  perDb.delete(bundleId);
  perDb.set(bundleId, { sha256, table });
  if (perDb.size > CACHED_BUNDLES) perDb.delete(perDb.keys().next().value as number);
  return copy(table);
}

/** Boot time from proc/stat, uptime from node/uptime.txt; collection time from the facts (manifest) or the bundle row. */
function clockOf(db: Db, bundleId: number): Clock {
  const stat = artifactsOfKind(db, bundleId, 'proc-stat')[0];
  const statText = stat ? readParsedText(db, stat.id) : null;
  const bootTime = statText !== null ? parseProcStat(statText).bootTime : null;
  const up = artifactsOfKind(db, bundleId, 'uptime')[0];
  const upText = up ? readParsedText(db, up.id) : null;
  const uptime = upText !== null ? singleNumber(upText) : null;
  const row = db
    .prepare(
      `SELECT COALESCE((SELECT value FROM facts WHERE bundle_id = b.id AND key = 'collectedAt'), b.collected_at) AS at
       FROM bundles b WHERE b.id = ?`,
    )
    .get(bundleId) as { at: string | null } | undefined;
  const ms = row?.at ? Date.parse(row.at) : NaN;
  return { bootTime, collectedAt: Number.isFinite(ms) ? ms / 1000 : null, uptime };
}

/** The process table of a bundle, with what it lacks. Never throws on absent or malformed files. */
export function processesOf(db: Db, bundleId: BundleId): ProcessTable {
  return cached(db, bundleId, () => buildTable(db, bundleId));
}

function buildTable(db: Db, bundleId: BundleId): ProcessTable {
  const byPid = filesByPid(db, bundleId);
  if (byPid.size === 0) {
    // Peer bundles (sosreport, insights, Rancher) hold `ps` listings instead of per-pid /proc files.
    const listings = bulkTextsOfKind(db, bundleId, ['ps']);
    const processes = processesFromPs(listings);
    if (processes.length) {
      return { processes, cpuWindowSeconds: null, missing: [`proc/<pid>/*: not in this bundle; processes from ps output (${listings.map((l) => l.path).join(', ')})`], problems: [] };
    }
  }
  const cpu = cpuWindowOf(db, bundleId);
  const processes = processTable(byPid, clockOf(db, bundleId), cpu.window?.percent ?? null);
  const missing = byPid.size ? [] : ['proc/<pid>/*: no per-process files in this bundle'];
  const problems = processes
    .filter((p) => p.state === null && !p.missingFiles.includes('stat'))
    .map((p) => `proc/${p.pid}/stat: not in the kernel's format`);
  if (cpu.malformed) problems.push(`proc/pid-cpu.txt: ${cpu.malformed} lines not in the collector's format`);
  return { processes, cpuWindowSeconds: cpu.window?.seconds ?? null, missing, problems };
}

/** CPU over the sample window from proc/pid-cpu.txt (null without it: a --root run, an older collector, a peer bundle). */
function cpuWindowOf(db: Db, bundleId: BundleId): { window: CpuOverWindow | null; malformed: number } {
  const a = artifactsOfKind(db, bundleId, 'proc-pid-cpu')[0];
  if (!a) return { window: null, malformed: 0 };
  const text = readParsedText(db, a.id);
  if (text === null) return { window: null, malformed: 0 };
  const parsed = parsePidCpu(text);
  return { window: cpuOverWindow(parsed), malformed: parsed.malformed };
}

export function dStateGroupsOf(db: Db, bundleId: BundleId): DStateGroup[] {
  return dStateGroups(processesOf(db, bundleId).processes);
}

export function processTreeOf(db: Db, bundleId: BundleId): ProcessTreeRow[] {
  return processTree(processesOf(db, bundleId).processes);
}

/** The Processes part of comparing two bundles. */
export function compareProcessesOf(db: Db, a: BundleId, b: BundleId): ProcessesDiff {
  return compareProcesses(processesOf(db, a).processes, processesOf(db, b).processes);
}

const parsedSamples = new WeakMap<Db, Map<number, { sha256: string; parsed: ParsedThreadSamples | null }>>();

/** The bundle's proc/thread-samples.txt, parsed once per bundle (null when it has none). */
export function threadSamplesOf(db: Db, bundleId: BundleId): ParsedThreadSamples | null {
  const sha256 = bundleSha(db, bundleId) ?? '';
  const perDb = parsedSamples.get(db) ?? new Map<number, { sha256: string; parsed: ParsedThreadSamples | null }>();
  parsedSamples.set(db, perDb);
  const hit = perDb.get(bundleId);
  if (hit && hit.sha256 === sha256 && sha256 !== '') return hit.parsed;
  const a = artifactsOfKind(db, bundleId, 'thread-samples')[0];
  const text = a ? readParsedText(db, a.id) : null;
  const parsed = text !== null ? parseThreadSamples(text) : null;
  perDb.delete(bundleId);
  perDb.set(bundleId, { sha256, parsed });
  if (perDb.size > CACHED_BUNDLES) perDb.delete(perDb.keys().next().value as number);
  return parsed;
}

export function threadStatesOfBundle(db: Db, bundleId: BundleId, pid?: number): ThreadStates {
  const parsed = threadSamplesOf(db, bundleId);
  if (!parsed) {
    return { samples: 0, intervalMs: 0, spanMs: 0, arch: null, threads: [], threadCount: 0, overhead: null, problems: [],
      missing: ['proc/thread-samples.txt: no thread samples in this bundle (nodescope-collect.sh samples them on a live node, not with --root)'] };
  }
  return { ...threadStatesOf(parsed, pid), missing: [] };
}

export function createProcessesApi(db: Db): ProcessesApi {
  return {
    processes: async (bundle) => processesOf(db, bundle),
    dStateGroups: async (bundle) => dStateGroupsOf(db, bundle),
    processTree: async (bundle) => processTreeOf(db, bundle),
    threadStates: async (bundle, pid) => threadStatesOfBundle(db, bundle, pid),
  };
}
