import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateMasker } from '../../main/engine/compare/templates';

/** Real lines from the repository's log fixtures: the same message at two times is one template. */
const lines = (rel: string): string[] =>
  fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', rel), 'utf8').split('\n').filter(Boolean);

describe('log message templates', () => {
  const mask = templateMasker('worker-3');

  it('gives two CoreDNS readiness lines at different times one template, and keeps the words', () => {
    const [, second, third] = lines('logs/cri-containerd-coredns.log');
    expect(mask(second)).toBe(mask(third));
    expect(mask(second)).toBe('<time> stdout F [INFO] plugin/ready: Still waiting on: "kubernetes"');
  });

  it('masks the node name, pids, times, container ids and numbers of dockerd lines, not the message', () => {
    const [, kill, force] = lines('logs/syslog-rsyslog-messages.log');
    expect(mask(kill)).toBe('<time> <node> dockerd[<n>]: time="<*>" level=info msg="Container <hex> failed to exit within <n> seconds of kill - trying direct SIGKILL"');
    expect(mask(force)).not.toBe(mask(kill));
  });

  it('masks IPs, ports and paths', () => {
    expect(mask('dial tcp 10.0.0.5:9980: connect: connection refused')).toBe('dial tcp <ip>: connect: connection refused');
    expect(mask('open /var/lib/kubelet/pods/x/volumes: no such file')).toBe('open <path>: no such file');
    expect(mask('podUID=74b53336-ddca-47c4-a281-49118930aa12 addr=0x7f3a')).toBe('podUID=<uuid> addr=<hex>');
  });

  it('keeps the messages of one kubelet journal apart', () => {
    const kubelet = lines('logs/kubelet-journal-short-precise.log');
    const errors = kubelet.filter((l) => l.includes('"Error syncing pod, skipping"'));
    const probes = kubelet.filter((l) => l.includes('"Probe failed"'));
    expect(errors.length).toBeGreaterThan(1);
    expect(probes.length).toBeGreaterThan(0);
    expect(new Set(errors.map(templateMasker('worker-7.demo.internal'))).size).toBe(1);
    expect(mask(errors[0])).not.toBe(mask(probes[0]));
  });

  it('cuts a huge line to a bounded template', () => {
    expect(mask('x'.repeat(1_000_000)).length).toBeLessThanOrEqual(401);
  });
});
