/**
 * The system parsers (main/engine/system) applied to a bundle's artifacts, memoised on the view, with
 * the line each value came from so a finding can quote it.
 */
import type { Evidence } from '../../../shared/api/findings';
import type { CgroupController, FsUsage, KernelVersion, LoadReport, MemoryReport } from '../../../shared/api/system';
import type { ArtifactRow } from '../store/artifacts';
import { parseMounts, type Mount } from '../system/config';
import { cpuSplit, parseProcStat, type CpuSplit } from '../system/cpu';
import { fullnessMatters, parseDfRows } from '../system/df';
import { parseKernelRelease, releaseFromProcVersion, releaseFromUname } from '../system/kernel';
import { parseCgroupRows, parseFileNr, parseLoadavg, parseMeminfo, type FileNr } from '../system/procfs';
import { singleNumber } from '../system/text';
import { lineEvidence, type BundleView } from './view';

/** A value and the artifact line that holds it. */
export interface Quoted<T> {
  value: T;
  evidence: Evidence;
}

/** A line of the artifact as evidence: one a parser numbered (a search per row was quadratic: 400k df rows hung an ingest). */
function lineAt(view: BundleView, a: ArtifactRow, line: number): Evidence {
  return lineEvidence(a, line, view.lines(a)[line - 1] ?? '');
}

function firstLine(view: BundleView, a: ArtifactRow, test: (line: string) => boolean, note?: string): Evidence {
  const lines = view.lines(a);
  const i = Math.max(0, lines.findIndex(test));
  return lineEvidence(a, i + 1, lines[i] ?? '', note);
}

export function mounts(view: BundleView): Mount[] {
  return view.memo('sys:mounts', () => view.artifacts('mounts').flatMap((a) => parseMounts(view.text(a))));
}

/** df -P (disk) or df -Pi (inodes) rows of real filesystems, each with its line. */
export function dfRows(view: BundleView, kind: 'df' | 'df-inodes'): Quoted<FsUsage>[] | null {
  return view.memo(`sys:${kind}`, () => {
    const a = view.artifacts(kind)[0];
    if (!a) return null;
    const fsType = new Map(mounts(view).map((m) => [m.mountPoint, m.fsType]));
    return parseDfRows(view.text(a))
      .filter(({ usage: r }) => fullnessMatters(r, fsType.get(r.mountedOn)))
      .map((r) => ({ value: r.usage, evidence: lineAt(view, a, r.line) }));
  });
}

export function fullFilesystems(view: BundleView, kind: 'df' | 'df-inodes', threshold: number): Quoted<FsUsage>[] {
  return (dfRows(view, kind) ?? []).filter((r) => r.value.size > 0 && (r.value.usePercent ?? 0) >= threshold * 100);
}

export function kernel(view: BundleView): Quoted<KernelVersion> | null {
  return view.memo('sys:kernel', () => {
    for (const [kind, read] of [['uname', releaseFromUname], ['proc-version', releaseFromProcVersion]] as const) {
      const a = view.artifacts(kind)[0];
      const release = a ? read(view.text(a)) : null;
      const k = release ? parseKernelRelease(release) : null;
      if (a && k) return { value: k, evidence: firstLine(view, a, (l) => l.includes(k.release)) };
    }
    const fact = view.fact('kernel');
    const k = fact ? parseKernelRelease(fact) : null;
    return k ? { value: k, evidence: { artifact: 'manifest.json', line: null, text: `kernel: ${fact}`, note: 'node facts of the manifest' } } : null;
  });
}

export function cgroupControllers(view: BundleView): Quoted<CgroupController>[] | null {
  return view.memo('sys:cgroups', () => {
    const a = view.artifacts('proc-cgroups')[0];
    if (!a) return null;
    return parseCgroupRows(view.text(a)).map((c) => ({ value: c.controller, evidence: lineAt(view, a, c.line) }));
  });
}

export function loadavg(view: BundleView): Quoted<LoadReport> | null {
  return view.memo('sys:loadavg', () => single(view, 'proc-loadavg', parseLoadavg));
}

export function meminfo(view: BundleView): { report: MemoryReport; artifact: ArtifactRow } | null {
  return view.memo('sys:meminfo', () => {
    const a = view.artifacts('proc-meminfo')[0];
    const report = a ? parseMeminfo(view.text(a)) : null;
    return a && report ? { report, artifact: a } : null;
  });
}

export function meminfoLine(view: BundleView, key: string): Evidence | null {
  const m = meminfo(view);
  return m ? firstLine(view, m.artifact, (l) => l.startsWith(`${key}:`)) : null;
}

export function fileNr(view: BundleView): Quoted<FileNr> | null {
  return view.memo('sys:file-nr', () => single(view, 'proc-file-nr', parseFileNr));
}

export function pidMax(view: BundleView): Quoted<number> | null {
  return view.memo('sys:pid-max', () => single(view, 'proc-pid-max', singleNumber));
}

/** nf_conntrack_count and nf_conntrack_max (both of kind nf-conntrack, told apart by name). */
export function conntrackNumbers(view: BundleView): { count: Quoted<number>; max: Quoted<number> } | null {
  return view.memo('sys:conntrack', () => {
    const files = view.artifacts('nf-conntrack');
    const pick = (suffix: string): Quoted<number> | null => {
      const a = files.find((f) => f.path.endsWith(suffix));
      const n = a ? singleNumber(view.text(a)) : null;
      return a && n !== null ? { value: n, evidence: firstLine(view, a, () => true) } : null;
    };
    const count = pick('nf_conntrack_count');
    const max = pick('nf_conntrack_max');
    return count && max ? { count, max } : null;
  });
}

/** CPU split between the two /proc/stat samples (or since boot with one), with the lines it came from. */
export function cpuSample(view: BundleView): { split: CpuSplit; evidence: Evidence[] } | null {
  return view.memo('sys:cpu', () => {
    const files = view.artifacts('proc-stat');
    const stats = files.map((a) => parseProcStat(view.text(a)));
    if (!stats[0]) return null;
    const split = cpuSplit(stats[0], stats[1]);
    if (!split) return null;
    const used = split.basis === 'interval' ? files.slice(0, 2) : files.slice(0, 1);
    return { split, evidence: used.map((a) => firstLine(view, a, (l) => /^cpu\s/.test(l))) };
  });
}

function single<T>(view: BundleView, kind: string, parse: (text: string) => T | null): Quoted<T> | null {
  const a = view.artifacts(kind)[0];
  const value = a ? parse(view.text(a)) : null;
  return a && value !== null ? { value, evidence: firstLine(view, a, () => true) } : null;
}
