import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedFixture, sharedFixture, sharedSkipReason } from '../../../test/support/shared-fixtures';
import { genericFormat } from '../logs/generic';
import { sniffLogFormat } from '../logs';
import { guessKindFromContent, isBinary, looksLikePprof } from './guess';

const ctx = { artifactPath: 'etcd.txt', collectedAtMs: Date.UTC(2019, 9, 3), timezone: null, bootTimeMs: null };

describe('content before name', () => {
  it('a gzipped JSON (openapi.json.gz) is not a profile; a gzipped profile is', async () => {
    const openapi = zlib.gzipSync(Buffer.from(JSON.stringify({ openapi: '3.0.0', paths: { '/api/v1/pods': {} } })));
    expect(guessKindFromContent(openapi)).toBe('binary');
    expect(guessKindFromContent(zlib.gzipSync(Buffer.from('Dec 01 10:00:00 n kubelet[1]: hi\n')))).toBe('binary');
  });

  it.skipIf(!hasSharedFixtures)(`real profiles, gzipped or raw, are profiles (${hasSharedFixtures ? 'pprof/parca' : sharedSkipReason})`, () => {
    const gz = readSharedFixture('pprof/parca/alloc_objects.pb.gz');
    expect(guessKindFromContent(gz)).toBe('pprof');
    const raw = zlib.gunzipSync(gz);
    expect(looksLikePprof(raw)).toBe(true);
    expect(guessKindFromContent(raw.subarray(0, 65536))).toBe('pprof');
    expect(fs.existsSync(sharedFixture('pprof/parca/fgprof.pb.gz'))).toBe(true);
    expect(guessKindFromContent(zlib.gunzipSync(readSharedFixture('pprof/parca/fgprof.pb.gz')))).toBe('pprof');
  });

  it('text with colours and tabs is text; a NUL or many control characters in the first 8 KiB is binary', () => {
    const coloured = Buffer.from('\x1b[31mE1105 10:00:00.1\x1b[0m\tkubelet: failed\r\n'.repeat(50));
    expect(isBinary(coloured)).toBe(false);
    expect(isBinary(Buffer.alloc(0))).toBe(false);
    expect(isBinary(Buffer.from('a log line\n\0'))).toBe(true);
    // A NUL past the 8 KiB looked at does not count.
    expect(isBinary(Buffer.concat([Buffer.alloc(8192, 'a'), Buffer.from([0])]))).toBe(false);
    // More than one byte in ten a control character (not tab, CR, LF): a format of its own.
    const mostlyControl = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i % 8 === 0 ? 0x01 : 0x41)));
    expect(isBinary(mostlyControl)).toBe(true);
    const fewControl = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i % 12 === 0 ? 0x01 : 0x41)));
    expect(isBinary(fewControl)).toBe(false);
  });

  it('random bytes and text are not profiles', () => {
    expect(looksLikePprof(Buffer.from('\n\n\nhello world'))).toBe(false);
    expect(guessKindFromContent(Buffer.from('plain words\nmore words\n'))).toBe('text');
  });

  it('a log saved as .txt or without extension is sniffed as a log by its lines', () => {
    const coredns = [
      '[INFO] plugin/reload: Running configuration MD5 = 4e235fcc3696966e76816bcd9034ebc7',
      'CoreDNS-1.6.7',
      '[FATAL] plugin/loop: Loop (127.0.0.1:55953 -> :1053) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting.',
      '[ERROR] plugin/errors: 2 4547991504243258144.3688648895315093531. HINFO: read udp 10.244.0.2:49048->10.96.0.10:53: i/o timeout',
    ];
    expect(sniffLogFormat('pods/coredns-5d78c9869d-abcde.txt', coredns)?.kind).toBe('log');
    const etcd = Array.from({ length: 4 }, (_, i) => `2019-10-02 07:12:0${i}.123456 W | etcdserver: read-only range request "key:\\"/registry\\"" took too long (1.2s) to execute`);
    expect(sniffLogFormat('etcd-member.out', etcd)?.kind).toBe('log');
    expect(sniffLogFormat('sos_commands/kernel/sysctl_-a', ['kernel.a = 1', 'kernel.b = 2', 'vm.c = 3'])).toBeUndefined();
  });

  it('takes a text for a log when three fifths of its first lines are stamped or leveled, blank lines aside, in whatever order they come', () => {
    const stamped = (i: number) => `2019-10-02 07:12:0${i}.123456 etcdserver: applied index ${i}`;
    const plain = (i: number) => `member ${i} of the cluster`;
    const mix = (pattern: string) => [...pattern].map((c, i) => (c === 's' ? stamped(i) : c === 'p' ? plain(i) : ''));
    // 3 of 5: a log, wherever the stamped lines are; 2 of 5 (or 2 of 4 with a blank line) is not.
    for (const pattern of ['ssspp', 'ppsss', 'spsps', 'sspps', 'sps-ps']) expect(sniffLogFormat('notes/out.txt', mix(pattern))?.kind, pattern).toBe('log');
    for (const pattern of ['sspppp', 'pppss', 'ps-ps', 'ssppp']) expect(sniffLogFormat('notes/out.txt', mix(pattern))?.kind, pattern).toBeUndefined();
  });

  it("reads etcd capnslog's level letter", () => {
    const level = (l: string) => genericFormat.parse(`2019-10-02 07:12:01.123456 ${l} | etcdserver: x`, ctx).level;
    expect(['C', 'E', 'W', 'N', 'I', 'D'].map(level)).toEqual(['fatal', 'error', 'warning', 'info', 'info', 'debug']);
    expect(genericFormat.parse('2019-10-02 07:12:01.123456 Wx| nope', ctx).level).toBeNull();
  });
});

describe('NUL bytes in a text', () => {
  const text = Buffer.from('Nov  5 10:00:00 node1 kernel: a line\n'.repeat(40));

  it('in one or a few long runs (the unwritten blocks of a log a crash cut) leave it text', () => {
    expect(isBinary(Buffer.concat([text, Buffer.alloc(4096), text]))).toBe(false);
    expect(isBinary(Buffer.concat([text, Buffer.alloc(100), text, Buffer.alloc(64), text]))).toBe(false);
    // A hole the 8 KiB looked at cuts short.
    const lines = Buffer.from('Nov  5 10:00:00 node1 kernel: a line\n'.repeat(221));
    expect(isBinary(Buffer.concat([lines, Buffer.alloc(4096)]))).toBe(false);
  });

  it('scattered (UTF-16, a binary format) or alone, or all of it, make it binary', () => {
    expect(isBinary(Buffer.from('Nov  5 10:00:00 node1 kernel: a line\n'.repeat(10), 'utf16le'))).toBe(true);
    expect(isBinary(Buffer.concat([text, Buffer.from([0]), text]))).toBe(true);
    expect(isBinary(Buffer.concat([text, Buffer.alloc(32), text, Buffer.alloc(32), text, Buffer.alloc(32), text, Buffer.alloc(32), text, Buffer.alloc(32), text]))).toBe(true);
    expect(isBinary(Buffer.alloc(4096))).toBe(true);
    // sosreport's /sys/firmware/acpi/tables/FACS: its name and length, then 59 NULs; no line at all
    expect(isBinary(Buffer.concat([Buffer.from('FACS@'), Buffer.alloc(59)]))).toBe(true);
  });
});
