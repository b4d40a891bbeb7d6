import type { BundleId } from '../../../shared/api/bundles';
import type {
  CpuReport,
  DiskReport,
  FsUsage,
  LimitUsage,
  NodeFactsReport,
  PressureReport,
  SystemApi,
  SystemReport,
} from '../../../shared/api/system';
import type { Db } from '../store/workspace';
import { parseOsRelease, osName, parseSysctl, parseMounts, parseTimezone, parseVersions } from './config';
import { cpuSplit, intervalSeconds, parseProcStat } from './cpu';
import { fullnessMatters, parseDf } from './df';
import { diskDevices, parseDiskstats } from './diskstats';
import { parseCmdline, parseKernelRelease, parseModules, releaseFromProcVersion, releaseFromUname } from './kernel';
import { conntrackLimit, fileLimit, fsLimits, memoryLimit, pidLimit } from './limits';
import { factsOf, textOfKind, textsOfKind, type ArtifactText } from './load';
import { parseCgroups, parseFileNr, parseLoadavg, parseMeminfo, parsePressure } from './procfs';
import { singleNumber } from './text';

/** What a section could not find or read, collected while the report is built. */
class Notes {
  readonly missing: string[] = [];
  readonly problems: string[] = [];

  /** The artifact, or null after noting it as missing. */
  need(a: ArtifactText | null, what: string): ArtifactText | null {
    if (!a) this.missing.push(what);
    return a;
  }

  /** The parsed value, or null after noting the artifact as unreadable. */
  parsed<T>(value: T | null, a: ArtifactText, expected: string): T | null {
    if (value === null) this.problems.push(`${a.path}: not in the expected form (${expected})`);
    return value;
  }
}

/** The first of each numbered sample (stat.1, stat.2) or the single plain file. */
function samples(db: Db, bundleId: number, kind: string): ArtifactText[] {
  const all = textsOfKind(db, bundleId, kind);
  const numbered = all.filter((a) => /\.\d+$/.test(a.path));
  return (numbered.length ? numbered : all).slice(0, 2);
}

function cpuReport(db: Db, bundleId: number, notes: Notes): CpuReport | null {
  const texts = samples(db, bundleId, 'proc-stat');
  if (!texts.length) return (notes.missing.push('proc/stat'), null);
  const stats = texts.map((t) => parseProcStat(t.text));
  const split = cpuSplit(stats[0]!, stats[1]);
  if (!split) return notes.parsed(null, texts[0]!, 'cpu lines of /proc/stat');
  const last = stats.at(-1)!;
  return {
    ...split,
    procsRunning: last.procsRunning,
    procsBlocked: last.procsBlocked,
    artifacts: texts.map((t) => t.path),
  };
}

function diskReport(db: Db, bundleId: number, notes: Notes): DiskReport | null {
  const texts = samples(db, bundleId, 'proc-diskstats');
  if (!texts.length) return (notes.missing.push('proc/diskstats'), null);
  const counters = texts.map((t) => parseDiskstats(t.text));
  if (!counters.at(-1)!.length) return notes.parsed(null, texts.at(-1)!, '/proc/diskstats columns');
  const stats = samples(db, bundleId, 'proc-stat').map((t) => parseProcStat(t.text));
  const seconds = counters.length === 2 && stats.length === 2 ? intervalSeconds(stats[0]!, stats[1]!) : null;
  const first = seconds ? counters[0] : undefined;
  return {
    basis: seconds ? 'interval' : 'since-boot',
    intervalSeconds: seconds,
    devices: diskDevices(counters.at(-1)!, first, seconds),
    artifacts: texts.map((t) => t.path),
  };
}

function pressure(db: Db, bundleId: number, notes: Notes): PressureReport[] {
  const texts = textsOfKind(db, bundleId, 'proc-pressure');
  if (!texts.length) notes.missing.push('proc/pressure (kernel 4.20+ with PSI)');
  return texts.flatMap((t) => {
    const resource = t.path.split('/').pop() ?? t.path;
    const p = notes.parsed(parsePressure(resource, t.text), t, 'some/full avg10= avg60= avg300= total=');
    return p ? [p] : [];
  });
}

function dfRows(db: Db, bundleId: number, kind: 'df' | 'df-inodes', notes: Notes): { rows: FsUsage[]; path: string | null } {
  const a = notes.need(textOfKind(db, bundleId, kind), kind === 'df' ? 'df -P' : 'df -Pi');
  if (!a) return { rows: [], path: null };
  const rows = parseDf(a.text);
  if (!rows.length) notes.parsed(null, a, 'df -P columns');
  return { rows, path: a.path };
}

/** Mount point to filesystem type, from /proc/mounts (its absence is reported by the node facts). */
function mountTypes(db: Db, bundleId: number): Map<string, string> {
  const mounts = textOfKind(db, bundleId, 'mounts');
  return new Map(mounts ? parseMounts(mounts.text).map((m) => [m.mountPoint, m.fsType]) : []);
}

function kernelLimits(db: Db, bundleId: number, threads: number | null, notes: Notes): LimitUsage[] {
  const out: (LimitUsage | null)[] = [];
  const fileNr = notes.need(textOfKind(db, bundleId, 'proc-file-nr'), 'proc/sys/fs/file-nr');
  if (fileNr) {
    const nr = notes.parsed(parseFileNr(fileNr.text), fileNr, 'three numbers');
    if (nr) out.push(fileLimit(nr, fileNr.path));
  }
  const pidMax = notes.need(textOfKind(db, bundleId, 'proc-pid-max'), 'proc/sys/kernel/pid_max');
  const max = pidMax && notes.parsed(singleNumber(pidMax.text), pidMax, 'a number');
  if (pidMax && max !== null && threads !== null) out.push(pidLimit(threads, max, pidMax.path));
  const count = textOfKind(db, bundleId, 'nf-conntrack', 'nf_conntrack_count');
  const ctMax = textOfKind(db, bundleId, 'nf-conntrack', 'nf_conntrack_max');
  if (!count || !ctMax) notes.missing.push('nf_conntrack count/max (module not loaded, or not collected)');
  else {
    const [c, m] = [singleNumber(count.text), singleNumber(ctMax.text)];
    if (c !== null && m !== null) out.push(conntrackLimit(c, m, count.path));
  }
  return out.filter((l): l is LimitUsage => l !== null);
}

function nodeFacts(db: Db, bundleId: number, notes: Notes): NodeFactsReport {
  const get = (kind: string, what: string): ArtifactText | null => notes.need(textOfKind(db, bundleId, kind), what);
  const uname = get('uname', 'uname -a');
  const procVersion = get('proc-version', 'proc/version');
  const osRelease = get('os-release', 'etc/os-release');
  const timezone = get('timezone', 'node/timezone.txt');
  const versions = get('versions', 'node/versions.txt');
  const modules = get('kernel-modules', 'proc/modules');
  const cmdline = get('kernel-cmdline', 'proc/cmdline');
  const sysctl = get('sysctl', 'sysctl -a');
  const mounts = get('mounts', 'proc/mounts');
  const facts = factsOf(db, bundleId);
  const release =
    (uname && releaseFromUname(uname.text)) ?? (procVersion && releaseFromProcVersion(procVersion.text)) ?? facts.kernel ?? null;
  const os = osRelease ? parseOsRelease(osRelease.text) : {};
  return {
    facts,
    kernel: release ? parseKernelRelease(release) : null,
    uname: uname?.text.trim() ?? null,
    procVersion: procVersion?.text.trim() ?? null,
    os: osName(os) ?? facts.os ?? null,
    osRelease: os,
    timezone: (timezone && parseTimezone(timezone.text)) ?? facts.timezone ?? null,
    versions: versions ? parseVersions(versions.text) : {},
    kernelModules: modules ? parseModules(modules.text).map((m) => m.name) : [],
    kernelCmdline: cmdline ? parseCmdline(cmdline.text) : [],
    sysctlCount: sysctl ? parseSysctl(sysctl.text).length : 0,
    mountCount: mounts ? parseMounts(mounts.text).length : 0,
  };
}

function parsedOf<T>(db: Db, bundleId: number, kind: string, what: string, parse: (text: string) => T | null, notes: Notes): T | null {
  const a = notes.need(textOfKind(db, bundleId, kind), what);
  return a ? notes.parsed(parse(a.text), a, what) : null;
}

/** Everything the System view shows about one bundle. Never throws on absent or malformed artifacts. */
export function systemReport(db: Db, bundleId: BundleId): SystemReport {
  const notes = new Notes();
  const load = parsedOf(db, bundleId, 'proc-loadavg', 'proc/loadavg', parseLoadavg, notes);
  const meminfo = notes.need(textOfKind(db, bundleId, 'proc-meminfo'), 'proc/meminfo');
  const memory = meminfo && notes.parsed(parseMeminfo(meminfo.text), meminfo, 'proc/meminfo');
  const cgroupsText = notes.need(textOfKind(db, bundleId, 'proc-cgroups'), 'proc/cgroups');
  const df = dfRows(db, bundleId, 'df', notes);
  const inodes = dfRows(db, bundleId, 'df-inodes', notes);
  const memoryUse = meminfo && memory && memoryLimit(memory.totalKB, memory.availableKB, meminfo.path);
  const fsType = mountTypes(db, bundleId);
  const matters = (r: FsUsage): boolean => fullnessMatters(r, fsType.get(r.mountedOn));
  const limits = [
    ...(memoryUse ? [memoryUse] : []),
    ...kernelLimits(db, bundleId, load?.threads ?? null, notes),
    ...(df.path ? fsLimits(df.rows.filter(matters), 'disk', df.path) : []),
    ...(inodes.path ? fsLimits(inodes.rows.filter(matters), 'inodes', inodes.path) : []),
  ];
  return {
    cpu: cpuReport(db, bundleId, notes),
    memory,
    load,
    pressure: pressure(db, bundleId, notes),
    disks: diskReport(db, bundleId, notes),
    diskUsage: df.rows,
    inodeUsage: inodes.rows,
    cgroups: cgroupsText ? parseCgroups(cgroupsText.text) : [],
    limits,
    facts: nodeFacts(db, bundleId, notes),
    missing: notes.missing,
    problems: notes.problems,
  };
}

export function createSystemApi(db: Db): SystemApi {
  return {
    system: async (bundle) => systemReport(db, bundle),
  };
}
