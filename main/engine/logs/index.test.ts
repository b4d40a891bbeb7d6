import { describe, expect, it } from 'vitest';
import { ARTIFACT_KINDS } from '../../../shared/bundle-format';
import { fixtureLines, sharedLines } from '../../../test/fixtures/logs/read';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures';
import { LOG_FORMATS, logFormatFor, sniffLogFormat } from './index';

const head = (name: string) => fixtureLines(name).slice(0, 20);

describe('log formats: choosing a parser', () => {
  it('has a parser for every log kind of the bundle format, under its kind', () => {
    for (const kind of ['journal', 'journal-json', 'klog', 'cri-log', 'docker-json-log', 'dmesg', 'syslog', 'log', 'collector-log']) {
      expect(ARTIFACT_KINDS).toContain(kind);
      expect(logFormatFor(kind)?.kind).toBe(kind);
    }
    expect(logFormatFor('iptables-save')).toBeUndefined();
    expect(new Set(LOG_FORMATS.map((f) => f.kind)).size).toBe(LOG_FORMATS.length);
  });

  it('recognises each real file of a bundle without a manifest by its first lines', () => {
    const cases: [string, string][] = [
      ['journal-json.log', 'journal-json'],
      ['docker-json-coredns.log', 'docker-json-log'],
      ['cri-containerd-coredns.log', 'cri-log'],
      ['cri-crio-coredns.log', 'cri-log'],
      ['dmesg-raw.log', 'dmesg'],
      ['dmesg-level-prefix.log', 'dmesg'],
      ['dmesg-iso-shanghai.log', 'dmesg'],
      ['dmesg-ctime-shanghai.log', 'dmesg'],
      ['journal-short-iso-precise-shanghai.log', 'journal'],
      ['journal-short-precise-new-york.log', 'journal'],
      ['kubelet-journal-short-precise.log', 'journal'],
      ['syslog-rsyslog-messages.log', 'syslog'],
      ['syslog-busybox-messages.log', 'syslog'],
      ['collector-this-vm.log', 'collector-log'],
      ['dmesg-decoded-iso-shanghai.log', 'dmesg'],
      ['journal-short-utc.log', 'syslog'], // classic short stamps are syslog's; both parsers read them alike
      ['coredns-k3s-style.log', 'log'],
    ];
    for (const [name, kind] of cases) {
      expect([name, sniffLogFormat(`support-bundle/${name}`, head(name))?.kind]).toEqual([name, kind]);
    }
  });

  it.skipIf(!hasSharedFixtures)('recognises the real third-party logs of ../shared by their first lines', () => {
    const cases: [string, string][] = [
      ['kubelet-journal/openshift-kubenswrapper-journal-50lines.log', 'journal'],
      ['coredns/troubleshoot-k3d-coredns.log', 'log'],
    ];
    for (const [name, kind] of cases) {
      expect([name, sniffLogFormat(`support-bundle/${name.split('/')[1]}`, sharedLines(name).slice(0, 20))?.kind]).toEqual([name, kind]);
    }
    const klog = sharedLines('kubelet-journal/openshift-kubenswrapper-journal-50lines.log').map((l) => l.slice(l.indexOf(']: ') + 3));
    expect(sniffLogFormat('var/log/kubelet.log', klog.slice(0, 20))?.kind).toBe('klog');
  });

  it('sniffs a kubelet.log of klog lines as klog', () => {
    const klog = fixtureLines('kubelet-journal-short-precise.log').map((l) => l.slice(l.indexOf(']: ') + 3));
    expect(sniffLogFormat('var/log/kubelet.log', klog.slice(0, 20))?.kind).toBe('klog');
  });

  it('offers the generic log parser for paths that look like logs, and for lines that look like a log whatever the name', () => {
    const lines = head('coredns-k3s-style.log');
    expect(sniffLogFormat('var/log/coredns/current', lines)?.kind).toBe('log');
    expect(sniffLogFormat('logs/coredns', lines)?.kind).toBe('log');
    // Content before name: the same lines saved as .txt (or any name) are still a log.
    expect(sniffLogFormat('pods/coredns-b96499967-tncf4.txt', lines)?.kind).toBe('log');
    expect(sniffLogFormat('k8s/coredns-configmap.txt', ['apiVersion: v1', 'data:', '  Corefile: |', '    .:53 {'])).toBeUndefined();
    expect(sniffLogFormat('x.log', [])).toBeUndefined();
  });
});
