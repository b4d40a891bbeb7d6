import { describe, expect, it } from 'vitest';
import { netContains, netsOverlap, parseNet, splitHostPort } from './ip';

describe('addresses and networks', () => {
  it('reads IPv4 with prefix lengths and dotted masks', () => {
    expect(parseNet('10.0.0.0/24')).toEqual({ family: 4, base: 0x0a000000n, prefix: 24 });
    expect(parseNet('10.0.0.7/255.255.255.0')).toEqual({ family: 4, base: 0x0a000000n, prefix: 24 });
    expect(parseNet('10.0.0.256')).toBeNull();
    expect(parseNet('10.0.0.0/33')).toBeNull();
  });

  it('reads IPv6 with :: compression and an embedded IPv4 tail', () => {
    expect(parseNet('fd00:10::5')?.base).toBe(0xfd000010000000000000000000000005n);
    expect(parseNet('::1')?.base).toBe(1n);
    expect(parseNet('::ffff:10.0.0.1')?.base).toBe(0xffff0a000001n);
    expect(parseNet('fd00::1::2')).toBeNull();
  });

  it('tells containment and overlap', () => {
    const pods = parseNet('10.0.0.0/24')!;
    expect(netContains(pods, parseNet('10.0.0.9')!)).toBe(true);
    expect(netContains(pods, parseNet('10.0.1.9')!)).toBe(false);
    expect(netContains(parseNet('fd00:10::/64')!, parseNet('fd00:10::5')!)).toBe(true);
    expect(netContains(pods, parseNet('fd00:10::5')!)).toBe(false);
    expect(netsOverlap(parseNet('10.0.0.0/16')!, pods)).toBe(true);
    expect(netsOverlap(parseNet('10.1.0.0/16')!, pods)).toBe(false);
  });

  it('splits host and port of DNAT targets', () => {
    expect(splitHostPort('10.0.1.1:80')).toEqual({ host: '10.0.1.1', port: '80' });
    expect(splitHostPort('[fd00::1]:443')).toEqual({ host: 'fd00::1', port: '443' });
    expect(splitHostPort('fd00::1')).toEqual({ host: 'fd00::1', port: null });
  });
});
