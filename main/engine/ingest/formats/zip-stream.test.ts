/**
 * A zip read as it streams (a node zip of more than ZIP_IN_MEMORY_BYTES inside a cluster's tarball,
 * or a zip whose directory was cut off), whose stored entries carry their CRC and sizes after their
 * data (general purpose flag bit 3): as Info-ZIP writes to a pipe (`zip -0 - files | …`), and Python's
 * zipfile to a stream it cannot seek.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestBundle } from '../index';
import { openWorkspace } from '../../store/workspace';
import { countLogs } from '../../search/api';
import { zipStreamEntries } from './zip';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-stream-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FILES = ['node1/kubelet.log', 'node1/support.zip', 'node1/after.log'];

/**
 * A node's folder: a log, a zip of it stored as it is (its own data descriptors, "PK\x07\x08", are in
 * the outer entry's data: only the one whose CRC and sizes match ends it), and a log after them.
 */
function nodeFolder(): void {
  fs.mkdirSync(path.join(dir, 'node1'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node1', 'kubelet.log'), 'Dec  1 10:00:00 node1 kubelet[1]: E1201 pod sync failed: ImagePullBackOff\n'.repeat(200));
  fs.writeFileSync(path.join(dir, 'node1', 'support.zip'), execFileSync('sh', ['-c', 'zip -q -0 - kubelet.log | cat'], { cwd: path.join(dir, 'node1') }));
  // 80 KB: the stored zip's own end record is then farther from the zip's end than a reader looks for one.
  fs.writeFileSync(path.join(dir, 'node1', 'after.log'), 'Dec  1 10:00:01 node1 containerd[2]: the entry after\n'.repeat(1500));
}

const PRODUCERS: Record<string, () => Buffer> = {
  // Info-ZIP to a pipe: sizes in the local header too, CRC only after the data.
  'zip -0 to a pipe': () => execFileSync('sh', ['-c', `zip -q -0 - ${FILES.join(' ')} | cat`], { cwd: dir, maxBuffer: 1 << 24 }),
  // Python's zipfile to a stream it cannot seek: no sizes before the data at all.
  "Python's zipfile to a stream": () =>
    execFileSync('python3', ['-c', PYTHON_UNSEEKABLE, ...FILES], { cwd: dir, maxBuffer: 1 << 24 }),
};

const PYTHON_UNSEEKABLE = `
import sys, zipfile
class Pipe:
    def __init__(self, out): self.out = out
    def write(self, b): return self.out.write(b)
    def flush(self): self.out.flush()
with zipfile.ZipFile(Pipe(sys.stdout.buffer), 'w', compression=zipfile.ZIP_STORED) as z:
    for name in sys.argv[1:]: z.write(name)
`;

/** Bit 3 on every entry, as zipinfo -v tells it ("extended local header: yes"), and stored. */
function expectStoredWithDescriptors(zip: Buffer): void {
  const file = path.join(dir, 'check.zip');
  fs.writeFileSync(file, zip);
  const info = execFileSync('zipinfo', ['-v', file]).toString();
  expect(info.match(/extended local header:\s+yes/g)).toHaveLength(FILES.length);
  expect(info.match(/compression method:\s+none \(stored\)/g)).toHaveLength(FILES.length);
}

async function* chunks(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

describe('stored zip entries whose sizes follow their data, read as the zip streams', () => {
  nodeFolder();
  for (const [producer, make] of Object.entries(PRODUCERS)) {
    it(`${producer}: every entry read whole, in any chunking`, async () => {
      const zip = make();
      expectStoredWithDescriptors(zip);
      for (const size of [7, 4096, 1 << 20]) {
        const read: Array<[string, boolean, string | null]> = [];
        const contents = new Map<string, Buffer>();
        for await (const e of zipStreamEntries(chunks(zip, size))) {
          const parts: Buffer[] = [];
          for await (const c of e.body) parts.push(Buffer.from(c));
          contents.set(e.name, Buffer.concat(parts));
          read.push([e.name, e.complete(), e.damage?.() ?? null]);
        }
        expect(read, `chunks of ${size}`).toEqual(FILES.map((f) => [f, true, null]));
        for (const f of FILES) expect(contents.get(f)?.equals(fs.readFileSync(path.join(dir, f))), `${f} in chunks of ${size}`).toBe(true);
      }
    });
  }

  it('a zip cut before its directory: its entries read from their own headers, up to the cut', async () => {
    const zip = PRODUCERS["Python's zipfile to a stream"]();
    const cut = path.join(dir, 'cut.zip');
    // Cut in the last entry's descriptor, 10 bytes before the directory (its offset is in the end record).
    fs.writeFileSync(cut, zip.subarray(0, zip.readUInt32LE(zip.length - 22 + 16) - 10));
    const db = openWorkspace(':memory:');
    const r = await ingestBundle(db, cut);
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/its entries were read from their own headers: it ends inside the entry node1\/after\.log/)]);
    // kubelet.log, and the same log inside support.zip (opened as a nested archive): 200 lines each.
    expect(countLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).total).toBe(400);
    db.close();
  });
});
