import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';

/** Logs as a field operator hands them over: saved by editors, Windows tools and crashed nodes. */
let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const syslogLines = (n: number, what = 'PLEG is not healthy') =>
  Array.from({ length: n }, (_, i) => `Nov  5 10:00:${String(i % 60).padStart(2, '0')} node1 kubelet[42]: E1105 10:00:00.000000 42 kubelet.go:10] "${what}" n=${i + 1}\n`).join('');

interface StoredLine {
  line: number;
  ts: number | null;
  source: string | null;
  level: number | null;
  text: string;
}

function storedLines(bundleId: number, artifact: string): StoredLine[] {
  return db
    .prepare('SELECT l.line, l.ts, l.source, l.level, l.text FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE a.bundle_id = ? AND a.path = ? ORDER BY l.line')
    .all(bundleId, artifact) as StoredLine[];
}

function artifactKind(bundleId: number, artifact: string): string | undefined {
  return (db.prepare('SELECT kind FROM artifacts WHERE bundle_id = ? AND path = ?').pluck().get(bundleId, artifact) as string | undefined) ?? undefined;
}

describe('a log that starts with a UTF-8 byte order mark (saved by Notepad, PowerShell)', () => {
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(syslogLines(3))]);

  it('has its first line parsed like the others, stored without the mark', async () => {
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'bom.tar.gz'), [{ name: 'n/var/log/syslog', content: withBom }]));
    const lines = storedLines(r.id, 'n/var/log/syslog');
    expect(lines).toHaveLength(3);
    expect(lines[0].text.startsWith('Nov  5 10:00:00 node1')).toBe(true);
    expect(lines[0]).toMatchObject({ source: 'kubelet', ts: lines[1].ts! - 1000, level: lines[1].level });
  });

  it('given alone, is read as the log it is', async () => {
    const file = path.join(dir, 'kubelet.log');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(syslogLines(1))]));
    const r = await ingestBundle(db, file);
    expect(storedLines(r.id, 'kubelet.log')[0]).toMatchObject({ source: 'kubelet', line: 1 });
    expect(artifactKind(r.id, 'kubelet.log')).toBe('syslog');
  });
});

describe('a log with a run of NUL bytes where the node crashed (the file grew, its last blocks were never written)', () => {
  const hole = Buffer.alloc(4096);
  const crashed = (before: number) =>
    Buffer.concat([Buffer.from(syslogLines(before, 'before the crash')), hole, Buffer.from(syslogLines(5, 'after the reboot'))]);

  it('is read as the log it is, every line indexed, the first line after the hole parsed', async () => {
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'crash.tar.gz'), [{ name: 'n/var/log/syslog', content: crashed(5) }]));
    expect(artifactKind(r.id, 'n/var/log/syslog')).toBe('syslog');
    const lines = storedLines(r.id, 'n/var/log/syslog');
    expect(lines).toHaveLength(10);
    expect(lines[5]).toMatchObject({ line: 6, source: 'kubelet', text: syslogLines(1, 'after the reboot').trimEnd() });
    expect(lines.every((l) => !l.text.includes('\0'))).toBe(true);
  });

  it('keeps the line after a hole larger than the longest indexed line', async () => {
    const big = Buffer.concat([Buffer.from(syslogLines(3)), Buffer.alloc(200 * 1024), Buffer.from(syslogLines(1, 'after the reboot'))]);
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'big-hole.tar.gz'), [{ name: 'n/var/log/messages', content: big }]));
    const lines = storedLines(r.id, 'n/var/log/messages');
    expect(lines.map((l) => l.text.slice(-22))).toEqual([...syslogLines(3).trimEnd().split('\n'), syslogLines(1, 'after the reboot').trimEnd()].map((t) => t.slice(-22)));
  });

  it('given alone, is ingested, not refused as "not a bundle"', async () => {
    const file = path.join(dir, 'syslog');
    fs.writeFileSync(file, crashed(2));
    const r = await ingestBundle(db, file);
    expect(storedLines(r.id, 'syslog')).toHaveLength(7);
  });
});

describe('a log in UTF-16 with its byte order mark (PowerShell 5 `>` and Out-File on a Windows node)', () => {
  const utf16 = (text: string, order: 'le' | 'be') => {
    const le = Buffer.from(`\ufeff${text}`, 'utf16le');
    return order === 'le' ? le : le.swap16();
  };
  const text = syslogLines(4, 'no space left on device – échec').replace(/\n/g, '\r\n');

  it.each(['le', 'be'] as const)('UTF-16%s: every line is indexed as the text it is', async (order) => {
    const r = await ingestBundle(db, await writeTar(path.join(dir, `w-${order}.tar.gz`), [{ name: 'n/logs/kubelet.log', content: utf16(text, order) }]));
    expect(artifactKind(r.id, 'n/logs/kubelet.log')).toBe('syslog');
    const lines = storedLines(r.id, 'n/logs/kubelet.log');
    expect(lines.map((l) => l.text)).toEqual(text.trimEnd().split('\r\n'));
    expect(lines[0]).toMatchObject({ line: 1, source: 'kubelet' });
  });

  it('the raw artifact keeps the bytes the node wrote', async () => {
    const bytes = utf16(text, 'le');
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'raw.tar.gz'), [{ name: 'n/logs/kubelet.log', content: bytes }]));
    expect(db.prepare('SELECT bytes FROM artifacts WHERE bundle_id = ? AND path = ?').pluck().get(r.id, 'n/logs/kubelet.log')).toBe(bytes.length);
  });

  it('given alone, is ingested, not refused as "not a bundle"', async () => {
    const file = path.join(dir, 'kubelet.log');
    fs.writeFileSync(file, utf16(text, 'le'));
    const r = await ingestBundle(db, file);
    expect(storedLines(r.id, 'kubelet.log')).toHaveLength(4);
  });
});

describe('binary data that happens to start like UTF-16 (FF FE)', () => {
  it('stays binary', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]);
    const r = await ingestBundle(db, await writeTar(path.join(dir, 'bin.tar.gz'), [{ name: 'n/data/blob', content: bytes }]));
    expect(artifactKind(r.id, 'n/data/blob')).toBe('binary');
  });
});
