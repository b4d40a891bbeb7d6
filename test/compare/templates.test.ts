import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateMasker } from '../../main/engine/compare/templates';
import { hasSharedFixtures, sharedFixturesDir } from '../support/shared-fixtures';
import { regexTemplateMasker } from './template-regex';

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

/** Every text line of a folder's files (archives and binaries left out), with the file it came from. */
function textLines(dir: string): { file: string; line: string }[] {
  const out: { file: string; line: string }[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).size < 8 * 2 ** 20) {
        const data = fs.readFileSync(p);
        if (data.subarray(0, 4096).includes(0)) continue;
        for (const line of data.toString('utf8').split('\n')) out.push({ file: path.relative(dir, p), line });
      }
    }
  };
  walk(dir);
  return out;
}

/** Lines made of the pieces each part of the mask turns on, in random order (a fixed seed). */
function trickyLines(count: number, seed: number): string[] {
  const pieces = [
    '0', '7', '12', '123', '1234', '2024', '-', ':', '.', ',', ' ', '  ', 'T', 'Z', '+', '/', '//', '[', ']', '=', '"', "'", '\\',
    '\\"', 'msg=', 'message=', 'err=', 'error=', 'xerr=', 'key=', 'x', 'g', '_', '0x', 'ff', 'deadbeef', 'ABCDEF', 'Jan', 'May', 'Dec',
    'Sep', 'Mon', '\r', '\u2028', '\u00a0', '\t', 'é', 'worker-3', 'worker-3.demo', '@', 'var', 'lib', '10.0.0.5', '2024-05-01T10:00:00',
    '10:00:00', '74b53336-ddca-47c4-a281-49118930aa12', '/24', ':9980', '.123', '+02:00', '+0200',
  ];
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = '';
    for (let k = 1 + next(24); k > 0; k--) line += pieces[next(pieces.length)];
    lines.push(line);
  }
  return lines;
}

describe('the one-pass masker equals the regular expression that defines templates', () => {
  const node = 'worker-3';
  const fast = templateMasker(node);
  const reference = regexTemplateMasker(node);
  const firstDifference = (lines: { file: string; line: string }[]): string | null => {
    for (const { file, line } of lines) if (fast(line) !== reference(line)) return `${file}: ${JSON.stringify(line)}`;
    return null;
  };

  it('on every line of the project fixtures', () => {
    const lines = textLines(path.resolve(__dirname, '..', 'fixtures'));
    expect(lines.length).toBeGreaterThan(10_000);
    expect(firstDifference(lines)).toBeNull();
  });

  it.skipIf(!hasSharedFixtures)('on every line of the real third-party fixtures', () => {
    const lines = textLines(sharedFixturesDir);
    expect(lines.length).toBeGreaterThan(10_000);
    expect(firstDifference(lines)).toBeNull();
  });

  it('on 100,000 lines built from the pieces where the parts begin, end and overlap', () => {
    const lines = trickyLines(100_000, 14).map((line) => ({ file: 'generated', line }));
    expect(firstDifference(lines)).toBeNull();
  });

  it('with no node name, and with a node name that is not a word', () => {
    for (const name of [null, 'ab', '-node.', 'node+1']) {
      const lines = trickyLines(10_000, 15).map((l) => `${l} ${name ?? ''}${l}`);
      const differ = lines.find((l) => templateMasker(name)(l) !== regexTemplateMasker(name)(l));
      expect(differ).toBeUndefined();
    }
  });
});
