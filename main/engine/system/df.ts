import type { FsUsage } from '../../../shared/api/system';
import { fields, lines, num } from './text';

/**
 * `df -P` (Filesystem 1024-blocks Used Available Capacity Mounted on) and `df -Pi` (Filesystem Inodes
 * IUsed IFree IUse% Mounted on): the same six columns. A mount point may contain spaces: it is the rest.
 */
export function parseDf(text: string): FsUsage[] {
  const out: FsUsage[] = [];
  for (const line of lines(text)) {
    const f = fields(line);
    if (f.length < 6 || f[0] === 'Filesystem') continue;
    const [size, used, available] = [num(f[1]), num(f[2]), num(f[3])];
    if (size === null || used === null || available === null) continue;
    const pct = /^(\d+)%$/.exec(f[4] as string);
    out.push({
      filesystem: f[0] as string,
      mountedOn: f.slice(5).join(' '),
      size,
      used,
      available,
      usePercent: pct ? Number(pct[1]) : null,
    });
  }
  return out;
}
