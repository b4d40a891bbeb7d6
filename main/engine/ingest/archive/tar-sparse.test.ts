/**
 * Files archived with `tar --sparse` (GNU tar 1.34, every sparse format it writes), read as the files
 * they were: data at its offsets, holes as zero bytes, the real size. A map that cannot be a file's
 * (out of order, overlapping, past the size, bad numbers) is that entry's problem, and the entries
 * after it are read.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainStream } from './decoded';
import { readTar } from './tar';
import { MAX_SPARSE_REGIONS } from './tar-sparse';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-sparse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A log written at a few offsets of a file truncated to its size: the rest are holes on disk. */
function sparseLog(name: string, size: number, lines: Array<[offset: number, text: string]>): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '');
  fs.truncateSync(file, size);
  const fd = fs.openSync(file, 'r+');
  for (const [offset, text] of lines) fs.writeSync(fd, text, offset);
  fs.closeSync(fd);
  return file;
}

const line = (i: number) => `Dec  6 10:00:${String(i % 60).padStart(2, '0')} node1 kubelet[1]: region ${i}\n`;

/** A kubelet log with a hole in its middle and at its end (GNU tar maps it as 3 regions). */
const kubeletLog = () => sparseLog('kubelet.log', 8 << 20, [[0, line(0)], [3_000_000, line(1)]]);
/** 30 regions: past the 4 an old GNU header holds (extension blocks follow it) and one 512-byte block of a 1.0 map. */
const manyRegions = () => sparseLog('many.log', 40 << 20, Array.from({ length: 30 }, (_, i): [number, string] => [i * 1_300_000 + 17, line(i)]));
const afterLog = () => {
  fs.writeFileSync(path.join(dir, 'after.log'), 'Dec  6 10:01:00 node1 kubelet[1]: the file after\n');
  return path.join(dir, 'after.log');
};

const FORMATS: Record<string, string[]> = {
  'old GNU (tar -S, type S)': ['--format=gnu'],
  'pax 0.0': ['--format=posix', '--sparse-version=0.0'],
  'pax 0.1': ['--format=posix', '--sparse-version=0.1'],
  'pax 1.0': ['--format=posix', '--sparse-version=1.0'],
  'pax, GNU tar\'s default version': ['--format=posix'],
};

function gnuTarSparse(format: string[], files: string[]): Buffer {
  return execFileSync('tar', ['-S', ...format, '-cf', '-', '-C', dir, ...files.map((f) => path.basename(f))], { maxBuffer: 1 << 26 });
}

async function* chunks(data: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

interface Read {
  name: string;
  type: string;
  size: number;
  content: Buffer;
  complete: boolean;
  damage: string | null;
}

async function readAll(tar: Buffer, chunk = 4096): Promise<{ entries: Read[]; problems: string[] }> {
  const reader = readTar(plainStream(chunks(tar, chunk)));
  const entries: Read[] = [];
  for await (const e of reader.entries) {
    const parts: Buffer[] = [];
    for await (const c of e.body) parts.push(Buffer.from(c));
    entries.push({ name: e.name, type: e.type, size: e.size, content: Buffer.concat(parts), complete: e.complete(), damage: e.damage?.() ?? null });
  }
  return { entries, problems: reader.problems().map((p) => p.message) };
}

describe('a sparse file archived by GNU tar', () => {
  for (const [format, args] of Object.entries(FORMATS)) {
    it(`${format}: read as the file on disk, and the entry after it too`, async () => {
      for (const file of [kubeletLog(), manyRegions()]) {
        const onDisk = fs.readFileSync(file);
        const tar = gnuTarSparse(args, [file, afterLog()]);
        expect(tar.length, 'tar -S stored the data regions only').toBeLessThan(onDisk.length / 8);
        const r = await readAll(tar);
        expect(r.problems).toEqual([]);
        expect(r.entries.map((e) => [e.name, e.type, e.size, e.complete, e.damage])).toEqual([
          [path.basename(file), 'file', onDisk.length, true, null],
          ['after.log', 'file', fs.statSync(afterLog()).size, true, null],
        ]);
        expect(r.entries[0].content.equals(onDisk), `${path.basename(file)} as cmp sees it`).toBe(true);
        expect(r.entries[1].content.toString()).toBe(fs.readFileSync(afterLog(), 'utf8'));
      }
    });
  }

  it('does not depend on how the archive is chunked', async () => {
    const tar = gnuTarSparse(['--format=gnu'], [manyRegions()]);
    const onDisk = fs.readFileSync(path.join(dir, 'many.log'));
    for (const size of [7, 512, 1 << 20]) expect((await readAll(tar, size)).entries[0].content.equals(onDisk)).toBe(true);
  });
});

/** The header of an archive's first entry, rewritten with a correct checksum. */
function rewriteHeader(tar: Buffer, at: number, edit: (header: Buffer) => void): Buffer {
  const b = Buffer.from(tar);
  const header = b.subarray(at, at + 512);
  edit(header);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += header[i];
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return b;
}

/** A pax record's value replaced by one of the same length (no record length changes). */
function rewritePax(tar: Buffer, from: string, to: string): Buffer {
  expect(to).toHaveLength(from.length);
  const at = tar.indexOf(from);
  expect(at, `${from} is in the pax header`).toBeGreaterThan(0);
  const b = Buffer.from(tar);
  b.write(to, at, 'latin1');
  return b;
}

const octal = (n: number, width = 11) => `${n.toString(8).padStart(width, '0')}\0`;
/** Old GNU header: the map's 4 (offset, bytes) pairs at byte 386, the real size at 483. */
const OLD_GNU_REGION = (i: number) => 386 + 24 * i;

describe('a sparse map that cannot be a file\'s', () => {
  async function damaged(tar: Buffer): Promise<Read[]> {
    const r = await readAll(tar);
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => e.name)).toEqual([expect.stringMatching(/\.log$/), 'after.log']);
    expect(r.entries[1].content.toString()).toContain('the file after');
    expect(r.entries[0].content.length).toBe(0);
    return r.entries;
  }
  const oldGnu = () => gnuTarSparse(['--format=gnu'], [manyRegions(), afterLog()]);
  const pax = (version: string) => gnuTarSparse(['--format=posix', `--sparse-version=${version}`], [kubeletLog(), afterLog()]);

  it('old GNU: regions out of order', async () => {
    const tar = rewriteHeader(oldGnu(), 0, (h) => {
      const second = Buffer.from(h.subarray(OLD_GNU_REGION(1), OLD_GNU_REGION(2)));
      h.copy(h, OLD_GNU_REGION(1), OLD_GNU_REGION(2), OLD_GNU_REGION(3));
      second.copy(h, OLD_GNU_REGION(2));
    });
    const [e] = await damaged(tar);
    expect(e.damage).toBe('GNU sparse map of many.log is malformed: region 3 begins at byte 1298432, before the end of region 2 (byte 2600960)');
  });

  it('old GNU: a region past the real size', async () => {
    const tar = rewriteHeader(oldGnu(), 0, (h) => h.write(octal(1_000_000), 483, 'latin1'));
    const [e] = await damaged(tar);
    expect(e.damage).toMatch(/region 2 \(bytes 1298432 to 1302528\) ends past the file's size, 1000000 bytes/);
  });

  it('old GNU: a region\'s offset that is not a number', async () => {
    const tar = rewriteHeader(oldGnu(), 0, (h) => h.write('0000475x000', OLD_GNU_REGION(1), 'latin1'));
    const [e] = await damaged(tar);
    expect(e.damage).toMatch(/region 2's offset is not a number/);
  });

  it('pax 0.1: regions that overlap', async () => {
    const [e] = await damaged(rewritePax(pax('0.1'), 'GNU.sparse.map=0,4096,2998272,', 'GNU.sparse.map=0,4096,0004000,'));
    expect(e.name).toBe('kubelet.log');
    expect(e.damage).toMatch(/region 2 begins at byte 4000, before the end of region 1 \(byte 4096\)/);
  });

  it('pax 0.1: a map with a bad number', async () => {
    const [e] = await damaged(rewritePax(pax('0.1'), '2998272,4096', '29x8272,4096'));
    expect(e.damage).toMatch(/GNU\.sparse\.map holds "29x8272", not a number/);
  });

  it('pax 0.0: regions holding more than the archive stores', async () => {
    const [e] = await damaged(rewritePax(pax('0.0'), 'GNU.sparse.numbytes=4096\n29', 'GNU.sparse.numbytes=9999\n29'));
    expect(e.damage).toMatch(/its regions hold 14095 bytes, more than the 8192 the archive stores/);
  });

  it('pax 1.0: a map in the data that is not numbers', async () => {
    const tar = pax('1.0');
    const [e] = await damaged(rewritePax(tar, '3\n0\n4096\n2998272\n', '3\n0\n4096\n29x8272\n'));
    expect(e.damage).toMatch(/the map before its data holds "29x8272", not a number/);
  });

  it(`pax 1.0: a map declaring more than ${MAX_SPARSE_REGIONS} regions is not held in memory`, async () => {
    const tar = pax('1.0');
    const [e] = await damaged(rewritePax(tar, '3\n0\n4096\n2998272\n', '9999999\n0\n4096\n2\n'));
    expect(e.damage).toMatch(new RegExp(`declares 9999999 regions, more than the ${MAX_SPARSE_REGIONS} nodescope reads`));
  });

  it('pax 1.0: a sparse version GNU tar does not write', async () => {
    const [e] = await damaged(rewritePax(pax('1.0'), 'GNU.sparse.minor=0', 'GNU.sparse.minor=7'));
    expect(e.damage).toMatch(/sparse format 1\.7, which GNU tar does not write/);
  });
});
