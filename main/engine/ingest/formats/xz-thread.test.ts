import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The xz decompression thread runs from the compiled worker script (test/global-setup.ts builds dist/),
 * so it is driven here by a child process on dist/, as the CLI would. Streams are made by Debian's xz.
 */
const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const THREAD = path.join(REPO, 'dist', 'main', 'engine', 'ingest', 'formats', 'xz-thread.js');

let dir: string;
let data: Buffer;
let xzFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-xz-'));
  // 24 MiB of journal-like lines with varied ids: many 1 MiB batches, and xz output chunks of every size.
  data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => `2026-11-05T10:00:${String(i % 60).padStart(2, '0')}Z node kubelet[2101]: pod web-${(i * 2654435761) >>> 8} failed ${i}\n`).join(''));
  fs.writeFileSync(path.join(dir, 'lines.log'), data);
  const xz = spawnSync('xz', ['-T1', '-0', '-k', '-c', path.join(dir, 'lines.log')], { maxBuffer: 1 << 28 });
  xzFile = path.join(dir, 'lines.log.xz');
  fs.writeFileSync(xzFile, xz.stdout);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Decompresses `file` on the worker with a slow reader; prints what came out and the most ever buffered. */
function decompressOnWorker(file: string): { bytes?: number; sha256?: string; maxBuffered?: number; error?: string } {
  const script = `
const fs = require('node:fs');
const crypto = require('node:crypto');
const { xzOnWorker } = require(${JSON.stringify(THREAD)});
const input = fs.createReadStream(process.argv[1]);
input.on('data', () => {}); // the ingest counts the bytes it reads so: the source flows before the worker asks
const out = xzOnWorker(input, (e) => new Error('xz data is corrupt: ' + e.message));
if (!out) throw new Error('no worker script');
const hash = crypto.createHash('sha256');
let bytes = 0;
let maxBuffered = 0;
out.on('readable', function read() {
  maxBuffered = Math.max(maxBuffered, out.readableLength);
  const chunk = out.read();
  if (chunk === null) return;
  hash.update(chunk);
  bytes += chunk.length;
  setTimeout(read, 2); // a reader slower than the decompression
});
out.on('end', () => process.stdout.write(JSON.stringify({ bytes, sha256: hash.digest('hex'), maxBuffered })));
out.on('error', (e) => process.stdout.write(JSON.stringify({ error: e.message })));`;
  const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { bytes?: number; sha256?: string; maxBuffered?: number; error?: string };
}

describe('xz on a worker thread', () => {
  it('gives back every byte of the stream, in order, with at most about two batches held whatever the reader\'s pace', () => {
    const r = decompressOnWorker(xzFile);
    expect(r.bytes).toBe(data.length);
    expect(r.sha256).toBe(crypto.createHash('sha256').update(data).digest('hex'));
    expect(r.maxBuffered).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('names corrupt data, and the process ends by itself (the thread is stopped)', () => {
    const bytes = fs.readFileSync(xzFile);
    for (let i = 4096; i < 8192; i++) bytes[i] ^= 0x5a;
    const corrupt = path.join(dir, 'corrupt.xz');
    fs.writeFileSync(corrupt, bytes);
    expect(decompressOnWorker(corrupt).error).toMatch(/^xz data is corrupt: /);
  });

  it('says a truncated stream is cut short, and the process ends by itself', () => {
    const cut = path.join(dir, 'cut.xz');
    fs.writeFileSync(cut, fs.readFileSync(xzFile).subarray(0, 100_000));
    expect(decompressOnWorker(cut).error).toMatch(/^xz data is corrupt: /);
  });
});
