import { describe, expect, it } from 'vitest';
import { context, iso, KUBELET_JOURNALS } from '../../../test/fixtures/logs/read';
import { klogFormat } from './klog';

// The klog headers of the kubelet journals (ours, and the real OpenShift one when ../shared is there;
// kubelet runs in UTC), as a kubelet.log file on a node without journald would hold them.
for (const k of KUBELET_JOURNALS) describe.skipIf(k.skip)(`klog: Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg (${k.from})`, () => {
  const klogLines = k.skip ? [] : k.lines().map((l) => l.slice(l.indexOf(']: ') + 3));
  it('reads time and level from the header, the year from the collection time', () => {
    const ctx = context({ artifactPath: 'var/log/kubelet.log', collectedAtMs: Date.parse('2023-11-10T16:00:00Z') });
    const p = klogFormat.parse(klogLines[0], ctx);
    expect(klogLines[0].startsWith('E1110 14:17:41.900391 ')).toBe(true);
    expect(p).toMatchObject({ ts: Date.parse('2023-11-10T14:17:41.900Z'), source: 'kubelet.log', level: 'error' });
  });

  it('reads the local time of the node: a kubelet in Asia/Shanghai writes 8 hours ahead of UTC', () => {
    const ctx = context({ timezone: 'Asia/Shanghai', collectedAtMs: Date.parse('2023-11-11T00:00:00Z') });
    expect(iso(klogFormat.parse(klogLines[0], ctx).ts)).toBe('2023-11-10T06:17:41.900Z');
  });

  it('dates the seed PLEG line of 31 December in the year before a January bundle', () => {
    const pleg = 'I1231 23:59:58.000001  548093 kubelet.go:1829] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m1.5s ago; threshold is 3m0s]';
    const ctx = context({ collectedAtMs: Date.parse('2027-01-01T00:10:00Z') });
    expect(iso(klogFormat.parse(pleg, ctx).ts)).toBe('2026-12-31T23:59:58.000Z');
    expect(iso(klogFormat.parse('W0101 00:00:01.250000  548093 reflector.go:302] watch ended', ctx).ts)).toBe('2027-01-01T00:00:01.250Z');
  });

  it('gives every level letter its level', () => {
    const ctx = context();
    const levels = ['I', 'W', 'E', 'F'].map((c) => klogFormat.parse(`${c}0611 10:00:00.000000    1 x.go:1] m`, ctx).level);
    expect(levels).toEqual(['info', 'warning', 'error', 'fatal']);
  });

  it('leaves glog banners and stack continuation lines without a time', () => {
    const ctx = context();
    expect(klogFormat.parse('Log file created at: 2019/06/11 10:00:00', ctx).ts).toBeNull();
    expect(klogFormat.parse('goroutine 1 [running]:', ctx)).toMatchObject({ ts: null, source: 'unnamed.log', level: null });
  });

  it('sniffs a glog file with its banner as klog, and journal lines as not klog', () => {
    const banner = ['Log file created at: 2019/06/11 10:00:00', 'Running on machine: node-1', 'Binary: Built with gc go1.12 for linux/amd64', 'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg'];
    expect(klogFormat.sniff([...banner, ...klogLines.slice(0, 5)])).toBe(true);
    expect(klogFormat.sniff(k.lines().slice(0, 5))).toBe(false);
  });
});
