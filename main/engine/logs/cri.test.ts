import { describe, expect, it } from 'vitest';
import { context, fixtureLines, parseAll } from '../../../test/fixtures/logs/read';
import { criFormat } from './cri';
import { dockerJsonFormat } from './docker-json';

// A CoreDNS log (make-twins.mjs) as containerd, CRI-O and docker's json-file driver write it
// (make-container-logs.go). Moby's JSON carries each line's time for an independent check.
const docker = fixtureLines('docker-json-coredns.log');
const dockerEntries = docker.map((l) => JSON.parse(l) as { log: string; stream: string; time: string });
const truth = dockerEntries.map((e) => Math.floor(Date.parse(e.time)));
const podPath = 'logs/pods/kube-system_coredns-b96499967-tncf4_8a1c6fd4-8f0f-4a4e-9f2c-0d9bdb3b2e11/coredns/0.log';

describe('cri-log: containerd and CRI-O container logs', () => {
  const containerd = parseAll(criFormat, fixtureLines('cri-containerd-coredns.log'), context({ artifactPath: podPath }));
  const crio = parseAll(criFormat, fixtureLines('cri-crio-coredns.log'), context({ artifactPath: podPath }));

  it("reads containerd's trimmed RFC3339Nano and conmon's +08:00 nanoseconds to the same instants", () => {
    expect(containerd.map((p) => p.ts)).toEqual(truth);
    expect(crio.map((p) => p.ts)).toEqual(truth);
  });

  it('names the pod log "<namespace>/<pod>/<container>" from its kubelet path', () => {
    expect(new Set(containerd.map((p) => p.source))).toEqual(new Set(['kube-system/coredns-b96499967-tncf4/coredns']));
    const link = 'logs/containers/coredns-b96499967-tncf4_kube-system_coredns-0f8c2a3a1b5d4e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7.log';
    expect(criFormat.parse(fixtureLines('cri-containerd-coredns.log')[0], context({ artifactPath: link })).source).toBe(
      'kube-system/coredns-b96499967-tncf4/coredns',
    );
  });

  it("reads CoreDNS's [FATAL] plugin/loop, [ERROR] plugin/errors, [WARNING] and [INFO], and a panic", () => {
    const lines = fixtureLines('cri-containerd-coredns.log');
    const levelOf = (needle: string) => containerd[lines.findIndex((l) => l.includes(needle))].level;
    expect(levelOf('[FATAL] plugin/loop: Loop')).toBe('fatal');
    expect(levelOf('[ERROR] plugin/errors: 2 example.org.')).toBe('error');
    expect(levelOf('[WARNING] No files matching')).toBe('warning');
    expect(levelOf('[INFO] plugin/ready')).toBe('info');
    expect(levelOf('stderr P panic: ')).toBe('fatal');
    expect(levelOf('CoreDNS-1.10.1')).toBeNull();
  });

  it('keeps both parts of a line the runtime cut at 16 KiB (P then F) at the same time', () => {
    const lines = fixtureLines('cri-containerd-coredns.log');
    const partial = lines.findIndex((l) => / stderr P /.test(l));
    expect(lines[partial + 1]).toMatch(/ stderr F x+$/);
    expect(containerd[partial + 1].ts).toBe(containerd[partial].ts);
  });

  it('does not sniff docker JSON or journal lines as CRI', () => {
    expect(criFormat.sniff(fixtureLines('cri-crio-coredns.log').slice(0, 20))).toBe(true);
    expect(criFormat.sniff(docker.slice(0, 20))).toBe(false);
    expect(criFormat.sniff(fixtureLines('journal-short-iso-precise-shanghai.log'))).toBe(false);
  });
});

describe('docker-json-log: docker json-file driver', () => {
  const dockerPath = 'logs/docker/10f0451e1345c5a2b7ad3e6f9f1a0b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2-json.log';
  const parsed = parseAll(dockerJsonFormat, docker, context({ artifactPath: dockerPath }));

  it('takes the time of every line, the 16 KiB parts included', () => {
    expect(parsed.map((p) => p.ts)).toEqual(truth);
  });

  it('names the container by the short id dockerd prints ("Container 10f0451e1345 failed to exit")', () => {
    expect(new Set(parsed.map((p) => p.source))).toEqual(new Set(['10f0451e1345']));
  });

  it('reads levels from the logged text, escaped as JSON', () => {
    const levelOf = (needle: string) => parsed[dockerEntries.findIndex((e) => e.log.includes(needle))].level;
    expect(levelOf('[FATAL] plugin/loop')).toBe('fatal');
    expect(levelOf('[ERROR] plugin/errors')).toBe('error');
    expect(levelOf('panic: ')).toBe('fatal');
    const logrus = '{"log":"time=\\"2026-11-05T09:51:02Z\\" level=error msg=\\"failed to stop\\"\\n","stream":"stderr","time":"2026-11-05T09:51:02.5Z"}';
    expect(dockerJsonFormat.parse(logrus, context())).toMatchObject({ ts: Date.parse('2026-11-05T09:51:02.500Z'), level: 'error' });
  });
});

describe('container logs of programs that stamp their own lines (etcd 3.4 as a static pod)', () => {
  // etcd 3.4.23's own capnslog and raft lines (run here), wrapped as containerd's CRI logger and moby's
  // json-file driver write a container's stderr
  const etcd = fixtureLines('etcd-3.4-capnslog.log');
  const levels = etcd.map((l) => (l.includes(' W | ') ? 'warning' : 'info'));
  const etcdPod = 'logs/pods/kube-system_etcd-node-1_0b6a1e3c-4d5f-4a6b-8c7d-9e0f1a2b3c4d/etcd/0.log';

  it("reads capnslog's level letter and the raft logger's word after the program's own stamp (CRI)", () => {
    const cri = etcd.map((l) => `2026-12-07T05:16:22.900000000Z stderr F ${l}`);
    expect(parseAll(criFormat, cri, context({ artifactPath: etcdPod })).map((p) => p.level)).toEqual(levels);
  });

  it('does the same in docker json-file lines', () => {
    const json = etcd.map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2026-12-07T05:16:22.9Z' }));
    expect(parseAll(dockerJsonFormat, json, context({ artifactPath: 'logs/docker/x-json.log' })).map((p) => p.level)).toEqual(levels);
  });
});
