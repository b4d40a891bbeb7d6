import type { NodeFactsCompare } from '../../../shared/api/compare';
import type { NodeFactsReport } from '../../../shared/api/system';
import { parseMounts, parseSysctl, type SysctlSetting } from '../system/config';
import { textOfKind } from '../system/load';
import type { Db } from '../store/workspace';
import { type KeyValue, setChange, setIsEmpty, valueChanges } from './sets';

/**
 * sysctl keys the kernel changes by itself (counters, random values, the last pid): two samples of one
 * untouched node differ in them, so they are not configuration differences.
 */
export const VOLATILE_SYSCTL = new Set([
  'fs.dentry-state',
  'fs.file-nr',
  'fs.inode-nr',
  'fs.inode-state',
  'fs.aio-nr',
  'fs.quota.allocated_dquots',
  'fs.quota.free_dquots',
  'fs.quota.lookups',
  'fs.quota.reads',
  'fs.quota.syncs',
  'fs.quota.writes',
  'fs.quota.cache_hits',
  'fs.quota.drops',
  // The node's name: it differs between two nodes by nature, as their hostnames do.
  'kernel.hostname',
  'kernel.ns_last_pid',
  'kernel.pty.nr',
  'kernel.random.boot_id',
  'kernel.random.entropy_avail',
  'kernel.random.uuid',
  'net.netfilter.nf_conntrack_count',
]);

function configSysctl(all: SysctlSetting[]): KeyValue[] {
  return all.filter((s) => !VOLATILE_SYSCTL.has(s.key)).map((s) => [s.key, s.value] as const);
}

/** What one bundle says about its node, in the shape the comparison needs. */
export interface NodeSide {
  facts: NodeFactsReport;
  /** Settings other than VOLATILE_SYSCTL, in the file's order; null when the bundle has no `sysctl -a`. */
  sysctl: KeyValue[] | null;
  mounts: string[];
  /** What the bundle holds no artifact of, in the operator's words ('kernel modules'). */
  notCollected: Set<string>;
}

/** The node-fact sets compared entry by entry: the kind that holds each, and its name. */
const SETS = [
  { what: 'sysctl -a', kind: 'sysctl' },
  { what: 'kernel modules', kind: 'kernel-modules' },
  { what: 'kernel command line', kind: 'kernel-cmdline' },
  { what: 'mounts', kind: 'mounts' },
] as const;

/** Pod uids and container ids differ on every node: masked so mounts compare by what they are. */
export function mountKey(mountPoint: string, fsType: string, options: string[]): string {
  const where = mountPoint
    .replace(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g, '<uid>')
    .replace(/[0-9a-fA-F]{32,}/g, '<id>');
  return `${where} ${fsType} ${options.join(',')}`;
}

export function nodeSide(db: Db, bundleId: number, facts: NodeFactsReport): NodeSide {
  const sysctl = textOfKind(db, bundleId, 'sysctl');
  const mounts = textOfKind(db, bundleId, 'mounts');
  return {
    facts,
    sysctl: sysctl ? configSysctl(parseSysctl(sysctl.text)) : null,
    mounts: mounts ? parseMounts(mounts.text).map((m) => mountKey(m.mountPoint, m.fsType, m.options)) : [],
    notCollected: new Set(SETS.filter((s) => !hasKind(db, bundleId, s.kind)).map((s) => s.what)),
  };
}

function hasKind(db: Db, bundleId: number, kind: string): boolean {
  return db.prepare('SELECT 1 FROM artifacts WHERE bundle_id = ? AND kind = ? LIMIT 1').get(bundleId, kind) !== undefined;
}

/** The facts an operator compares first; hostname and collection times differ by nature and are not. */
function headline(f: NodeFactsReport): Map<string, string> {
  const m = new Map<string, string>();
  const put = (k: string, v: string | null | undefined): void => {
    if (v !== null && v !== undefined && v !== '') m.set(k, v);
  };
  put('kernel', f.kernel?.release ?? f.facts.kernel);
  put('os', f.os);
  put('kubeletVersion', f.facts.kubeletVersion);
  put('containerRuntime', f.facts.containerRuntime);
  put('cgroupVersion', f.facts.cgroupVersion);
  put('timezone', f.timezone);
  for (const [k, v] of Object.entries(f.versions)) put(`versions.${k}`, v);
  return m;
}

export function compareNodeFacts(a: NodeSide, b: NodeSide): NodeFactsCompare {
  // Collected on one side only: said once, not as every entry of the other side "only in" it.
  const notCollected = SETS.flatMap(({ what }) => {
    if (a.notCollected.has(what) === b.notCollected.has(what)) return [];
    return [{ what, side: a.notCollected.has(what) ? ('a' as const) : ('b' as const) }];
  });
  const compared = (what: (typeof SETS)[number]['what']): boolean => !a.notCollected.has(what) && !b.notCollected.has(what);
  const empty = { added: [], removed: [] };
  const out: NodeFactsCompare = {
    facts: valueChanges(headline(a.facts), headline(b.facts)),
    sysctl: a.sysctl && b.sysctl ? valueChanges(a.sysctl, b.sysctl) : [],
    notCollected,
    modules: compared('kernel modules') ? setChange(a.facts.kernelModules, b.facts.kernelModules) : empty,
    cmdline: compared('kernel command line') ? setChange(a.facts.kernelCmdline, b.facts.kernelCmdline) : empty,
    mounts: compared('mounts') ? setChange(a.mounts, b.mounts) : empty,
    identical: true,
  };
  out.identical =
    out.facts.length === 0 &&
    out.sysctl.length === 0 &&
    out.notCollected.length === 0 &&
    setIsEmpty(out.modules) &&
    setIsEmpty(out.cmdline) &&
    setIsEmpty(out.mounts);
  return out;
}
