import { describe, expect, it } from 'vitest';
import { createSystemApi, systemReport } from './api';
import { addBundle, artifactsFromTree, fixtureDir, memoryWorkspace } from './testing/bundle';

const vm = artifactsFromTree(fixtureDir('system', 'this-vm'));

describe('system(bundle) over the build VM capture', () => {
  const db = memoryWorkspace();
  const id = addBundle(db, vm, { hostname: 'vm', cgroupVersion: '1' });
  const report = systemReport(db, id);

  it('gives the CPU split of the interval between the two samples', () => {
    expect(report.cpu).toMatchObject({ basis: 'interval', cpuCount: 2, artifacts: ['proc/stat.1', 'proc/stat.2'] });
    expect(report.cpu!.intervalSeconds).toBeGreaterThan(0);
  });

  it('gives disk rates over the same interval, vda having written 64 MiB', () => {
    const vda = report.disks!.devices.find((d) => d.device === 'vda')!;
    expect(report.disks!.intervalSeconds).toBe(report.cpu!.intervalSeconds);
    expect(vda.rates!.writeKBPerSec * report.disks!.intervalSeconds!).toBeGreaterThanOrEqual(65536);
  });

  it('gives memory, load, pressure, cgroups, df and the kernel limits', () => {
    expect(report.memory!.totalKB).toBeGreaterThan(0);
    expect(report.load!.threads).toBeGreaterThan(0);
    expect(report.pressure.map((p) => p.resource).sort()).toEqual(['cpu', 'io', 'memory']);
    expect(report.cgroups.length).toBeGreaterThan(5);
    expect(report.diskUsage.find((d) => d.mountedOn === '/')).toBeDefined();
    expect(report.limits.map((l) => l.name)).toEqual([
      'memory (MemAvailable)',
      'open files (fs.file-nr)',
      'pids (kernel.pid_max)',
      'conntrack entries (nf_conntrack_max)',
    ]);
    expect(report.limits.every((l) => !l.nearExhaustion)).toBe(true);
  });

  it('gives node facts from uname, os-release, timezone, versions, cmdline, sysctl and mounts', () => {
    expect(report.facts.kernel).toMatchObject({ major: 6, minor: 18 });
    expect(report.facts.os).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(report.facts.timezone).toBe('Etc/UTC');
    expect(Object.keys(report.facts.versions)).toEqual(['kubectl', 'docker', 'etcd', 'iptables', 'ipvsadm']);
    expect(report.facts.kernelCmdline).toContain('psi=1');
    expect(report.facts.sysctlCount).toBeGreaterThan(1000);
    expect(report.facts.mountCount).toBeGreaterThan(10);
    expect(report.facts.facts).toEqual({ hostname: 'vm', cgroupVersion: '1' });
  });

  it('says what this VM did not have, and nothing else', () => {
    expect(report.missing).toEqual(['proc/modules']);
    expect(report.problems).toEqual([]);
  });
});

describe('a bundle collected with --root: no live data', () => {
  it('returns what exists, names what is missing and does not throw', async () => {
    const db = memoryWorkspace();
    const files = vm.filter((a) => ['proc/meminfo', 'proc/stat.1', 'etc/os-release'].includes(a.path));
    const id = addBundle(db, files);
    const r = await createSystemApi(db).system(id);
    expect(r.cpu!.basis).toBe('since-boot');
    expect(r.disks).toBeNull();
    expect(r.memory).not.toBeNull();
    expect(r.missing).toEqual(
      expect.arrayContaining(['proc/diskstats', 'proc/loadavg', 'df -P', 'df -Pi', 'uname -a', 'proc/pressure (kernel 4.20+ with PSI)']),
    );
  });

  it('reports malformed artifacts as problems', () => {
    const db = memoryWorkspace();
    const bad = (path: string, kind: string): { path: string; kind: string; bytes: Buffer } => ({
      path,
      kind,
      bytes: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]),
    });
    const id = addBundle(db, [bad('proc/meminfo', 'proc-meminfo'), bad('proc/stat', 'proc-stat'), bad('proc/loadavg', 'proc-loadavg')]);
    const r = systemReport(db, id);
    expect(r.memory).toBeNull();
    expect(r.cpu).toBeNull();
    expect(r.problems).toHaveLength(3);
  });
});

describe('limits close to exhaustion', () => {
  it('memory 95% in use, a nearly full conntrack table and an exhausted inode table are flagged', () => {
    const db = memoryWorkspace();
    const t = (path: string, kind: string, text: string): { path: string; kind: string; bytes: Buffer } => ({ path, kind, bytes: Buffer.from(text) });
    const id = addBundle(db, [
      t('proc/meminfo', 'proc-meminfo', 'MemTotal:        8000000 kB\nMemFree:           90000 kB\nMemAvailable:     400000 kB\n'),
      t('proc/sys/net/netfilter/nf_conntrack_count', 'nf-conntrack', '262000\n'),
      t('proc/sys/net/netfilter/nf_conntrack_max', 'nf-conntrack', '262144\n'),
      t('node/df-inodes.txt', 'df-inodes', 'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/sda1 100 98 2 98% /var\n'),
    ]);
    const near = systemReport(db, id).limits.filter((l) => l.nearExhaustion).map((l) => l.name);
    expect(near).toEqual(['memory (MemAvailable)', 'conntrack entries (nf_conntrack_max)', 'inodes /var']);
  });
});

describe('full filesystems that are meant to be full', () => {
  it("a snap's squashfs image and a tmpfs at 100% are not limits; a full /var is (as the disk-full rule decides)", () => {
    const db = memoryWorkspace();
    const t = (path: string, kind: string, text: string): { path: string; kind: string; bytes: Buffer } => ({ path, kind, bytes: Buffer.from(text) });
    const id = addBundle(db, [
      t(
        'node/df.txt',
        'df',
        'Filesystem 1024-blocks Used Available Capacity Mounted on\n' +
          '/dev/loop3 63488 63488 0 100% /snap/core20/1328\n' +
          '/dev/mapper/img 4096 4096 0 100% /media/image\n' +
          'tmpfs 1024 1024 0 100% /run/user/0\n' +
          '/dev/sda2 1000 990 10 99% /var\n',
      ),
      t('proc/mounts', 'mounts', '/dev/mapper/img /media/image squashfs ro,relatime 0 0\n/dev/sda2 /var ext4 rw 0 0\n'),
    ]);
    const report = systemReport(db, id);
    expect(report.limits.map((l) => l.name)).toEqual(['disk /var']);
    expect(report.diskUsage).toHaveLength(4);
  });
});
