import { describe, expect, it } from 'vitest';
import { context, fixtureLines, iso, KUBELET_JOURNALS, parseAll } from '../../../test/fixtures/logs/read';
import { journalFormat } from './journal';
import { journalJsonFormat } from './journal-json';

// The same 15 journal entries as journalctl 252 prints them: -o json carries the true instant of each
// (__REALTIME_TIMESTAMP), the short forms print it on the clock of the zone journalctl ran in.
const truth = fixtureLines('journal-json.log').map((l) => {
  const entry = JSON.parse(l) as Record<string, unknown>;
  return Math.floor(Number(entry.__REALTIME_TIMESTAMP) / 1000);
});

describe('journal: journalctl short formats', () => {
  it('reads short-iso-precise stamps with their +0800 offset to the exact UTC millisecond', () => {
    const lines = fixtureLines('journal-short-iso-precise-shanghai.log');
    const parsed = parseAll(journalFormat, lines, context({ artifactPath: 'logs/journal/kubelet.log' }));
    expect(parsed.map((p) => p.ts)).toEqual(truth);
  });

  it('reads short-precise stamps on the node clock (New York) and its year from the collection time', () => {
    const lines = fixtureLines('journal-short-precise-new-york.log');
    const ctx = context({ timezone: 'America/New_York', collectedAtMs: Date.parse('2023-11-11T08:00:00Z') });
    expect(parseAll(journalFormat, lines, ctx).map((p) => p.ts)).toEqual(truth);
  });

  it('reads classic short stamps to the second', () => {
    const lines = fixtureLines('journal-short-utc.log');
    const ctx = context({ timezone: 'UTC', collectedAtMs: Date.parse('2023-11-12T00:00:00Z') });
    const seconds = truth.map((t) => Math.floor(t / 1000) * 1000);
    expect(parseAll(journalFormat, lines, ctx).map((p) => p.ts)).toEqual(seconds);
  });

  it('names every line of a unit export after the unit, and other exports after the program', () => {
    const lines = fixtureLines('journal-short-iso-precise-shanghai.log');
    const ofUnit = parseAll(journalFormat, lines, context({ artifactPath: 'logs/journal/kubelet.service.log' }));
    expect(new Set(ofUnit.map((p) => p.source))).toEqual(new Set(['kubelet']));
    const whole = parseAll(journalFormat, lines, context({ artifactPath: 'journalctl-boot.txt' }));
    expect(whole.map((p) => p.source)).toEqual([...Array(12).fill('kubelet'), 'dockerd', 'kernel', 'containerd']);
  });

  it("gives kubelet lines the level of their klog letter, and reads logrus, kernel and containerd's levels", () => {
    const lines = fixtureLines('journal-short-iso-precise-shanghai.log');
    const parsed = parseAll(journalFormat, lines, context());
    const klogLetters = lines.slice(0, 12).map((l) => / kubelet\[\d+\]: ([IWEF])\d{4} /.exec(l)?.[1]);
    expect(parsed.slice(0, 12).map((p) => p.level)).toEqual(klogLetters.map((c) => (c === 'E' ? 'error' : 'info')));
    expect(parsed.slice(12).map((p) => p.level)).toEqual(['info', 'error', 'warning']);
  });

  for (const k of KUBELET_JOURNALS) {
    it.skipIf(k.skip)(`reads the 50 kubelet lines (short-precise), errors and all (${k.from})`, () => {
      const lines = k.lines();
      const ctx = context({ collectedAtMs: Date.parse('2023-11-10T16:00:00Z'), artifactPath: 'logs/journal/kubelet.log' });
      const parsed = parseAll(journalFormat, lines, ctx);
      expect(iso(parsed[0].ts)).toBe('2023-11-10T14:17:41.900Z');
      expect(parsed.every((p) => p.ts !== null && p.source === 'kubelet')).toBe(true);
      const errors = lines.filter((l) => /: E1110 /.test(l)).length;
      expect(errors).toBeGreaterThan(0);
      expect(parsed.filter((p) => p.level === 'error')).toHaveLength(errors);
    });
  }

  it('keeps banners and continuation lines without a time', () => {
    const ctx = context({ artifactPath: 'logs/journal/containerd.log' });
    expect(journalFormat.parse('-- Boot 5b2f1bd81e6a4bd2a4e0d5e9a1c4a1f3 --', ctx)).toMatchObject({ ts: null, source: 'containerd', level: null });
    expect(journalFormat.parse('                                   goroutine 1 [running]:', ctx).ts).toBeNull();
  });
});

describe('journal-json: journalctl -o json', () => {
  const lines = fixtureLines('journal-json.log');
  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const parsed = parseAll(journalJsonFormat, lines, context());

  it('takes the time from __REALTIME_TIMESTAMP whatever the order of the keys', () => {
    expect(parsed.map((p) => p.ts)).toEqual(truth);
  });

  it('names lines after their unit, or their identifier when journald saw no unit (kernel)', () => {
    expect(parsed.map((p) => p.source)).toEqual(
      entries.map((e) => (e._SYSTEMD_UNIT ? String(e._SYSTEMD_UNIT).replace(/\.service$/, '') : e.SYSLOG_IDENTIFIER)),
    );
  });

  it('prefers the klog letter to the PRIORITY kubelet stderr always gets (6)', () => {
    expect(entries[0].PRIORITY).toBe('6');
    expect(String(entries[0].MESSAGE)).toMatch(/^E1110 /);
    expect(parsed[0].level).toBe('error');
  });

  it('falls back to PRIORITY, and reads a MESSAGE journald stored as bytes', () => {
    expect(entries[13].PRIORITY).toBe('3');
    expect(parsed[13].level).toBe('error');
    expect(Array.isArray(entries[14].MESSAGE)).toBe(true);
    expect(parsed[14]).toMatchObject({ ts: truth[14], source: 'containerd', level: 'warning' });
  });
});

describe('journal-json with spaced keys (older journalctl, sonobuoy systemd_logs)', () => {
  it('sniffs and reads the time, unit and klog level of `"KEY" : "value"` lines', () => {
    const spacedLines = lines().map((l) => JSON.stringify(JSON.parse(l)).replace(/":"/g, '" : "').replace(/","/g, '", "'));
    expect(journalJsonFormat.sniff(spacedLines.slice(0, 5))).toBe(true);
    const p = parseAll(journalJsonFormat, spacedLines, context());
    expect(p.map((x) => x.ts)).toEqual(truth.slice(0, spacedLines.length));
    expect(p[0]?.level).toBe('error');
  });
  function lines(): string[] {
    return fixtureLines('journal-json.log').filter((l) => !/"MESSAGE":\[/.test(l));
  }
});

describe('what a journal line gives the search index', () => {
  it('starts the message at the klog file:line, past the stamps, host, tag, date and thread id', () => {
    const line =
      '2026-11-05T09:50:27.583544+0000 node1 kubelet[548093]: E1105 09:50:27.583544  548093 kubelet.go:1829] skipping pod synchronization';
    const p = journalFormat.parse(line, { artifactPath: 'logs/journal/kubelet.service.log', collectedAtMs: null, timezone: null, bootTimeMs: null });
    expect(line.slice(p.messageAt)).toBe('kubelet.go:1829] skipping pod synchronization');
  });
});

describe('journal: journalctl -o short-unix and -o short-full (journald 252 of the development VM)', () => {
  // five entries, two of them multi-line; -o json holds the instant the short forms print: the sender's
  // (_SOURCE_REALTIME_TIMESTAMP) when it gave one, else journald's
  type Stamps = { _SOURCE_REALTIME_TIMESTAMP?: string; __REALTIME_TIMESTAMP: string };
  const instants = fixtureLines('journal-live.json.log').map((l) => {
    const e = JSON.parse(l) as Stamps;
    return Math.floor(Number(e._SOURCE_REALTIME_TIMESTAMP ?? e.__REALTIME_TIMESTAMP) / 1000);
  });
  const entryTimes = (lines: string[], ctx = context({ artifactPath: 'journalctl.txt' })) =>
    lines.map((l) => journalFormat.parse(l, ctx)).filter((_, i) => !lines[i].startsWith(' '));

  it('are recognised as journal exports', () => {
    for (const name of ['journal-live-short-unix.log', 'journal-live-short-full-utc.log', 'journal-live-short-full-shanghai.log']) {
      expect(journalFormat.sniff(fixtureLines(name)), name).toBe(true);
    }
  });

  it('reads short-unix epoch stamps to the millisecond, with the program as source', () => {
    const parsed = entryTimes(fixtureLines('journal-live-short-unix.log'));
    expect(parsed.map((p) => p.ts)).toEqual(instants);
    expect(parsed.map((p) => p.source)).toEqual(['qa-test', 'kubelet', 'qa-crit', 'qa-gopanic', 'kubelet']);
    expect(parsed.map((p) => p.level)).toEqual([null, 'error', null, 'fatal', 'error']);
  });

  it('reads short-full stamps: UTC as said, a zone abbreviation on the node clock', () => {
    const seconds = instants.map((t) => Math.floor(t / 1000) * 1000);
    expect(entryTimes(fixtureLines('journal-live-short-full-utc.log')).map((p) => p.ts)).toEqual(seconds);
    const shanghai = context({ artifactPath: 'journalctl.txt', timezone: 'Asia/Shanghai' });
    expect(entryTimes(fixtureLines('journal-live-short-full-shanghai.log'), shanghai).map((p) => p.ts)).toEqual(seconds);
  });
});

describe('a stamped line whose message is logfmt (longhorn, logrus): no tag', () => {
  it('takes neither time="2022-03-07T23 nor any other key=value for the identifier', () => {
    const ctx = { artifactPath: 'logs/longhorn-system/instance-manager-e/engine-manager.log', collectedAtMs: null, timezone: null, bootTimeMs: null };
    const line = '2022-03-07T23:00:04.168489881Z [longhorn-instance-manager] time="2022-03-07T23:00:04Z" level=debug msg="Process Manager: got logs"';
    const p = journalFormat.parse(line, ctx);
    expect(p.source).toBeNull();
    expect(line.slice(p.messageAt)).toMatch(/^time="2022-03-07T23:00:04Z" level=debug/);
    const tagged = journalFormat.parse('2022-03-07T23:00:04.168489881Z node1 kubelet[548]: started', ctx);
    expect(tagged.source).toBe('kubelet');
  });
});

describe('a stamped klog line (a container log): no tag', () => {
  it('does not take the hour of the klog header for the identifier', () => {
    const ctx = { artifactPath: 'logs/harvester-system/lb/harvester-load-balancer.log', collectedAtMs: null, timezone: null, bootTimeMs: null };
    const line = '2022-03-06T22:51:40.561343711Z I0306 22:51:40.558178       1 leaderelection.go:243] attempting to acquire leader lease';
    expect(journalFormat.parse(line, ctx).source).toBeNull();
  });
});
