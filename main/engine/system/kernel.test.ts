import { describe, expect, it } from 'vitest';
import { systemFixture } from './fixture';
import { parseCmdline, parseKernelRelease, parseModules, releaseFromProcVersion, releaseFromUname } from './kernel';

describe('kernel version', () => {
  it('field case 7: 3.10.0-862.el7 is a 3.10 kernel of RHEL/CentOS 7', () => {
    expect(parseKernelRelease('3.10.0-862.el7.x86_64')).toEqual({
      release: '3.10.0-862.el7.x86_64',
      major: 3,
      minor: 10,
      patch: 0,
      distro: 'el7',
    });
  });

  it('reads the distribution tag of other common kernels', () => {
    expect(parseKernelRelease('5.15.0-91-generic')!.distro).toBe('generic');
    expect(parseKernelRelease('4.14.193-149.317.amzn2.x86_64')!.distro).toBe('amzn2');
    expect(parseKernelRelease('4.18.0-305.el8_4.x86_64')!.distro).toBe('el8_4');
    expect(parseKernelRelease('6.1.0')!.distro).toBeNull();
    expect(parseKernelRelease('not a kernel')).toBeNull();
  });

  it('takes the release from uname -a and from /proc/version of the build VM, and they agree', () => {
    const fromUname = releaseFromUname(systemFixture('this-vm/node/uname.txt'));
    const fromProc = releaseFromProcVersion(systemFixture('this-vm/proc/version'));
    expect(fromUname).toBe(fromProc);
    expect(parseKernelRelease(fromUname!)).toMatchObject({ major: 6, minor: 18, patch: 44 });
  });
});

describe('/proc/modules', () => {
  // The line format of kernel/module/procfs.c m_show: name, size, refcount, users ("-" for none, else
  // "a,b,"), state, address (0 without CAP_SYSLOG), taint flags.
  const text =
    'nf_conntrack 139264 5 xt_conntrack,nf_nat,nf_conntrack_netlink,xt_MASQUERADE, Live 0x0000000000000000\n' +
    'overlay 126976 12 - Live 0x0000000000000000\n' +
    'kagent 12288 0 - Loading 0x0000000000000000 (OE)\n';

  it('reads name, size, users, state and taint', () => {
    const m = parseModules(text);
    expect(m.map((x) => x.name)).toEqual(['nf_conntrack', 'overlay', 'kagent']);
    expect(m[0]!.usedBy).toEqual(['xt_conntrack', 'nf_nat', 'nf_conntrack_netlink', 'xt_MASQUERADE']);
    expect(m[1]).toMatchObject({ size: 126976, refcount: 12, usedBy: [], state: 'Live', taint: '' });
    expect(m[2]).toMatchObject({ state: 'Loading', taint: 'OE' });
  });
});

describe('/proc/cmdline of the build VM', () => {
  it('splits parameters, keeping key=value pairs whole', () => {
    const p = parseCmdline(systemFixture('this-vm/proc/cmdline'));
    expect(p).toContain('psi=1');
    expect(p).toContain('quiet');
    expect(p[0]).toBe('mitigations=auto,no_guest_host,no_guest_guest');
  });

  it('keeps a quoted value with spaces as one parameter', () => {
    expect(parseCmdline('ro dyndbg="file drivers/x.c +p" quiet')).toEqual(['ro', 'dyndbg="file drivers/x.c +p"', 'quiet']);
  });
});
