/**
 * Recovery at least as good as GNU tar: every damaged form of the demo bundle and of a 10 000-entry
 * archive yields as many entries as `tar tzf` lists, with the exact reason the archive is incomplete.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipStream } from '../../main/engine/ingest/archive/gzip';
import { readTar } from '../../main/engine/ingest/archive/tar';
import { plainStream } from '../../main/engine/ingest/archive/decoded';
import { makeTar } from '../support/tarball';
import { DEMO_FILES, demoTarGz, flip, GZIP_DAMAGE, gnuTarList, manyEntries, setTypeFlag, tempDir } from './archives';

const dir = tempDir('recovery');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* chunks(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function readAll(buf: Buffer, gzip = true, chunk = 4096) {
  const reopen = (start: number) => chunks(buf.subarray(start), chunk);
  const reader = readTar(gzip ? gunzipStream(chunks(buf, chunk), reopen) : plainStream(chunks(buf, chunk)));
  const names: string[] = [];
  const types: string[] = [];
  let bytes = 0;
  for await (const e of reader.entries) {
    names.push(e.name);
    types.push(e.type);
    for await (const c of e.body) bytes += c.length;
  }
  return { names, types, bytes, problems: reader.problems().map((p) => p.message) };
}

function write(name: string, data: Buffer): string {
  const f = path.join(dir, name.replace(/\W+/g, '-'));
  fs.writeFileSync(f, data);
  return f;
}

describe('the demo bundle, damaged', () => {
  const gz = demoTarGz(dir);
  const intact = gnuTarList(write('intact', gz));

  it('reads whole when intact, listing what tar lists', async () => {
    const r = await readAll(gz);
    expect(r.names).toEqual(intact);
    expect(r.problems).toEqual([]);
  });

  for (const [damage, make] of Object.entries(GZIP_DAMAGE)) {
    it(`${damage}: as many entries as tar tzf`, async () => {
      const broken = make(gz);
      const listed = gnuTarList(write(damage, broken));
      const r = await readAll(broken);
      expect(r.names.length).toBeGreaterThanOrEqual(listed.length);
      expect(r.names.slice(0, listed.length)).toEqual(listed);
    });
  }

  it('cut before its trailer: every file kept, reported as truncated', async () => {
    const r = await readAll(GZIP_DAMAGE['cut before its 8-byte trailer'](gz));
    expect(r.names).toEqual(intact);
    expect(r.names.filter((n) => !n.endsWith('/'))).toHaveLength(DEMO_FILES);
    expect(r.problems).toEqual([expect.stringMatching(/gzip data ends at byte \d+, before the end of member 1/)]);
  });

  it('names the damage exactly', async () => {
    expect((await readAll(GZIP_DAMAGE['bad CRC'](gz))).problems).toEqual([expect.stringMatching(/CRC mismatch/)]);
    expect((await readAll(GZIP_DAMAGE['bad length'](gz))).problems).toEqual([expect.stringMatching(/length mismatch/)]);
    // Bytes after a complete archive change nothing, as with gzip -dc | tar.
    expect((await readAll(GZIP_DAMAGE['trailing garbage'](gz))).problems).toEqual([]);
    expect((await readAll(GZIP_DAMAGE['two members concatenated'](gz))).problems).toEqual([]);
    const half = await readAll(GZIP_DAMAGE['cut in the middle'](gz));
    expect(half.problems.join('\n')).toMatch(/archive is truncated inside "[^"]+" \(\d+ of \d+ bytes\)/);
  });

  it('a flipped byte inside the compressed data: no fewer entries than tar', async () => {
    for (const at of [200, 5000, 20000, 40000, 60000]) {
      const broken = flip(gz, at, 0x55);
      const listed = gnuTarList(write(`flip-${at}`, broken));
      const r = await readAll(broken);
      expect(r.names.length, `flip at ${at}`).toBeGreaterThanOrEqual(listed.length);
      expect(r.problems.length, `flip at ${at}`).toBeGreaterThan(0);
    }
  });

  it('does not depend on how the input is chunked', async () => {
    const broken = GZIP_DAMAGE['cut inside its trailer'](gz);
    const a = await readAll(broken, true, 7);
    const b = await readAll(broken, true, 1 << 20);
    expect(a).toEqual(b);
  });
});

describe('a 10 000-entry archive, damaged', () => {
  it('keeps as many entries as tar tzf when cut anywhere', async () => {
    const gz = await manyEntries(10_000);
    const full = await readAll(gz);
    expect(full.names).toHaveLength(10_000);
    for (const [damage, cut] of [
      ['no trailer', gz.subarray(0, gz.length - 8)],
      ['cut at 70%', gz.subarray(0, Math.floor(gz.length * 0.7))],
      ['trailing garbage', Buffer.concat([gz, Buffer.from('garbage')])],
      ['bad CRC', flip(gz, gz.length - 7)],
    ] as const) {
      const listed = gnuTarList(write(`many-${damage}`, cut));
      const r = await readAll(cut, true, 65536);
      expect(r.names.length, damage).toBeGreaterThanOrEqual(listed.length);
      expect(r.names.slice(0, listed.length), damage).toEqual(listed);
    }
  });
});

describe('tar headers', () => {
  // 'S' is a GNU sparse file only under the old GNU magic ("ustar  \0"): on a ustar header GNU tar 1.34
  // lists and extracts it as a regular file of its stored bytes. Real sparse files: archive/tar-sparse.test.ts.
  it('reads unknown type flags as what they are, never as files; NUL is a regular file (POSIX AREGTYPE), and so is S on a ustar header', async () => {
    const t = await makeTar(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({ name: n, content: `${n}\n` })), false);
    let damaged = t;
    const flags = ['V', 'M', 'Z', 'S', '\0', 'D'];
    flags.forEach((f, i) => (damaged = setTypeFlag(damaged, i * 1024, f.charCodeAt(0))));
    const r = await readAll(damaged, false);
    expect(r.types).toEqual([
      'type flag "V" (volume label)',
      'type flag "M" (multi-volume continuation)',
      'type flag "Z"',
      'file',
      'file',
      'type flag "D" (GNU dump directory)',
    ]);
  });

  it('skips a header with a bad checksum to the next valid one, as GNU tar does', async () => {
    const t = await makeTar(['a', 'b', 'c'].map((n) => ({ name: n, content: `${n}\n` })), false);
    const broken = flip(t, 1024 + 10); // the name of "b"
    const listed = gnuTarList(write('badsum.tar.gz', zlib.gzipSync(broken)));
    const r = await readAll(broken, false);
    expect(r.names).toEqual(['a', 'c']);
    expect(r.names.length).toBeGreaterThanOrEqual(listed.length);
    expect(r.problems).toEqual([expect.stringMatching(/invalid tar header at byte 1024 \(after "a"\); skipped 1024 bytes/)]);
  });

  it('reads pax and GNU long names, and stops at the first zero block', async () => {
    const long = `${'d/'.repeat(80)}file.log`;
    const t = await makeTar([{ name: long, content: 'x\n' }], false);
    const r = await readAll(Buffer.concat([t, Buffer.from('garbage after the end of the archive')]), false);
    expect(r.names).toEqual([long]);
    expect(r.problems).toEqual([]);
  });
});
