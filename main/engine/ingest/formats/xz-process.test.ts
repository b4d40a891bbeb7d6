import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemXz, xzByProcess } from './xz-process';

/** Streams made by Debian's xz (CI installs xz-utils); the decoder under test is the same xz. */
const XZ = systemXz();
let dir: string;
let data: Buffer;
let packed: Buffer;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-xzp-'));
  // 6 MiB of kubelet-like lines with varied ids: xz writes its output in many pieces.
  data = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `I1105 10:00:${String(i % 60).padStart(2, '0')}.000000 2101 kubelet.go:${i % 997}] pod web-${(i * 2654435761) >>> 8} synced ${i}\n`).join(''));
  packed = spawnSync('xz', ['-T1', '-1', '-c'], { input: data, maxBuffer: 1 << 28 }).stdout;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const asError = (e: unknown) => new Error(`xz data is corrupt: ${(e as Error).message}`);

/** Reads the stream to its end: the bytes that came, and the error it ended with, if any. */
async function drain(out: Readable): Promise<{ bytes: Buffer; error: string | null }> {
  const parts: Buffer[] = [];
  try {
    for await (const c of out) parts.push(c as Buffer);
    return { bytes: Buffer.concat(parts), error: null };
  } catch (e) {
    return { bytes: Buffer.concat(parts), error: (e as Error).message };
  }
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe.skipIf(!XZ)("xz by the machine's own xz", () => {
  it('gives back every byte of the stream, fed in small pieces', async () => {
    const pieces = Array.from({ length: Math.ceil(packed.length / 4096) }, (_, i) => packed.subarray(i * 4096, (i + 1) * 4096));
    const r = await drain(xzByProcess(Readable.from(pieces), asError)!);
    expect(r.error).toBeNull();
    expect(r.bytes.length).toBe(data.length);
    expect(sha(r.bytes)).toBe(sha(data));
  });

  it('ends a truncated stream (a partial download) with xz\'s "Unexpected end of input", after what it could decode', async () => {
    const r = await drain(xzByProcess(Readable.from([packed.subarray(0, Math.floor(packed.length * 0.7))]), asError)!);
    expect(r.error).toBe('xz data is corrupt: Unexpected end of input');
    expect(r.bytes.length).toBeGreaterThan(0);
    expect(data.subarray(0, r.bytes.length).equals(r.bytes)).toBe(true);
  });

  it('ends a damaged stream with an error instead of handing on the damage', async () => {
    const damaged = Buffer.from(packed);
    for (let i = 0; i < 64; i++) damaged[Math.floor(damaged.length / 2) + i] ^= 0x5a;
    const r = await drain(xzByProcess(Readable.from([damaged]), asError)!);
    expect(r.error).toMatch(/^xz data is corrupt: Compressed data is corrupt/);
  });

  it('refuses a stream whose dictionary would take more than 512 MiB (a hostile bundle), in xz\'s words', async () => {
    const big = spawnSync('xz', ['-T1', '--lzma2=dict=1GiB', '-c'], { input: Buffer.from('tiny\n'), maxBuffer: 1 << 20 }).stdout;
    const r = await drain(xzByProcess(Readable.from([big]), asError)!);
    expect(r.error).toBe('xz data is corrupt: Memory usage limit reached');
  });

  it('says so when the input is not xz at all', async () => {
    const r = await drain(xzByProcess(Readable.from([Buffer.from('not xz at all\n')]), asError)!);
    expect(r.error).toBe('xz data is corrupt: File format not recognized');
    expect(r.bytes.length).toBe(0);
  });
});

describe('the decompressing process', () => {
  /** A stand-in decompressor that writes its pid, then copies its input (or fails as told). */
  function fakeXz(body: string): string {
    const file = path.join(dir, `fake-xz-${crypto.randomBytes(4).toString('hex')}`);
    fs.writeFileSync(file, `#!/bin/sh\necho $$ > "${file}.pid"\n${body}\n`, { mode: 0o755 });
    return file;
  }
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('is stopped, with its input, when the reader stops early (a cancelled ingest)', async () => {
    const exe = fakeXz('exec cat');
    const input = new Readable({ read() {} });
    input.push(Buffer.alloc(64 * 1024, 0x61));
    const out = xzByProcess(input, asError, exe)!;
    for await (const c of out) {
      expect((c as Buffer).length).toBeGreaterThan(0);
      break;
    }
    const pid = Number(fs.readFileSync(`${exe}.pid`, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(pid)).toBe(false);
    expect(input.destroyed).toBe(true);
  });

  it('reports a failure with what the decompressor said, not as a clean end', async () => {
    const exe = fakeXz('cat >/dev/null\necho "xz: (stdin): Memory usage limit reached" >&2\nexit 1');
    const r = await drain(xzByProcess(Readable.from([Buffer.from('data')]), asError, exe)!);
    expect(r.error).toBe('xz data is corrupt: Memory usage limit reached');
  });

  it('reports a decompressor that cannot be run', async () => {
    const r = await drain(xzByProcess(Readable.from([Buffer.from('data')]), (e) => e as Error, path.join(dir, 'no-such-xz'))!);
    expect(r.error).toMatch(/^could not run .*no-such-xz: .*ENOENT/);
  });

  it('is not used when NODESCOPE_XZ=wasm (the WebAssembly decoder is asked for)', () => {
    const before = process.env.NODESCOPE_XZ;
    process.env.NODESCOPE_XZ = 'wasm';
    try {
      expect(systemXz()).toBeNull();
      expect(xzByProcess(Readable.from([]), asError)).toBeNull();
    } finally {
      if (before === undefined) delete process.env.NODESCOPE_XZ;
      else process.env.NODESCOPE_XZ = before;
    }
  });
});
