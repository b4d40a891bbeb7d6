import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';

/**
 * An xz stream decompressed by the machine's own xz (xz-utils: every Linux node and most desktops
 * have it), in a process of its own. Native liblzma takes about a quarter of the WebAssembly
 * decoder's CPU (an OpenShift must-gather: 0.25 s against 1.5 s), and on two cores that CPU is taken
 * from the parsing and the index: its findings came 0.03-0.39 s sooner in four alternate runs
 * (4.07-4.33 s against 3.81-4.09 s). Null when no xz is on the PATH (Windows, a Mac without it) or
 * NODESCOPE_XZ=wasm: the caller then uses the WebAssembly decoder. The output ends only once xz has exited 0: a truncated or corrupt stream ends in
 * an error with xz's own words, after every byte it could decode.
 */
export function xzByProcess(input: Readable, asError: (e: unknown) => Error, executable = systemXz()): Readable | null {
  if (!executable) return null;
  const args = ['--decompress', '--stdout', '--quiet', `--memlimit-decompress=${MEMLIMIT}`];
  const child = spawn(executable, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  let stopped = false;
  const out = new PassThrough({
    highWaterMark: 1 << 20,
    destroy(error, callback) {
      stopped = true;
      child.kill();
      input.destroy();
      callback(error);
    },
  });
  const fail = (e: unknown) => {
    if (!out.destroyed) out.destroy(e instanceof Error ? e : new Error(String(e)));
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (t: string) => {
    if (stderr.length < MAX_MESSAGE) stderr += t;
  });
  // xz stops reading at a corrupt block: what it was still being fed is refused (EPIPE), and its exit
  // code says why.
  child.stdin.on('error', () => {});
  input.on('error', fail);
  child.on('error', (e) => fail(new Error(`could not run ${executable}: ${e.message}`)));
  input.pipe(child.stdin);
  child.stdout.pipe(out, { end: false });
  child.on('close', (code, signal) => {
    if (stopped) return;
    if (code === 0) out.end();
    else fail(asError(new Error(xzMessage(stderr) || `xz exited with ${signal ?? `code ${code}`}`)));
  });
  return out;
}

/**
 * The most memory xz may take: a stream whose header asks for a larger dictionary (a hostile bundle)
 * ends with "Memory usage limit reached". xz -9 needs 65 MiB to decompress.
 */
const MEMLIMIT = '512MiB';

/** Characters of xz's error output kept for the message. */
const MAX_MESSAGE = 4096;

/** "xz: (stdin): Unexpected end of input" → "Unexpected end of input". */
function xzMessage(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim()) ?? '';
  return line.replace(/^[^:]*xz(?:\.exe)?: \(stdin\): /, '').trim();
}

let found: string | null | undefined;

/** The path of the xz on the PATH (looked up once per process), or null; NODESCOPE_XZ=wasm says never. */
export function systemXz(): string | null {
  if (process.env.NODESCOPE_XZ === 'wasm') return null;
  if (found !== undefined) return found;
  const name = process.platform === 'win32' ? 'xz.exe' : 'xz';
  found = null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        found = candidate;
        break;
      }
    } catch {
      // not here
    }
  }
  return found;
}
