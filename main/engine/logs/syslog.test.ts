import { describe, expect, it } from 'vitest';
import { context, fixtureLines, iso, parseAll } from '../../../test/fixtures/logs/read';
import { klogFormat } from './klog';
import { syslogFormat } from './syslog';

// rsyslog 8 (traditional file format) fed the seeds' lines by make-syslog.py: a node in Asia/Shanghai
// whose bundle was collected just after midnight on New Year's Day 2027, local time.
const lines = fixtureLines('syslog-rsyslog-messages.log');
const ctx = context({
  artifactPath: 'logs/messages',
  timezone: 'Asia/Shanghai',
  collectedAtMs: Date.parse('2027-01-01T00:05:00+08:00'),
});
const parsed = parseAll(syslogFormat, lines, ctx);

describe('syslog: /var/log/messages', () => {
  it("makes the program tag the source, without the pid (seed 002's dockerd[1751])", () => {
    expect(parsed.map((p) => p.source)).toEqual([
      'kubelet', 'dockerd', 'dockerd', 'containerd', 'kubelet', 'kernel', 'kubelet', 'kubelet', 'sshd',
    ]);
  });

  it("reads the node's local time: dockerd's own zoned stamp agrees with rsyslog's to the second", () => {
    for (const [i, line] of lines.entries()) {
      const own = /time="([^"]+)"/.exec(line);
      if (!own) continue;
      expect(parsed[i].ts).toBe(Math.floor(Date.parse(own[1]) / 1000) * 1000);
    }
  });

  it('puts a December line of a January bundle in the previous year, and a space-padded day right', () => {
    expect(iso(parsed[0].ts)).toBe('2026-11-05T01:50:27.000Z');
    expect(iso(parsed[6].ts)).toBe('2026-12-31T15:59:58.000Z');
    expect(iso(parsed[7].ts)).toBe('2026-12-31T16:00:01.000Z');
  });

  it('takes levels from the messages: klog letters, logrus fields, the kernel OOM killer', () => {
    expect(parsed.map((p) => p.level)).toEqual(['info', 'info', 'info', 'error', 'error', 'error', 'info', 'warning', null]);
  });

  it('reads rsyslog high-precision stamps and kern.log uptime prefixes', () => {
    const kern = context({ artifactPath: 'var/log/kern.log' });
    const p = syslogFormat.parse(
      '2026-11-05T09:51:11.250000+08:00 worker-3 kernel: [12345.678901] INFO: task docker:20744 blocked for more than 120 seconds.',
      kern,
    );
    expect(p).toMatchObject({ ts: Date.parse('2026-11-05T01:51:11.250Z'), source: 'kernel', level: 'error' });
  });

  it('keeps the file as source for lines rsyslog wrote without a tag', () => {
    const p = syslogFormat.parse('Nov  5 09:52:00 worker-3 last message repeated 3 times', ctx);
    expect(p.source).toBe('messages');
    expect(iso(p.ts)).toBe('2026-11-05T01:52:00.000Z');
  });
});

describe('syslog: busybox syslogd (Alpine nodes)', () => {
  // busybox 1.35 syslogd and logger, run here: "Mmm dd hh:mm:ss host facility.level tag: msg"
  const busybox = fixtureLines('syslog-busybox-messages.log');
  const parsed = parseAll(syslogFormat, busybox, context({ artifactPath: 'var/log/messages', collectedAtMs: Date.parse('2026-11-22T06:00:00Z') }));

  it("skips the facility.level to find the program tag (syslogd's own \"syslogd started:\" has none)", () => {
    expect(parsed.map((p) => p.source)).toEqual(['messages', 'kubelet', 'containerd', 'dockerd', 'k3s', 'kernel', 'sshd', 'messages', 'messages']);
  });

  it("takes the message's own level first, else the priority busybox wrote", () => {
    expect(parsed.map((p) => p.level)).toEqual(['info', 'info', 'error', 'info', 'warning', 'fatal', 'info', 'info', 'info']);
  });

  it('agrees with the stamps the programs wrote themselves', () => {
    const i = busybox.findIndex((l) => l.includes('containerd[880]'));
    const own = Date.parse(/time="([^"]+)"/.exec(busybox[i])?.[1] ?? '');
    expect(Math.abs((parsed[i].ts ?? 0) - own)).toBeLessThan(1000);
  });
});

describe('syslog: the wire format, "<PRI>" first (util-linux logger --stderr, run here)', () => {
  // RFC 5424 ("<27>1 2026-12-07T05:18:30.382350+00:00 vm kubelet - SYNC [sd] msg") and RFC 3164 ("<28>Dec  7 …"),
  // as a receiver that keeps the wire format (rsyslog's RSYSLOG_SyslogProtocol23Format) writes them
  const wire = fixtureLines('syslog-logger-wire.log');
  const wireCtx = context({ artifactPath: 'var/log/remote/messages', collectedAtMs: Date.parse('2026-12-07T06:00:00Z') });
  const parsed = parseAll(syslogFormat, wire, wireCtx);

  it('is recognised as syslog', () => {
    expect(syslogFormat.sniff(wire)).toBe(true);
  });

  it('reads the RFC 5424 stamp, and none where the sender put the NILVALUE "-"', () => {
    expect(parsed.map((p) => iso(p.ts))).toEqual([
      '2026-12-07T05:18:30.382Z',
      '2026-12-07T05:18:30.384Z',
      '2026-12-07T05:18:30.390Z',
      '2026-12-07T05:18:30.391Z',
      null,
      '2026-12-07T05:18:30.000Z',
      '2026-12-07T05:18:30.000Z',
    ]);
  });

  it('makes APP-NAME or the RFC 3164 tag the source', () => {
    expect(parsed.map((p) => p.source)).toEqual(['kubelet', 'containerd', 'kernel', 'app', 'notime', 'dockerd', 'sshd']);
  });

  it("takes the message's own level (the kernel's OOM kill too), else the severity of PRI", () => {
    expect(parsed.map((p) => p.level)).toEqual(['error', 'info', 'error', 'warning', 'info', 'warning', 'info']);
  });

  it('starts the message after the structured data', () => {
    expect(parsed.map((p, i) => wire[i].slice(p.messageAt ?? 0, (p.messageAt ?? 0) + 12))).toEqual([
      'pod_workers.',
      'time="2026-1',
      'Memory cgrou',
      'disk almost ',
      'no stamp her',
      'time="2026-1',
      'session open',
    ]);
  });
});

describe('syslog: the night clocks go back (New York, 2026-11-01: 01:00-02:00 is shown twice)', () => {
  // coreutils date's local stamps of a line every 20 minutes; each line ends with its true instant
  const dst = fixtureLines('syslog-dst-new-york.log');
  const truth = dst.map((l) => Date.parse(/utc="([^"]+)"/.exec(l)?.[1] ?? ''));
  const ny = () => context({ artifactPath: 'var/log/messages', timezone: 'America/New_York', collectedAtMs: Date.parse('2026-11-02T00:00:00Z') });

  it('reads the second showing of the hour after the first, so the log stays in order', () => {
    expect(parseAll(syslogFormat, dst, ny()).map((p) => iso(p.ts))).toEqual(truth.map(iso));
  });

  it("reads the klog header's own local stamps the same way", () => {
    const klog = dst.map((l) => l.slice(l.indexOf(': I') + 2));
    expect(parseAll(klogFormat, klog, ny()).map((p) => iso(p.ts))).toEqual(truth.map(iso));
  });

  it('still reads a lone line of that hour as its first showing', () => {
    expect(iso(syslogFormat.parse(dst[4], ny()).ts)).toBe('2026-11-01T05:00:00.000Z');
  });
});
