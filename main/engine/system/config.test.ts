import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedText } from '../../../test/support/shared-fixtures';
import { osName, parseMounts, parseOsRelease, parseSysctl, parseTimezone, parseVersions } from './config';
import { systemFixture } from './fixture';

describe('node configuration files of the build VM', () => {
  it('os-release: unquotes values and names the OS', () => {
    const r = parseOsRelease(systemFixture('this-vm/etc/os-release'));
    expect(r.ID).toBe('debian');
    expect(r.VERSION_ID).toBe('12');
    expect(osName(r)).toBe('Debian GNU/Linux 12 (bookworm)');
  });

  it('sysctl -a: every `key = value` line', () => {
    const text = systemFixture('this-vm/node/sysctl.txt');
    const s = parseSysctl(text);
    expect(s.map((x) => x.key)).toEqual(text.split('\n').filter((l) => l.includes(' = ') || l.endsWith(' =')).map((l) => l.split(' =')[0]));
    expect(s.find((x) => x.key === 'kernel.pid_max')?.value).toBe(systemFixture('this-vm/proc/sys/kernel/pid_max').trim());
  });

  const pathForms = [
    { from: 'this machine, capture-proc-sys-paths.sh', skip: false, text: () => systemFixture('this-vm-proc-sys-paths.txt') },
    { from: 'troubleshoot k3s node, ../shared', skip: !hasSharedFixtures, text: () => readSharedText('proc/troubleshoot-k3s-node-sysctl.txt') },
  ];
  for (const f of pathForms) {
    it.skipIf(f.skip)(`sysctl as /proc/sys paths (${f.from}): keys in dotted form`, () => {
      const s = parseSysctl(f.text());
      expect(s.find((x) => x.key === 'net.ipv4.conf.all.accept_local')?.value).toBe('0');
      expect(s.length).toBeGreaterThan(700);
      expect(s.some((x) => x.key.startsWith('/'))).toBe(false);
    });
  }

  it('mounts: device, mount point, type and options', () => {
    const m = parseMounts(systemFixture('this-vm/proc/mounts'));
    expect(m.find((x) => x.mountPoint === '/proc')).toMatchObject({ device: 'proc', fsType: 'proc' });
    expect(m.filter((x) => x.fsType === 'cgroup').map((x) => x.mountPoint)).toContain('/sys/fs/cgroup/memory');
  });

  it('mounts: decodes the octal escape of a space', () => {
    expect(parseMounts('/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0\n')[0]!.mountPoint).toBe('/mnt/my disk');
  });

  it('timezone.txt: the zone on its first line, timedatectl noise after it ignored', () => {
    expect(parseTimezone(systemFixture('this-vm/node/timezone.txt'))).toBe('Etc/UTC');
    expect(parseTimezone('+08:00\n')).toBe('+08:00');
    expect(parseTimezone('System has not been booted with systemd\n')).toBeNull();
    expect(parseTimezone('unknown\n')).toBeNull();
  });

  it('versions.txt: one block per installed component, multi-line output kept with its component', () => {
    const v = parseVersions(systemFixture('this-vm/node/versions.txt'));
    expect(Object.keys(v)).toEqual(['kubectl', 'docker', 'etcd', 'iptables', 'ipvsadm']);
    expect(v.kubectl).toMatch(/^Client Version: v1\.\d+\.\d+.*\nKustomize Version: /);
    expect(v.etcd).toMatch(/^etcd Version: 3\.4\.\d+\nGit SHA/);
    expect(v.etcd).toContain('Go Version: go1.');
    expect(v.iptables).toMatch(/^iptables v1\.8\.\d+ \(nf_tables\)$/);
  });

  it('versions.txt: runc’s own "key: value" lines stay in the runc block', () => {
    // runc --version prints its commit, spec and go version as `key: value` lines (runc main.go).
    const text = 'kubelet: Kubernetes v1.12.10\n\nrunc: runc version 1.1.12\ncommit: v1.1.12-0-g51d5e94\nspec: 1.0.2-dev\ngo: go1.20.13\n\ncrio: not installed\n\n';
    const v = parseVersions(text);
    expect(Object.keys(v)).toEqual(['kubelet', 'runc']);
    expect(v.runc).toBe('runc version 1.1.12\ncommit: v1.1.12-0-g51d5e94\nspec: 1.0.2-dev\ngo: go1.20.13');
  });
});
