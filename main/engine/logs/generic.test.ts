import { describe, expect, it } from 'vitest';
import { context, fixtureLines, iso, parseAll, sharedLines } from '../../../test/fixtures/logs/read';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures';
import { genericFormat } from './generic';

const ctx = context({ artifactPath: 'all-logs/coredns-b96499967-tncf4/coredns.log' });

describe("log: any text log's time and level", () => {
  // A CoreDNS log of ours (make-twins.mjs) and the real k3d one of ../shared (skipped without it).
  const corednsLogs = [
    { from: 'made here', skip: false, banner: 'CoreDNS-1.10.1', lines: () => fixtureLines('coredns-k3s-style.log') },
    { from: 'troubleshoot k3d, ../shared', skip: !hasSharedFixtures, banner: 'CoreDNS-1.9.1', lines: () => sharedLines('coredns/troubleshoot-k3d-coredns.log') },
  ];
  for (const c of corednsLogs) {
    it.skipIf(c.skip)(`reads a CoreDNS log's levels, counting every [WARNING] and [INFO] (${c.from})`, () => {
      const lines = c.lines();
      const parsed = parseAll(genericFormat, lines, ctx);
      const count = (level: string) => parsed.filter((p) => p.level === level).length;
      expect(count('warning')).toBe(lines.filter((l) => l.startsWith('[WARNING] ')).length);
      expect(count('info')).toBe(lines.filter((l) => l.startsWith('[INFO] ')).length);
      expect(count('warning')).toBeGreaterThan(900);
      expect(parsed[lines.indexOf(c.banner)]).toMatchObject({ ts: null, source: 'coredns.log', level: null });
    });
  }

  const corednsExamples = [
    { from: 'made here', skip: false, lines: (n: 'loop' | 'errors') => fixtureLines(n === 'loop' ? 'coredns-loop-fatal.txt' : 'coredns-errors-consolidate.txt') },
    { from: 'CoreDNS README examples, ../shared', skip: !hasSharedFixtures, lines: (n: 'loop' | 'errors') => sharedLines(n === 'loop' ? 'coredns/coredns-loop-readme-fatal-example.txt' : 'coredns/coredns-errors-readme-consolidate-example.txt') },
  ];
  for (const c of corednsExamples) {
    it.skipIf(c.skip)(`reads CoreDNS's [FATAL] plugin/loop and [ERROR] plugin/errors (${c.from})`, () => {
      const loop = `[FATAL] ${c.lines('loop')[0]}`;
      expect(genericFormat.parse(loop, ctx).level).toBe('fatal');
      expect(genericFormat.parse('[ERROR] plugin/errors: 2 example.org. A: read udp 10.0.0.1:53->8.8.8.8:53: i/o timeout', ctx).level).toBe('error');
      const [timeout, summary] = c.lines('errors');
      expect(genericFormat.parse(timeout, ctx).level).toBe('warning');
      expect(genericFormat.parse(summary, ctx).level).toBe('warning');
    });
  }

  it("reads leading ISO, Go log and klog stamps, zone-less ones on the node's clock", () => {
    const node = context({ timezone: 'Asia/Shanghai', collectedAtMs: Date.parse('2026-11-06T00:00:00Z') });
    expect(genericFormat.parse('2026-11-05T09:50:27.583Z ERROR failed', node)).toMatchObject({ ts: Date.parse('2026-11-05T09:50:27.583Z'), level: 'error' });
    expect(iso(genericFormat.parse('2026-11-05 09:50:27,583 WARN  [main] slow', node).ts)).toBe('2026-11-05T01:50:27.583Z');
    expect(iso(genericFormat.parse('2026/11/05 09:50:27 [error] 31#31: *1 connect() failed', node).ts)).toBe('2026-11-05T01:50:27.000Z');
    expect(genericFormat.parse('2026/11/05 09:50:27 [error] 31#31: *1 connect() failed', node).level).toBe('error');
    const klog = genericFormat.parse('E1105 09:50:27.583544  548093 kubelet.go:1829] "Error syncing pod"', node);
    expect(klog).toMatchObject({ ts: Date.parse('2026-11-05T01:50:27.583Z'), source: 'unnamed.log', level: 'error' });
    expect(genericFormat.parse('time="2026-11-05T09:50:28.101928312+08:00" level=warning msg="slow"', node)).toMatchObject({
      ts: Date.parse('2026-11-05T01:50:28.101Z'),
      level: 'warning',
    });
  });

  it('finds a klog header or a shouted level after a prefix, and panics', () => {
    expect(genericFormat.parse('kube-proxy-x7k2p kube-proxy E1105 09:50:27.583544 1 proxier.go:1] sync failed', ctx).level).toBe('error');
    expect(genericFormat.parse('node-agent: request to apiserver FATAL: certificate expired', ctx).level).toBe('fatal');
    expect(genericFormat.parse('panic: runtime error: invalid memory address or nil pointer dereference', ctx).level).toBe('fatal');
    expect(genericFormat.parse('{"level":"error","ts":1605441700.8959095,"msg":"Reconciler error"}', ctx).level).toBe('error');
    expect(genericFormat.parse('goroutine 1 [running]:', ctx).level).toBeNull();
    expect(genericFormat.parse('Errors: 0, ERRORS_TOTAL=0', ctx).level).toBeNull();
  });

  it('reads the time of JSON-lines logs: apiserver audit events, zap and logrus JSON', () => {
    // an audit.k8s.io/v1 Event as the apiserver's JSON audit backend writes it (fields of
    // k8s.io/apiserver/pkg/apis/audit/v1 Event; MicroTime stamps); its "level" is the audit level, no severity
    const audit = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"0d2c4f7e-5b1a-4c3e-9f60-7a8b9c0d1e2f","stage":"ResponseComplete","requestURI":"/readyz","verb":"get","user":{"username":"system:anonymous","groups":["system:unauthenticated"]},"sourceIPs":["10.0.0.7"],"userAgent":"kube-probe/1.28","responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"2026-11-05T01:50:27.583544Z","stageTimestamp":"2026-11-05T01:50:27.585101Z"}';
    expect(genericFormat.parse(audit, ctx)).toMatchObject({ ts: Date.parse('2026-11-05T01:50:27.583Z'), source: 'coredns.log', level: null });
    expect(genericFormat.parse('{"level":"error","ts":1605441700.8959095,"logger":"klog","msg":"Server rejected event"}', ctx)).toMatchObject({ ts: 1605441700895, level: 'error' });
    expect(genericFormat.parse('{"level":"warning","msg":"slow","time":"2026-11-05T09:50:28+08:00"}', ctx)).toMatchObject({ ts: Date.parse('2026-11-05T01:50:28Z'), level: 'warning' });
  });
});

describe('log: go-kit logfmt with the time first (prometheus-node-exporter 1.5, run here)', () => {
  const lines = fixtureLines('node-exporter-logfmt.log');
  const parsed = parseAll(genericFormat, lines, context({ artifactPath: 'var/log/node-exporter.log' }));

  it('reads "ts=" as the time of the line, to the millisecond', () => {
    expect(parsed.map((p) => iso(p.ts))).toEqual(lines.map((l) => /^ts=(\S+)/.exec(l)?.[1] ?? null));
  });

  it('reads level= as the level and starts the message after the stamp', () => {
    expect(parsed.map((p) => p.level)).toEqual(['info', 'info', 'warning', 'error', 'warning', 'error', 'error']);
    expect(parsed.every((p, i) => lines[i].startsWith('caller=', p.messageAt))).toBe(true);
  });
});

describe("log: etcd 3.4's raft lines (Go's log package with a prefix, run here)", () => {
  const lines = fixtureLines('etcd-3.4-capnslog.log');
  const parsed = parseAll(genericFormat, lines, context({ artifactPath: 'var/log/etcd.log' }));
  const own = (l: string) => {
    const raft = /^raft(\d{4})\/(\d\d)\/(\d\d) (\S+) /.exec(l);
    return raft ? `${raft[1]}-${raft[2]}-${raft[3]}T${raft[4]}.000Z` : `${l.slice(0, 10)}T${l.slice(11, 23)}Z`;
  };

  it('reads "raft2026/12/07 05:16:23" as the time of a raft line, as capnslog\'s own stamps', () => {
    expect(lines.filter((l) => l.startsWith('raft')).length).toBeGreaterThan(5);
    expect(parsed.map((p) => iso(p.ts))).toEqual(lines.map(own));
  });

  it("reads the raft logger's level word and capnslog's letter", () => {
    expect(parsed.map((p) => p.level)).toEqual(lines.map((l) => (l.includes(' W | ') ? 'warning' : 'info')));
  });
});

describe('logrus on a terminal (containerd run in the foreground, a container with a TTY)', () => {
  // containerd 1.6.20's own start on a terminal: "ESC[36mINFO ESC[0m[2026-12-07T06:26:49.79Z] msg  ESC[36mkey ESC[0m=…"
  const coloured = fixtureLines('containerd-tty-colours.log');
  const plain = coloured.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
  const said = coloured.map((l) => ({ INFO: 'info', WARN: 'warning', ERRO: 'error' })[/^\x1b\[\d+m([A-Z]{4})/.exec(l)?.[1] ?? ''] ?? null);
  const stamps = coloured.map((l) => Date.parse(/\[(\d{4}-[^\]]+)\]/.exec(l)?.[1] ?? ''));

  it('reads the level word before the stamp, colours or not: a plugin error quoting "FATAL" stays info', () => {
    expect(said.filter((l) => l === 'error')).toHaveLength(1);
    expect(parseAll(genericFormat, coloured, ctx).map((p) => p.level)).toEqual(said);
    expect(parseAll(genericFormat, plain, ctx).map((p) => p.level)).toEqual(said);
  });

  it('reads the stamp in brackets and starts the message after it', () => {
    const parsed = parseAll(genericFormat, plain, ctx);
    expect(parsed.map((p) => p.ts)).toEqual(stamps.map((t) => (Number.isNaN(t) ? null : Math.floor(t))));
    expect(plain[0].slice(parsed[0].messageAt)).toMatch(/^starting containerd /);
  });
});
