import type { FsUsage } from '../../../shared/api/system';
import { fields, num, numberedLines } from './text';

/** A filesystem's row of df and the line it is on (1-based). */
export interface DfRow {
  usage: FsUsage;
  line: number;
}

/**
 * `df -P` (Filesystem 1024-blocks Used Available Capacity Mounted on) and `df -Pi` (Filesystem Inodes
 * IUsed IFree IUse% Mounted on): the same six columns. A mount point may contain spaces: it is the rest.
 */
export function parseDf(text: string): FsUsage[] {
  return parseDfRows(text).map((r) => r.usage);
}

/** Filesystems whose fullness says nothing: read-only images (a snap's squashfs is always 100%), memory, container layers. */
const IMAGE_OR_MEMORY_FS_TYPES = new Set(['squashfs', 'iso9660', 'tmpfs', 'devtmpfs', 'overlay', 'ramfs', 'nsfs', 'proc', 'sysfs', 'cgroup', 'cgroup2']);

/** Whether a df row's fullness means something; fsType from /proc/mounts when the bundle has it. */
export function fullnessMatters(row: FsUsage, fsType: string | undefined): boolean {
  return !IMAGE_OR_MEMORY_FS_TYPES.has(fsType ?? '') && !/^(?:\/dev\/loop|tmpfs$|overlay$|shm$)/.test(row.filesystem);
}

/** parseDf's rows with their lines: a rule quotes a row's own line without searching for it. */
export function parseDfRows(text: string): DfRow[] {
  const out: DfRow[] = [];
  for (const { text: line, line: number } of numberedLines(text)) {
    const f = fields(line);
    if (f.length < 6 || f[0] === 'Filesystem') continue;
    const [size, used, available] = [num(f[1]), num(f[2]), num(f[3])];
    if (size === null || used === null || available === null) continue;
    const pct = /^(\d+)%$/.exec(f[4] as string);
    out.push({
      usage: { filesystem: f[0] as string, mountedOn: f.slice(5).join(' '), size, used, available, usePercent: pct ? Number(pct[1]) : null },
      line: number,
    });
  }
  return out;
}
