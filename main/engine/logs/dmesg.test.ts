import { describe, expect, it } from 'vitest';
import { context, fixtureLines, parseAll, sharedLines } from '../../../test/fixtures/logs/read';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures';
import { dmesgFormat } from './dmesg';

// One real ring buffer printed four ways at the same moment (see SOURCES.md), and the node's btime.
const btime = Number(fixtureLines('dmesg-node-btime.txt')[0].split(' ')[1]) * 1000;
const shanghai = context({ artifactPath: 'logs/dmesg.log', timezone: 'Asia/Shanghai', bootTimeMs: btime });
const raw = parseAll(dmesgFormat, fixtureLines('dmesg-raw.log'), shanghai);
const isoForm = parseAll(dmesgFormat, fixtureLines('dmesg-iso-shanghai.log'), shanghai);
const ctimeForm = parseAll(dmesgFormat, fixtureLines('dmesg-ctime-shanghai.log'), shanghai);
const prefixed = parseAll(dmesgFormat, fixtureLines('dmesg-level-prefix.log'), shanghai);

describe('dmesg: the kernel ring buffer', () => {
  it('turns seconds since boot into wall time with the boot time, as dmesg --time-format iso does', () => {
    expect(raw).toHaveLength(isoForm.length);
    for (let i = 0; i < raw.length; i++) {
      // dmesg derives boot time from the clocks, /proc/stat's btime is whole seconds: within a second
      expect(Math.abs((raw[i].ts ?? 0) - (isoForm[i].ts ?? 0))).toBeLessThan(1000);
    }
    expect(raw.every((p) => p.ts !== null && p.source === 'kernel')).toBe(true);
  });

  it("reads dmesg -T's local ctime in the node's zone to the same second as the ISO form", () => {
    expect(ctimeForm.map((p) => p.ts)).toEqual(isoForm.map((p) => Math.floor((p.ts ?? 0) / 1000) * 1000));
  });

  it('has no time for seconds since boot when the boot time is unknown', () => {
    expect(dmesgFormat.parse(fixtureLines('dmesg-raw.log')[0], context()).ts).toBeNull();
  });

  it("takes the level from dmesg -r's priority prefix", () => {
    const lines = fixtureLines('dmesg-level-prefix.log');
    const expected = lines.map((l) => ({ '<4>': 'warning', '<5>': 'info', '<6>': 'info', '<7>': 'debug' })[l.slice(0, 3)]);
    expect(prefixed.map((p) => p.level)).toEqual(expected);
    expect(prefixed.map((p) => p.ts)).toEqual(raw.map((p) => p.ts));
  });

  // The node-problem-detector's kernel samples (../shared) and our twins of them (make-twins.mjs).
  const kernelSamples = [
    { from: 'made here', skip: false, lines: (n: 'hung' | 'aufs' | 'oom' | 'netdev') => fixtureLines({ hung: 'kernel-hung-task-netns.txt', aufs: 'kernel-hung-task-aufs.txt', oom: 'kernel-oom-kill-cgroup.txt', netdev: 'kernel-unregister-netdevice.txt' }[n]) },
    { from: 'node-problem-detector', skip: !hasSharedFixtures, lines: (n: 'hung' | 'aufs' | 'oom' | 'netdev') => sharedLines(`kernel/npd-${{ hung: 'docker_hung', aufs: 'aufs_umount_hung', oom: 'oom_kill', netdev: 'unregister_netdevice' }[n]}.txt`) },
  ];
  for (const k of kernelSamples) {
    it.skipIf(k.skip)(`marks the hung tasks, OOM kills and netdevice leaks the node-problem-detector looks for (${k.from})`, () => {
      const ctx = context({ artifactPath: 'logs/dmesg.log' });
      const hung = parseAll(dmesgFormat, k.lines('hung'), ctx);
      expect(hung[0].level).toBe('error');
      expect(hung.slice(1).every((p) => p.level === null)).toBe(true);
      expect(parseAll(dmesgFormat, k.lines('oom'), ctx).map((p) => p.level)).toEqual(['error', 'error']);
      expect(dmesgFormat.parse(k.lines('netdev')[0], ctx).level).toBe('warning');
      expect(dmesgFormat.parse(`[ 4242.000001] ${k.lines('aufs')[0]}`, shanghai)).toMatchObject({
        ts: btime + 4_242_000,
        source: 'kernel',
        level: 'error',
      });
    });
  }

  it('reads dmesg -x decoded facility and level', () => {
    expect(dmesgFormat.parse('kern  :err   : [  691.697959] EXT4-fs error (device vda): bad block', shanghai)).toMatchObject({
      ts: btime + 691_697,
      source: 'kernel',
      level: 'error',
    });
  });

  it('reads dmesg -x --time-format iso (level and wall time both): the same as -r and iso, line for line', () => {
    // printed later than the others: the ring buffer had grown, its first lines are the same
    const decoded = parseAll(dmesgFormat, fixtureLines('dmesg-decoded-iso-shanghai.log'), context());
    expect(decoded.length).toBeGreaterThanOrEqual(prefixed.length);
    expect(decoded.slice(0, prefixed.length).map((p) => p.level)).toEqual(prefixed.map((p) => p.level));
    expect(decoded.slice(0, isoForm.length).map((p) => p.ts)).toEqual(isoForm.map((p) => p.ts));
  });

  it('sniffs all five printouts as dmesg and journal or syslog lines as not', () => {
    for (const name of ['dmesg-raw.log', 'dmesg-iso-shanghai.log', 'dmesg-ctime-shanghai.log', 'dmesg-level-prefix.log', 'dmesg-decoded-iso-shanghai.log']) {
      expect(dmesgFormat.sniff(fixtureLines(name).slice(0, 20))).toBe(true);
    }
    expect(dmesgFormat.sniff(fixtureLines('journal-short-iso-precise-shanghai.log'))).toBe(false);
    expect(dmesgFormat.sniff(fixtureLines('syslog-rsyslog-messages.log'))).toBe(false);
  });
});

describe('dmesg: records as /dev/kmsg hands them out ("PRI,SEQ,USEC,FLAGS;msg", read here)', () => {
  // the same 12 records through /dev/kmsg and `dmesg -r` (see make-kmsg.sh)
  const kmsg = fixtureLines('kmsg-raw.log');
  const node = context({ artifactPath: 'var/log/kmsg.log', bootTimeMs: btime });
  const parsed = parseAll(dmesgFormat, kmsg, node);

  it('is recognised as the kernel log', () => {
    expect(dmesgFormat.sniff(kmsg)).toBe(true);
  });

  it('turns the microseconds since boot into the time dmesg -r shows for the same record', () => {
    const shown = parseAll(dmesgFormat, fixtureLines('kmsg-dmesg-r.log'), node);
    expect(parsed.map((p) => p.ts)).toEqual(shown.map((p) => p.ts));
    expect(parsed.every((p) => p.ts !== null && p.source === 'kernel')).toBe(true);
  });

  it("takes the level from the record's priority, facility aside, and starts the message after the ';'", () => {
    expect(parsed.map((p) => p.level)).toEqual([...Array(8).fill('info'), 'error', 'error', 'warning', 'info']);
    expect(parsed.map((p, i) => kmsg[i].slice(p.messageAt ?? 0, (p.messageAt ?? 0) + 8))).toContain('Memory c');
    expect(kmsg[0].slice(parsed[0].messageAt)).toBe('total_active_anon 4096');
  });
});
