import { describe, expect, it } from 'vitest';
import { parseDf } from './df';
import { systemFixture } from './fixture';
import { fsLimits } from './limits';

describe('df -P and df -Pi of the build VM', () => {
  it('reads every filesystem with size, used, available and use%', () => {
    const rows = parseDf(systemFixture('this-vm/node/df.txt'));
    const root = rows.find((r) => r.mountedOn === '/')!;
    expect(root.filesystem).toBe('/dev/vda');
    expect(root.usePercent).toBe(Math.ceil((root.used / (root.used + root.available)) * 100));
  });

  it('reads inode counts the same way', () => {
    const rows = parseDf(systemFixture('this-vm/node/df-inodes.txt'));
    expect(rows.find((r) => r.mountedOn === '/')!.size).toBeGreaterThan(1_000_000);
    expect(fsLimits(rows, 'inodes', 'node/df-inodes.txt')).toEqual([]);
  });
});

describe('a node out of inodes (field case 7 checks df -i before blaming cgroups)', () => {
  // coreutils df -Pi output format; /var/lib/docker at 100% of its inodes.
  const text =
    'Filesystem      Inodes   IUsed IFree IUse% Mounted on\n' +
    '/dev/sda1      6553600 6553600     0  100% /var/lib/docker\n' +
    '/dev/sda2      1310720   52000 1258720    4% /\n' +
    'nas:/export    100 1 99 1% /mnt/with space\n' +
    'proc                 0       0     0     - /proc\n';

  it('names the exhausted mount as a limit and keeps mount points with spaces whole', () => {
    const rows = parseDf(text);
    expect(rows.map((r) => r.mountedOn)).toEqual(['/var/lib/docker', '/', '/mnt/with space', '/proc']);
    const limits = fsLimits(rows, 'inodes', 'node/df-inodes.txt');
    expect(limits.map((l) => l.name)).toEqual(['inodes /var/lib/docker']);
    expect(limits[0]!.share).toBe(1);
    expect(rows.find((r) => r.mountedOn === '/proc')!.usePercent).toBeNull();
  });
});
