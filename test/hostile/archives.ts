/**
 * Damaged and hostile archives, generated at test time (nothing large is committed): the demo bundle
 * packed by GNU tar and then cut, extended or flipped the ways the attack run did, and big synthetic
 * archives written with tar-stream.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTar } from '../support/tarball';

export const DEMO_DIR = path.resolve(__dirname, '..', 'demo');
export const DEMO_TOP = 'nodescope-demo-worker-1';
/** Files (not folders) of the demo bundle. */
export const DEMO_FILES = 119;

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nodescope-${tag}-`));
}

/** The demo bundle as GNU tar packs it (tar czf). */
export function demoTarGz(dir: string): Buffer {
  const out = path.join(dir, 'demo.tar.gz');
  // The same bytes in every clone (a checkout's times and owners would change them): the damage each
  // test makes at a fixed offset then lands on the same data.
  const r = spawnSync('tar', ['czf', out, '--sort=name', '--mtime=@1793872800', '--owner=0', '--group=0', '--numeric-owner', '-C', DEMO_DIR, DEMO_TOP]);
  if (r.status !== 0) throw new Error(`tar czf failed: ${r.stderr}`);
  return fs.readFileSync(out);
}

/**
 * The demo bundle as Info-ZIP packs it: to a file (sizes before each entry's data) or to a pipe
 * (sizes after it, as Go's archive/zip writes them).
 */
export function demoZip(dir: string, piped: boolean): Buffer {
  const out = path.join(dir, 'demo.zip');
  fs.rmSync(out, { force: true });
  const r = spawnSync('zip', ['-qr', piped ? '-' : out, DEMO_TOP], { cwd: DEMO_DIR, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`zip failed: ${r.stderr}`);
  return piped ? r.stdout : fs.readFileSync(out);
}

/** Ways an archive gets damaged in the field, each a function of the intact .tar.gz. */
export const GZIP_DAMAGE: Record<string, (gz: Buffer) => Buffer> = {
  'cut before its 8-byte trailer': (gz) => gz.subarray(0, gz.length - 8),
  'cut inside its trailer': (gz) => gz.subarray(0, gz.length - 3),
  'cut in the middle': (gz) => gz.subarray(0, Math.floor(gz.length / 2)),
  'cut at a third': (gz) => gz.subarray(0, Math.floor(gz.length / 3)),
  'trailing garbage': (gz) => Buffer.concat([gz, Buffer.from('this is not gzip\n')]),
  'trailing zeros': (gz) => Buffer.concat([gz, Buffer.alloc(4096)]),
  'bad CRC': (gz) => flip(gz, gz.length - 6),
  'bad length': (gz) => flip(gz, gz.length - 2),
  'two members concatenated': (gz) => Buffer.concat([gz.subarray(0, gz.length), gz]),
};

export function flip(buf: Buffer, at: number, mask = 0xff): Buffer {
  const b = Buffer.from(buf);
  b[at] ^= mask;
  return b;
}

/** Entry names `tar tzf` lists for an archive file (damaged or not; its exit status is ignored). */
export function gnuTarList(file: string): string[] {
  const r = spawnSync('tar', ['tzf', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** n small log files in one .tar.gz. */
export async function manyEntries(n: number): Promise<Buffer> {
  return makeTar(Array.from({ length: n }, (_, i) => ({ name: `bundle/logs/f${String(i).padStart(5, '0')}.log`, content: `line ${i} of file ${i}\n`.repeat(1 + (i % 7)) })));
}

/** Rewrites the type flag of the header at `offset` of a plain tar, with a correct checksum. */
export function setTypeFlag(tarBuf: Buffer, offset: number, flag: number): Buffer {
  const b = Buffer.from(tarBuf);
  b[offset + 156] = flag;
  b.fill(0x20, offset + 148, offset + 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[offset + i];
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148, 'latin1');
  return b;
}
