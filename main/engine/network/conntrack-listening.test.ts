import { describe, expect, it } from 'vitest';
import { conntrackUsage, parseConntrackStats, parseProcNumber, sumConntrackStats } from './conntrack';
import { networkFixture } from './fixtures';
import { parseListening, splitLocal } from './listening';

describe('conntrack -S and nf_conntrack_count/max (from a netns here)', () => {
  it('reads one line of counters per cpu', () => {
    const perCpu = parseConntrackStats(networkFixture('netns-conntrack-S.txt'));
    expect(perCpu.map((c) => c.cpu)).toEqual([0, 1]);
    expect(Object.keys(perCpu[0].counters)).toEqual([
      'found', 'invalid', 'insert', 'insert_failed', 'drop', 'early_drop', 'error', 'search_restart', 'clash_resolve', 'chaintoolong',
    ]);
  });

  it('sums the cpus, so drops on a full table show up as one number', () => {
    const text = networkFixture('netns-conntrack-S.txt').replace('cpu=1   \tfound=0 invalid=0 insert=0 insert_failed=0 drop=0', 'cpu=1   \tfound=0 invalid=0 insert=0 insert_failed=7 drop=7');
    const totals = sumConntrackStats(parseConntrackStats(text));
    expect(totals.drop).toBe(7);
    expect(totals.insert_failed).toBe(7);
    expect(totals.invalid).toBe(0);
  });

  it('keeps a counter named like an object property as an ordinary counter', () => {
    const [c] = parseConntrackStats('cpu=0 __proto__=5 drop=1\n');
    expect(Object.keys(c.counters)).toEqual(['__proto__', 'drop']);
    expect(sumConntrackStats([c, c])).toEqual(Object.fromEntries([['__proto__', 10], ['drop', 2]]));
  });

  it('computes usage from the /proc numbers', () => {
    const count = parseProcNumber(networkFixture('netns-nf_conntrack_count'));
    const max = parseProcNumber(networkFixture('netns-nf_conntrack_max'));
    expect([count, max]).toEqual([7, 262144]);
    expect(conntrackUsage(count, max)).toBeCloseTo(7 / 262144);
    expect(conntrackUsage(null, max)).toBeNull();
    expect(parseProcNumber('cat: No such file or directory')).toBeNull();
  });
});

describe('listening sockets', () => {
  it('reads ss -lntup with process, pid and fd', () => {
    const v = parseListening(networkFixture('netns-ss-lntup.txt'), 'node/ss-listening.txt');
    expect(v.format).toBe('ss');
    expect(v.sockets.map((s) => `${s.protocol} ${s.state} ${s.localAddress} ${s.localPort}`)).toEqual([
      'udp UNCONN 0.0.0.0 5353',
      'tcp LISTEN 0.0.0.0 8080',
      'tcp LISTEN fd00:10::5 8080',
    ]);
    expect(v.sockets[2]).toMatchObject({ sendQ: 8, peer: '[::]:*', line: 4, processes: [{ name: 'python3', pid: 10859, fd: 5 }] });
  });

  it('reads netstat -lntup, where udp has no state', () => {
    const v = parseListening(networkFixture('netns-netstat-lntup.txt'), 'node/netstat.txt');
    expect(v.format).toBe('netstat');
    expect(v.sockets.map((s) => `${s.protocol} ${s.state} ${s.localAddress} ${s.localPort} ${s.processes[0]?.name}`)).toEqual([
      'tcp LISTEN 0.0.0.0 8080 python3',
      'tcp6 LISTEN fd00:10::5 8080 python3',
      'udp null 0.0.0.0 5353 python3',
    ]);
    expect(v.sockets[0].processes[0].pid).toBe(10859);
  });

  it('splits the address forms ss and netstat print', () => {
    expect(splitLocal(':::22')).toEqual({ address: '::', port: '22' });
    expect(splitLocal('*:22')).toEqual({ address: '*', port: '22' });
    expect(splitLocal('127.0.0.53%lo:53')).toEqual({ address: '127.0.0.53%lo', port: '53' });
  });
});
