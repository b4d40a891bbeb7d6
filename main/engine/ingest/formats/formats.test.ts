import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { writeTar } from '../../../../test/support/tarball';
import { bundlesApi } from '../../library/api';
import { countLogs, searchLogs } from '../../search/api';
import { findArtifact, readArtifactText } from '../../store/artifacts';
import type { Db } from '../../store/workspace';
import { ingestBundle } from '../index';
import { packingOf } from './magic';
import { ZIP_IN_MEMORY_BYTES } from './nested';
import { useTempWorkspace } from '../../../../test/support/workspace';

/**
 * Every packing an operator's bundle comes in, made at test time with Debian's own tools (xz, bzip2,
 * zstd, zip), read through the same ingest as a .tar.gz.
 */
let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const KUBELET = 'Dec 01 10:00:00 node1 kubelet[1]: E1201 10:00:00.000000       1 pod_workers.go:1] "Error syncing pod" err="ImagePullBackOff"\n';

/** A small sos-like tree: files, a symlink to a file, a symlink to a folder, a link out of the tree. */
function makeTree(root: string): string {
  const top = path.join(root, 'bundle-node1');
  fs.mkdirSync(path.join(top, 'sos_commands', 'kernel'), { recursive: true });
  fs.mkdirSync(path.join(top, 'var', 'log'), { recursive: true });
  fs.writeFileSync(path.join(top, 'sos_commands', 'kernel', 'uname_-a'), 'Linux node1 6.1.0-13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29) x86_64 GNU/Linux\n');
  fs.writeFileSync(path.join(top, 'var', 'log', 'kubelet.log'), KUBELET);
  fs.symlinkSync('sos_commands/kernel/uname_-a', path.join(top, 'uname'));
  fs.symlinkSync('var/log', path.join(top, 'logs'));
  return top;
}

function tar(args: string[], cwd: string): void {
  execFileSync('tar', args, { cwd, stdio: 'pipe' });
}

async function ingestAndCheck(file: string) {
  const r = await ingestBundle(db, file);
  expect(r.errors).toEqual([]);
  expect(r.incomplete).toBe(false);
  const paths = (await bundlesApi(db).listArtifacts(r.id)).map((a) => a.path).sort();
  expect(paths).toEqual(['bundle-node1/sos_commands/kernel/uname_-a', 'bundle-node1/var/log/kubelet.log']);
  // The link is an alias of its target: reading it reads the target; nothing was written to disk.
  const alias = findArtifact(db, r.id, 'bundle-node1/uname');
  expect(alias && readArtifactText(db, alias.id)).toMatch(/^Linux node1 6\.1\.0-13-amd64/);
  expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
  const facts = (await bundlesApi(db).getBundle(r.id)).facts;
  expect(facts).toMatchObject({ hostname: 'node1', kernel: '6.1.0-13-amd64', layout: 'sosreport (sos)' });
  return r;
}

describe('bundle packings, built with the real tools', () => {
  it.each([
    ['tar.xz', ['-cJf'], 'xz'],
    ['tar.bz2', ['-cjf'], 'bzip2'],
    ['tar.zst', ['--zstd', '-cf'], 'zstd'],
  ])('reads a .%s streamed, links inside it as aliases', async (ext, flags, packing) => {
    makeTree(dir);
    const file = path.join(dir, `b.${ext}`);
    tar([...flags, file, 'bundle-node1'], dir);
    expect(packingOf(fs.readFileSync(file).subarray(0, 512))).toBe(packing);
    await ingestAndCheck(file);
  });

  it('reads a .zip, its stored symbolic links (zip -y) as aliases', async () => {
    makeTree(dir);
    const file = path.join(dir, 'b.zip');
    execFileSync('zip', ['-qry', file, 'bundle-node1'], { cwd: dir });
    expect(packingOf(fs.readFileSync(file).subarray(0, 512))).toBe('zip');
    await ingestAndCheck(file);
  });

  it("reads a node zip's large log whole, and names an entry whose data is damaged or shorter than declared", async () => {
    const top = path.join(dir, 'node1');
    fs.mkdirSync(path.join(top, 'logs'), { recursive: true });
    // Harvester's node zip holds a 30 MB log: it is inflated in large pieces, every line kept.
    const big = Array.from({ length: 200_000 }, (_, i) => `Dec  1 10:00:00 node1 rke2[1]: request ${i} served\n`).join('');
    fs.writeFileSync(path.join(top, 'logs', 'rke2.log'), big);
    for (const name of ['damaged.log', 'short.log']) fs.writeFileSync(path.join(top, 'logs', name), `Dec  1 10:00:00 node1 app[1]: ${name} ${'x'.repeat(400)}\n`.repeat(50));
    fs.writeFileSync(path.join(top, 'logs', 'kubelet.log'), KUBELET);
    const file = path.join(dir, 'node1.zip');
    execFileSync('zip', ['-qr', file, 'node1'], { cwd: dir });
    const zip = fs.readFileSync(file);
    // The first byte of damaged.log's deflate data: a block of the reserved type 3.
    const local = zip.indexOf('node1/logs/damaged.log') - 30;
    zip[local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)] = 0x07;
    // short.log's central directory entry says it holds a byte more than its data inflates to.
    const central = zip.lastIndexOf('node1/logs/short.log') - 46;
    zip.writeUInt32LE(zip.readUInt32LE(central + 24) + 1, central + 24);
    fs.writeFileSync(file, zip);
    const r = await ingestBundle(db, file);
    expect(r.errors.map((e) => [e.path, e.message])).toEqual([
      ['node1/logs/damaged.log', 'the zip entry is damaged (invalid block type); none of it was read'],
      ['node1/logs/short.log', "the zip entry is damaged (it inflates to 22050 bytes, not the 22051 the zip's directory declares); the 22050 bytes before it were read"],
    ]);
    expect(countLogs(db, { bundle: r.id, text: 'served' }).total).toBe(200_000);
    expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
  });

  it("reads a node zip of 2,000 small logs in a few large reads, and inflates each log in one call", async () => {
    // yauzl read each directory record, local header and entry apart (three round trips through libuv's
    // pool per log), and a streaming inflater with a megabyte of buffer each: 20,000 logs took 7.6 s.
    const top = path.join(dir, 'node1', 'logs');
    fs.mkdirSync(top, { recursive: true });
    for (let i = 0; i < 2000; i++) fs.writeFileSync(path.join(top, `${i}.log`), `Dec  1 10:00:00 node1 app[1]: request ${i} served\n`.repeat(1 + (i % 5)));
    const file = path.join(dir, 'node1.zip');
    execFileSync('zip', ['-qr', file, 'node1'], { cwd: dir });
    const reads = vi.spyOn(fs, 'read');
    const inflaters = vi.spyOn(zlib, 'createInflateRaw');
    try {
      const r = await ingestBundle(db, file);
      expect(r.errors).toEqual([]);
      expect(countLogs(db, { bundle: r.id, text: 'served' }).total).toBe(2000 * 3);
      // Each 64 KB block about once: the directory's blocks, then the entries'.
      const blocks = Math.ceil(fs.statSync(file).size / 2 ** 16);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(blocks + 2);
      expect(inflaters).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
      inflaters.mockRestore();
    }
  });

  it("ends a node zip's progress at its end, though its folders' own headers are never read", async () => {
    // A node's zip holds two folders per pod log: counting only the bytes read, its progress stopped at 65%.
    for (let i = 0; i < 2000; i++) {
      const pod = path.join(dir, 'node1', 'logs', 'pods', `default_web-${i}_${String(i).padStart(8, '0')}-aaaa-bbbb-cccc`, 'app');
      fs.mkdirSync(pod, { recursive: true });
      fs.writeFileSync(path.join(pod, '0.log'), `2026-12-01T10:00:00.000000000Z stdout F request ${i} served\n`);
    }
    const file = path.join(dir, 'node1.zip');
    execFileSync('zip', ['-qr', file, 'node1'], { cwd: dir });
    const size = fs.statSync(file).size;
    const seen: { bytesRead: number }[] = [];
    const r = await ingestBundle(db, file, { onProgress: (p) => seen.push(p) });
    expect(r.errors).toEqual([]);
    expect(seen.every((p) => p.bytesRead <= size)).toBe(true);
    expect(seen.at(-1)!.bytesRead).toBeGreaterThan(size * 0.9);
  });

  it("stores a small zip entry's own deflate data as its chunk: nothing is deflated again, every byte reads back", async () => {
    // Inflated, then deflated again on the chunk deflater's thread: for a node's zip of 100,000 pod logs
    // that was a fifth of the ingest's CPU (16.4 s against 12.7 s), for bytes the zip already held deflated.
    const top = path.join(dir, 'node1', 'logs');
    fs.mkdirSync(top, { recursive: true });
    const text = (i: number) => `2026-12-01T10:00:0${i % 10}.000000000Z stdout F request ${i} served\n`.repeat(50 + i);
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(top, `${i}.log`), text(i));
    // A stored entry (zip -0 keeps it as it is) has no deflate data of its own: it is deflated as any file.
    fs.writeFileSync(path.join(top, 'stored.log'), text(99));
    const file = path.join(dir, 'node1.zip');
    execFileSync('zip', ['-qr', file, 'node1', '-x', 'node1/logs/stored.log'], { cwd: dir });
    execFileSync('zip', ['-q0', file, 'node1/logs/stored.log'], { cwd: dir });
    const deflates = vi.spyOn(zlib, 'deflateRawSync');
    try {
      const r = await ingestBundle(db, file);
      expect(r.errors).toEqual([]);
      for (let i = 0; i < 20; i++) expect(readArtifactText(db, findArtifact(db, r.id, `node1/logs/${i}.log`)!.id)).toBe(text(i));
      expect(readArtifactText(db, findArtifact(db, r.id, 'node1/logs/stored.log')!.id)).toBe(text(99));
      expect(deflates).toHaveBeenCalledTimes(1);
    } finally {
      deflates.mockRestore();
    }
  });

  it("tells a zip's progress in the zip's own bytes, so the bomb check's ratio means what it says", async () => {
    // The bytes read were counted as the entries expanded: a zip of logs read "2,000%" of its size, and
    // its expansion ratio was always 1:1 (the check against bombs never fired for a zip).
    const top = path.join(dir, 'node1', 'logs');
    fs.mkdirSync(top, { recursive: true });
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(top, `${i}.log`), `Dec  1 10:00:00 node1 app[1]: request ${i} served\n`.repeat(2000));
    const file = path.join(dir, 'node1.zip');
    execFileSync('zip', ['-qr', file, 'node1'], { cwd: dir });
    const size = fs.statSync(file).size;
    const seen: { bytesRead: number; totalBytes: number }[] = [];
    const r = await ingestBundle(db, file, { onProgress: (p) => seen.push(p) });
    expect(r.errors).toEqual([]);
    const expanded = 200 * 2000 * 50;
    expect(size).toBeLessThan(expanded / 20);
    expect(seen.every((p) => p.totalBytes === size && p.bytesRead <= size)).toBe(true);
    expect(seen.at(-1)!.bytesRead).toBeGreaterThan(size * 0.9);
  });

  it('refuses only the zip entry named outside the bundle (../x), and reads a name written with backslashes', async () => {
    const top = path.join(dir, 'node1');
    fs.mkdirSync(path.join(top, 'xx'), { recursive: true });
    fs.writeFileSync(path.join(top, 'xx', 'escape.txt'), 'x\n');
    fs.writeFileSync(path.join(top, 'w-app.log'), 'Dec  1 10:00:00 node1 app[1]: written on windows\n');
    fs.writeFileSync(path.join(top, 'kubelet.log'), KUBELET);
    const file = path.join(dir, 'node1.zip');
    execFileSync('zip', ['-q', file, 'node1/xx/escape.txt', 'node1/w-app.log', 'node1/kubelet.log'], { cwd: dir });
    // Renamed in place (same lengths), in the local headers and the central directory alike.
    const zip = fs.readFileSync(file).toString('latin1').replaceAll('node1/xx/escape.txt', 'node1/../escape.txt').replaceAll('node1/w-app.log', 'node1\\w-app.log');
    fs.writeFileSync(file, Buffer.from(zip, 'latin1'));
    const r = await ingestBundle(db, file);
    expect(r.errors).toEqual([{ path: 'node1/../escape.txt', message: 'path traversal ("..") refused' }]);
    expect((await bundlesApi(db).listArtifacts(r.id)).map((a) => a.path).sort()).toEqual(['node1/kubelet.log', 'node1/w-app.log']);
    expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
  });

  it.each([
    ['written to a file', (out: string) => execFileSync('zip', ['-q', out, 'node1/a.log', 'node1/b.log', 'node1/c.log'], { cwd: dir })],
    // To a pipe, zip writes each entry's sizes after its data (as Go's archive/zip does): its end is found by inflating.
    ['written to a pipe', (out: string) => fs.writeFileSync(out, execFileSync('zip', ['-q', '-', 'node1/a.log', 'node1/b.log', 'node1/c.log'], { cwd: dir, maxBuffer: 1 << 26 }))],
  ])('reads a zip cut short (its directory, written last, missing) from its entries own headers, up to the cut: %s', async (_how, write) => {
    fs.mkdirSync(path.join(dir, 'node1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node1', 'a.log'), KUBELET);
    fs.writeFileSync(path.join(dir, 'node1', 'b.log'), Array.from({ length: 20_000 }, (_, i) => `Dec  1 10:00:00 node1 app[1]: request ${i} ${((i * 2654435761) >>> 0).toString(36)}\n`).join(''));
    fs.writeFileSync(path.join(dir, 'node1', 'c.log'), 'Dec  1 10:00:00 node1 app[1]: after the cut\n');
    const whole = path.join(dir, 'node1.zip');
    write(whole);
    const zip = fs.readFileSync(whole);
    const cutAt = zip.indexOf('node1/c.log') - 30 - 4096;
    const cut = path.join(dir, 'node1-cut.zip');
    fs.writeFileSync(cut, zip.subarray(0, cutAt));
    const message = new RegExp(
      String.raw`^the zip has no directory at its end \(a download cut short\?\), so its entries were read from their own headers: it ends inside the entry node1/b\.log \(byte ${cutAt}\), whose start was read`,
    );

    const r = await ingestBundle(db, cut);
    expect(r.errors).toEqual([{ path: null, message: expect.stringMatching(new RegExp(`${message.source} \\(after 2 files\\)$`)) }]);
    expect(r.incomplete).toBe(true);
    expect((await bundlesApi(db).listArtifacts(r.id)).map((a) => a.path).sort()).toEqual(['node1/a.log', 'node1/b.log']);
    expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
    const kept = countLogs(db, { bundle: r.id, text: 'request' }).total;
    expect(kept).toBeGreaterThan(10_000);
    expect(kept).toBeLessThan(20_000);

    // The same zip inside a cluster's tarball: the entries before the cut are read there too.
    const outer = await writeTar(path.join(dir, 'cluster.tar.gz'), [{ name: 'cluster/nodes/node1.zip', content: fs.readFileSync(cut) }]);
    const nested = await ingestBundle(db, outer);
    expect(nested.errors).toEqual([{ path: 'cluster/nodes/node1.zip', message: expect.stringMatching(new RegExp(`^archive inside the bundle could not be read after 2 entries: ${message.source.slice(1)}$`)) }]);
    expect(searchLogs(db, { bundle: nested.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
  });

  it("reads a zip of node zips cut short after one of them: the stored node zip's end record is not taken for the bundle's", async () => {
    fs.mkdirSync(path.join(dir, 'node1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'kubelet.log'), KUBELET);
    fs.writeFileSync(path.join(dir, 'node1', 'app.log'), Array.from({ length: 200 }, (_, i) => `Dec  1 10:00:00 node1 app[1]: request ${i} served\n`).join(''));
    execFileSync('zip', ['-q', path.join(dir, 'node1.zip'), 'node1/app.log'], { cwd: dir });
    // Stored (-0), as a bundle of zips is written: the node zip's own end record is the last bytes before the cut.
    const whole = path.join(dir, 'bundle.zip');
    execFileSync('zip', ['-q', '-0', whole, 'kubelet.log', 'node1.zip'], { cwd: dir });
    const zip = fs.readFileSync(whole);
    const cutAt = zip.lastIndexOf(Buffer.from('PK\x01\x02', 'latin1'), zip.indexOf('kubelet.log', zip.length - 200) - 46);
    const cut = path.join(dir, 'bundle-cut.zip');
    fs.writeFileSync(cut, zip.subarray(0, cutAt));
    const stopped = `the zip has no directory at its end (a download cut short?), so its entries were read from their own headers: it ends after its last whole entry (byte ${cutAt})`;

    const r = await ingestBundle(db, cut);
    expect(r.errors).toEqual([{ path: null, message: `${stopped} (after 2 files)` }]);
    expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
    expect(countLogs(db, { bundle: r.id, text: 'request served' }).total).toBe(200);

    // The same cut zip inside a cluster's tarball (read in memory): its entries are read there too.
    const nested = await ingestBundle(db, await writeTar(path.join(dir, 'cluster.tar.gz'), [{ name: 'cluster/bundle.zip', content: fs.readFileSync(cut) }]));
    expect(nested.errors).toEqual([{ path: 'cluster/bundle.zip', message: `archive inside the bundle could not be read after 2 entries: ${stopped}` }]);
    expect(countLogs(db, { bundle: nested.id, text: 'request served' }).total).toBe(200);
  });

  it('reads past a damaged entry of a zip cut short when its header gives its size, and stops at one whose size comes after it', async () => {
    fs.mkdirSync(path.join(dir, 'node1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node1', 'a.log'), `Dec  1 10:00:00 node1 app[1]: damaged ${'x'.repeat(400)}\n`.repeat(50));
    fs.writeFileSync(path.join(dir, 'node1', 'b.log'), KUBELET);
    fs.writeFileSync(path.join(dir, 'node1', 'c.log'), 'Dec  1 10:00:00 node1 app[1]: at the cut\n'.repeat(2000));
    const files = ['node1/a.log', 'node1/b.log', 'node1/c.log'];
    const damagedCut = (zip: Buffer): Buffer => {
      // The first byte of a.log's deflate data: a block of the reserved type 3; then cut inside c.log.
      zip[30 + zip.readUInt16LE(26) + zip.readUInt16LE(28)] = 0x07;
      return zip.subarray(0, zip.indexOf('node1/c.log') + 200);
    };
    const toFile = path.join(dir, 'to-file.zip');
    execFileSync('zip', ['-q', toFile, ...files], { cwd: dir });
    fs.writeFileSync(toFile, damagedCut(fs.readFileSync(toFile)));
    const sized = await ingestBundle(db, toFile);
    expect(sized.errors.map((e) => [e.path, e.message])).toEqual([
      ['node1/a.log', 'the zip entry is damaged (invalid block type); none of it was read'],
      [null, expect.stringMatching(/: it ends inside the entry node1\/c\.log \(byte \d+\), whose start was read \(after 3 files\)$/)],
    ]);
    expect(searchLogs(db, { bundle: sized.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);

    const piped = path.join(dir, 'piped.zip');
    fs.writeFileSync(piped, damagedCut(execFileSync('zip', ['-q', '-', ...files], { cwd: dir })));
    const after = await ingestBundle(db, piped);
    expect(after.errors.map((e) => [e.path, e.message])).toEqual([
      ['node1/a.log', 'the zip entry is damaged (invalid block type); none of it was read'],
      [null, expect.stringMatching(/: the entry node1\/a\.log is damaged, and the entries after it cannot be found \(its size comes after its data\) \(after 1 file\)$/)],
    ]);
  });

  it("reads a node zip larger than it holds in memory as it streams, inside a cluster's tarball, and says where a cut one stops", async () => {
    fs.mkdirSync(path.join(dir, 'node1', 'logs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node1', 'logs', 'kubelet.log'), KUBELET);
    // A core file of random bytes: the zip stays larger than ZIP_IN_MEMORY_BYTES.
    fs.writeFileSync(path.join(dir, 'node1', 'core.1'), crypto.randomBytes(ZIP_IN_MEMORY_BYTES + 2 ** 20));
    const zipped = path.join(dir, 'node1.zip');
    execFileSync('zip', ['-q', zipped, 'node1/logs/kubelet.log', 'node1/core.1'], { cwd: dir });
    const zip = fs.readFileSync(zipped);
    expect(zip.length).toBeGreaterThan(ZIP_IN_MEMORY_BYTES);

    const whole = await ingestBundle(db, await writeTar(path.join(dir, 'cluster.tar.gz'), [{ name: 'cluster/nodes/node1.zip', content: zip }]));
    expect(whole.errors).toEqual([]);
    expect(searchLogs(db, { bundle: whole.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
    expect(findArtifact(db, whole.id, 'cluster/nodes/node1/node1/core.1')).toMatchObject({ kind: 'binary', bytes: ZIP_IN_MEMORY_BYTES + 2 ** 20, truncated: false });

    const cutAt = ZIP_IN_MEMORY_BYTES + 2 ** 19;
    const cut = await ingestBundle(db, await writeTar(path.join(dir, 'cut.tar.gz'), [{ name: 'cluster/nodes/node1.zip', content: zip.subarray(0, cutAt) }]));
    expect(cut.errors).toEqual([
      {
        path: 'cluster/nodes/node1.zip',
        message: `archive inside the bundle could not be read after 2 entries: its entries were read from their own headers as it streamed: it ends inside the entry node1/core.1 (byte ${cutAt}), whose start was read`,
      },
    ]);
    expect(searchLogs(db, { bundle: cut.id, text: 'ImagePullBackOff' }).lines).toHaveLength(1);
  });

  it('tells the packing by content, not by name', async () => {
    makeTree(dir);
    const file = path.join(dir, 'renamed.tar.gz');
    tar(['-cJf', file, 'bundle-node1'], dir);
    const r = await ingestAndCheck(file);
    expect(r.node).toBe('node1');
  });

  it('opens archives nested in the bundle (a node zip inside a cluster tarball) under the same caps', async () => {
    makeTree(dir);
    execFileSync('zip', ['-qry', path.join(dir, 'node1.zip'), 'bundle-node1'], { cwd: dir });
    tar(['-cJf', path.join(dir, 'node2.tar.xz'), 'bundle-node1'], dir);
    const outer = await writeTar(path.join(dir, 'cluster.tar.gz'), [
      { name: 'cluster/nodes/node1.zip', content: fs.readFileSync(path.join(dir, 'node1.zip')) },
      { name: 'cluster/nodes/node2.tar.xz', content: fs.readFileSync(path.join(dir, 'node2.tar.xz')) },
      { name: 'cluster/not-really.zip', content: 'just text\n' },
    ]);
    const r = await ingestBundle(db, outer);
    expect(r.errors).toEqual([]);
    const paths = (await bundlesApi(db).listArtifacts(r.id)).map((a) => a.path).sort();
    expect(paths).toEqual([
      'cluster/nodes/node1/bundle-node1/sos_commands/kernel/uname_-a',
      'cluster/nodes/node1/bundle-node1/var/log/kubelet.log',
      'cluster/nodes/node2/bundle-node1/sos_commands/kernel/uname_-a',
      'cluster/nodes/node2/bundle-node1/var/log/kubelet.log',
      'cluster/not-really.zip',
    ]);
    expect(findArtifact(db, r.id, 'cluster/nodes/node2/bundle-node1/uname')).toBeDefined();
    expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines).toHaveLength(2);
  });

  it("stops an xz bomb at the expansion check, and leaves no xz of its own running", async () => {
    const top = path.join(dir, 'bomb');
    fs.mkdirSync(top);
    fs.writeFileSync(path.join(top, 'letters.log'), Buffer.alloc(64 * 1024 * 1024, 'a'));
    const file = path.join(dir, 'bomb.tar.xz');
    tar(['-cJf', file, 'bomb'], dir);
    fs.rmSync(top, { recursive: true });
    // 64 MiB of one letter are about 10 KiB of xz: past 8 MiB read, the ratio gives the bomb away.
    const r = await ingestBundle(db, file, { limits: { ratioFloorBytes: 8 * 1024 * 1024 } });
    expect(r.errors.map((e) => e.message)).toContain('stopped reading at bomb/letters.log: the archive expands more than 1000:1 (a decompression bomb?)');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const children = execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n');
    expect(children).not.toContain('xz');
  });

  it('caps each entry of an xz stream like a gzip one', async () => {
    const top = path.join(dir, 'big');
    fs.mkdirSync(top);
    fs.writeFileSync(path.join(top, 'huge.log'), 'x'.repeat(3 * 1024 * 1024));
    const file = path.join(dir, 'big.tar.xz');
    tar(['-cJf', file, 'big'], dir);
    const r = await ingestBundle(db, file, { limits: { maxEntryBytes: 1024 * 1024 } });
    expect(r.errors).toEqual([{ path: 'big/huge.log', message: 'entry expands past 1048576 bytes; only the first 1048576 were kept' }]);
    expect(findArtifact(db, r.id, 'big/huge.log')?.bytes).toBe(1024 * 1024);
  });

  it.each([
    ['xz', ['-cJf'], undefined],
    ['xz (the WebAssembly decoder, as on a machine without xz)', ['-cJf'], 'wasm'],
    ['bzip2', ['-cjf'], undefined],
    ['zstd', ['--zstd', '-cf'], undefined],
  ])('says a truncated %s bundle is truncated (a partial download) instead of crashing', async (_name, flags, xzDecoder) => {
    const top = path.join(dir, 'c');
    fs.mkdirSync(top);
    fs.writeFileSync(path.join(top, 'a.log'), 'first file\n');
    // Incompressible bytes, so that the cut lands inside this second file's compressed data.
    fs.writeFileSync(path.join(top, 'b.log'), Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24)));
    const file = path.join(dir, 'c.tar.x');
    tar([...flags, file, 'c'], dir);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const before = process.env.NODESCOPE_XZ;
    if (xzDecoder) process.env.NODESCOPE_XZ = xzDecoder;
    const outcome = await ingestBundle(db, file)
      .then(
        (r) => r.errors.map((e) => e.message).join('; '),
        (e: Error) => e.message,
      )
      .finally(() => (before === undefined ? delete process.env.NODESCOPE_XZ : (process.env.NODESCOPE_XZ = before)));
    expect(outcome).toMatch(/truncated|corrupt|unexpected end/i);
  });
});

describe('compressed files inside a bundle (rotated logs, as sos and Rancher collect /var/log)', () => {
  /** `text` through a real compressor: gzip, xz, bzip2 or zstd. */
  const pack = (tool: string, text: string | Buffer): Buffer => execFileSync(tool, ['-c'], { input: text, maxBuffer: 1 << 28 });
  const syslog = (host: string) => `Dec  1 10:00:00 ${host} kubelet[1]: E1201 10:00:00.000000       1 pod_workers.go:1] "Error syncing pod" err="ImagePullBackOff"\n`;

  it('reads a rotated log compressed by gzip, xz, bzip2 or zstd as the log it holds, named without the suffix', async () => {
    const file = await writeTar(path.join(dir, 'rotated.tar.gz'), [
      { name: 'sos/var/log/syslog', content: syslog('node1') },
      { name: 'sos/var/log/syslog.2.gz', content: pack('gzip', syslog('node1')) },
      { name: 'sos/var/log/kern.log.1.xz', content: pack('xz', syslog('node1')) },
      { name: 'sos/var/log/messages.bz2', content: pack('bzip2', syslog('node1')) },
      { name: 'sos/var/log/daemon.log.zst', content: pack('zstd', syslog('node1')) },
      // kubelet's own rotation of a container's log.
      { name: 'sos/var/log/pods/default_web-1_5f0c/app/0.log.20261201-100000.gz', content: pack('gzip', '2026-12-01T10:00:00.000000000Z stderr F pull failed: ImagePullBackOff\n') },
      // Not compressed after all: kept as it is, under its name.
      { name: 'sos/var/log/notes.gz', content: 'plain words\n' },
    ]);
    const r = await ingestBundle(db, file);
    expect(r.errors).toEqual([]);
    const paths = (await bundlesApi(db).listArtifacts(r.id)).map((a) => a.path).sort();
    expect(paths).toEqual([
      'sos/var/log/daemon.log',
      'sos/var/log/kern.log.1',
      'sos/var/log/messages',
      'sos/var/log/notes.gz',
      'sos/var/log/pods/default_web-1_5f0c/app/0.log.20261201-100000',
      'sos/var/log/syslog',
      'sos/var/log/syslog.2',
    ]);
    expect(readArtifactText(db, findArtifact(db, r.id, 'sos/var/log/syslog.2')!.id)).toBe(syslog('node1'));
    const hits = searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines;
    expect(hits).toHaveLength(6);
    expect(hits.find((l) => l.artifact.includes('/pods/'))).toMatchObject({ source: 'default/web-1/app', time: '2026-12-01T10:00:00.000Z' });
  });

  it('reads a compressed log whose name says nothing (gzip, xz, bzip2 or zstd output kept as kubelet.log) as the log it holds, under its own name', async () => {
    // A node's logs compressed in place by a rotation tool that kept their names, packed by GNU tar.
    const top = path.join(dir, 'node1');
    for (const d of ['var/log', 'debug', 'crash']) fs.mkdirSync(path.join(top, d), { recursive: true });
    const logs = { 'var/log/kubelet.log': 'gzip', 'var/log/containerd.log': 'xz', 'var/log/crio.log': 'bzip2', 'var/log/etcd.log': 'zstd' };
    for (const [name, tool] of Object.entries(logs)) fs.writeFileSync(path.join(top, name), pack(tool, syslog('node1')));
    const profile = fs.readFileSync(path.resolve(__dirname, '../../../../test/fixtures/pprof/etcd-3.4.23/heap.pb.gz'));
    fs.writeFileSync(path.join(top, 'debug', 'heap-profile'), profile);
    const core = pack('gzip', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0x1f)));
    fs.writeFileSync(path.join(top, 'crash', 'core.1'), core);
    // Bytes that start as a gzip member's header would, by chance: what follows is not deflate data.
    const chance = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]), Buffer.from('\xff\xfe not deflate data at all\n'.repeat(40), 'latin1')]);
    fs.writeFileSync(path.join(top, 'crash', 'record.bin'), chance);
    fs.writeFileSync(path.join(top, 'var/log', 'notes.log'), 'BZh91AY is how a bzip2 starts; this note is not one\n');
    tar(['czf', 'node1.tar.gz', 'node1'], dir);
    const r = await ingestBundle(db, path.join(dir, 'node1.tar.gz'));
    expect(r.errors).toEqual([]);
    const artifacts = (await bundlesApi(db).listArtifacts(r.id)).map((a) => [a.path, a.kind === 'binary' || a.kind === 'pprof' ? a.kind : 'text', a.bytes]);
    expect(artifacts.sort()).toEqual([
      ['node1/crash/core.1', 'binary', core.length],
      ['node1/crash/record.bin', 'binary', chance.length],
      ['node1/debug/heap-profile', 'pprof', profile.length],
      ...Object.keys(logs).map((name) => [`node1/${name}`, 'text', syslog('node1').length]),
      ['node1/var/log/notes.log', 'text', fs.statSync(path.join(top, 'var/log/notes.log')).size],
    ].sort());
    expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines.map((l) => l.artifact).sort()).toEqual(Object.keys(logs).map((name) => `node1/${name}`).sort());
  });

  it('keeps a compressed log under its own name when the bundle also has the file it would be named', async () => {
    const file = await writeTar(path.join(dir, 'both.tar.gz'), [
      { name: 'b/kubelet.log', content: syslog('node1') },
      { name: 'b/kubelet.log.gz', content: pack('gzip', syslog('node2')) },
    ]);
    const r = await ingestBundle(db, file);
    expect(r.errors).toEqual([]);
    expect(readArtifactText(db, findArtifact(db, r.id, 'b/kubelet.log')!.id)).toContain('node1');
    expect(readArtifactText(db, findArtifact(db, r.id, 'b/kubelet.log.gz')!.id)).toContain('node2');
  });

  it('reads a compressed tar named like a file (hotsos packs folders as logs.xz) as an archive', async () => {
    makeTree(dir);
    const inner = execFileSync('tar', ['-cJf', '-', 'bundle-node1'], { cwd: dir, maxBuffer: 1 << 28 });
    const file = await writeTar(path.join(dir, 'hotsos.tar.gz'), [{ name: 'root/sos_commands/logs.xz', content: inner }]);
    const r = await ingestBundle(db, file);
    expect(r.errors).toEqual([]);
    const paths = (await bundlesApi(db).listArtifacts(r.id)).map((a) => a.path).sort();
    expect(paths).toEqual(['root/sos_commands/logs/bundle-node1/sos_commands/kernel/uname_-a', 'root/sos_commands/logs/bundle-node1/var/log/kubelet.log']);
  });

  it('names a truncated compressed log and keeps the lines before the cut', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `Dec  1 10:00:00 node1 app[1]: request ${i} ${((i * 2654435761) >>> 0).toString(36)}\n`).join('');
    const whole = pack('gzip', lines);
    const file = await writeTar(path.join(dir, 'cut.tar.gz'), [{ name: 'b/app.log.gz', content: whole.subarray(0, whole.length >> 1) }]);
    const r = await ingestBundle(db, file);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: 'b/app.log', message: expect.stringMatching(/^b\/app\.log\.gz is truncated: the gzip data ends at byte \d+, .*; what came before was read$/) });
    const kept = readArtifactText(db, findArtifact(db, r.id, 'b/app.log')!.id);
    expect(kept.startsWith('Dec  1 10:00:00 node1 app[1]: request 0 ')).toBe(true);
    expect(kept.length).toBeGreaterThan(lines.length / 4);
  });

  it("inflates a node's thousands of rotated pod logs without a buffer of their own for each", async () => {
    // Each unpooled buffer lives until V8 collects it: 40,000 rotated logs, each looked at and inflated
    // into 16 KB buffers, then copied, held some 40 MB of them in the ingest's memory at a time.
    const pods = Array.from({ length: 400 }, (_, i) => ({
      name: `var/log/pods/default_web-${i}_5f0c/app/0.log.20261201-100000.gz`,
      content: zlib.gzipSync(Array.from({ length: 20 }, (_, k) => `2026-12-01T10:00:${String(k).padStart(2, '0')}.000000000Z stderr F request ${i}-${k} served\n`).join('')),
    }));
    const file = await writeTar(path.join(dir, 'pods.tar.gz'), pods);
    let unpooled = 0;
    const counted = (alloc: (size: number) => Buffer<ArrayBuffer>) => (size: number) => {
      if (size >= Buffer.poolSize >>> 1) unpooled++;
      return alloc(size);
    };
    const { allocUnsafe, allocUnsafeSlow } = Buffer;
    const spies = [vi.spyOn(Buffer, 'allocUnsafe').mockImplementation(counted(allocUnsafe)), vi.spyOn(Buffer, 'allocUnsafeSlow').mockImplementation(counted(allocUnsafeSlow))];
    let id: number;
    try {
      const r = await ingestBundle(db, file);
      expect(r.errors).toEqual([]);
      id = r.id;
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(countLogs(db, { bundle: id, text: 'served' }).total).toBe(8000);
    // The archive's own reading takes a few; before, each log took three (two 16 KB inflate buffers, a copy).
    expect(unpooled).toBeLessThan(100);
  });

  it("inflates each of a node's rotated logs once, not its head first to see what it holds", async () => {
    // A /var/log of 4,334 rotated logs: each one's first 512 bytes were inflated to look at, then the
    // whole file again. The look cost more than the inflating (a new inflater each time).
    const logs = Array.from({ length: 300 }, (_, i) => ({
      name: `var/log/app-${i}.log.${i % 5}.gz`,
      content: zlib.gzipSync(`Dec  1 10:00:00 node1 app[1]: request ${i} served\n`.repeat(40)),
    }));
    const core = { name: 'var/crash/core.1.gz', content: zlib.gzipSync(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0x1f))) };
    const file = await writeTar(path.join(dir, 'var-log.tar.gz'), [...logs, core]);
    // A log of one gzip member is inflated from its deflate data (kept for the chunk store), others by gunzip.
    const inflates = [vi.spyOn(zlib, 'gunzipSync'), vi.spyOn(zlib, 'inflateRawSync')];
    const deflates = vi.spyOn(zlib, 'deflateRawSync');
    try {
      const r = await ingestBundle(db, file);
      expect(r.errors).toEqual([]);
      expect(countLogs(db, { bundle: r.id, text: 'served' }).total).toBe(300 * 40);
      expect(findArtifact(db, r.id, 'var/crash/core.1.gz')).toMatchObject({ kind: 'binary' });
      // The core twice: once to see it holds binary, once to see it is not a profile.
      expect(inflates.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(logs.length + 2);
      // Each log's chunk is its own gzip's deflate data, not deflated again (the core's 78 gzipped bytes are
      // stored as they are, under STORED_MAX_BYTES): nothing is deflated.
      expect(deflates).not.toHaveBeenCalled();
      expect(readArtifactText(db, findArtifact(db, r.id, 'var/log/app-7.log.2')!.id)).toBe('Dec  1 10:00:00 node1 app[1]: request 7 served\n'.repeat(40));
    } finally {
      for (const spy of [...inflates, deflates]) spy.mockRestore();
    }
  });

  it('keeps a gzip of binary data (a bomb of zeros, a profile) as it is, and stops an xz bomb at the expansion check', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const gz = await writeTar(path.join(dir, 'gz-bomb.tar.gz'), [
      { name: 'b/zeros.log.gz', content: pack('gzip', zeros) },
      { name: 'b/heap.pb.gz', content: fs.readFileSync(path.resolve(__dirname, '../../../../test/fixtures/pprof/etcd-3.4.23/heap.pb.gz')) },
    ]);
    const kept = await ingestBundle(db, gz);
    expect(kept.errors).toEqual([]);
    expect((await bundlesApi(db).listArtifacts(kept.id)).map((a) => [a.path, a.kind]).sort()).toEqual([['b/heap.pb.gz', 'pprof'], ['b/zeros.log.gz', 'binary']]);
    const xz = await writeTar(path.join(dir, 'xz-bomb.tar.gz'), [{ name: 'b/zeros.log.xz', content: pack('xz', zeros) }]);
    const stopped = await ingestBundle(db, xz, { limits: { maxZeroBytes: 8 * 1024 * 1024 } });
    expect(stopped.errors.map((e) => e.message)).toContain(
      'stopped reading at b/zeros.log.xz: more than 8388608 bytes of zeros (the holes of a sparse file such as /var/log/lastlog, or a decompression bomb); the files before it were read',
    );
  });
});

describe('a single log file given as the bundle, as an operator opens it in lnav', () => {
  const pack = (tool: string, text: string | Buffer): Buffer => execFileSync(tool, ['-c'], { input: text, maxBuffer: 1 << 28 });
  const journal = Array.from({ length: 5 }, (_, i) => `Dec  1 10:00:0${i} node1 kubelet[1]: E1201 10:00:0${i}.000000       1 pod_workers.go:1] "Error syncing pod" err="ImagePullBackOff"\n`).join('');

  it.each([
    ['plain', 'kubelet.log', null],
    ['gzip', 'kubelet.log.gz', 'gzip'],
    ['xz', 'kubelet.log.xz', 'xz'],
    ['bzip2', 'kubelet.log.bz2', 'bzip2'],
    ['zstd', 'kubelet.log.zst', 'zstd'],
  ])('reads a %s log file as a bundle of that one file', async (_name, fileName, tool) => {
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, tool ? pack(tool, journal) : journal);
    const r = await ingestBundle(db, file);
    expect(r.errors).toEqual([]);
    expect(r.incomplete).toBe(false);
    expect(r.node).toBe('node1');
    expect((await bundlesApi(db).listArtifacts(r.id)).map((a) => [a.path, a.kind])).toEqual([['kubelet.log', 'syslog']]);
    expect(searchLogs(db, { bundle: r.id, text: 'ImagePullBackOff' }).lines).toHaveLength(5);
    expect((await bundlesApi(db).getBundle(r.id)).facts.timeSource).toMatch(/^the file's modification time/);
  });

  it('refuses a file that is neither an archive nor a log, compressed or not, in one line that says so', async () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'my notes\nfor the incident\n');
    fs.writeFileSync(path.join(dir, 'notes.txt.gz'), pack('gzip', 'my notes\nfor the incident\n'));
    await expect(ingestBundle(db, path.join(dir, 'notes.txt'))).rejects.toThrow(/notes\.txt: not a bundle: neither an archive .* nor a folder, nor a log file$/);
    await expect(ingestBundle(db, path.join(dir, 'notes.txt.gz'))).rejects.toThrow(/notes\.txt\.gz: not a bundle: it is gzip-compressed, but what it holds is neither a tar archive nor a log file/);
  });

  it('keeps what came before the cut of a truncated compressed log, and says the file is truncated', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `Dec  1 10:00:00 node1 app[1]: request ${i} ${((i * 2654435761) >>> 0).toString(36)}\n`).join('');
    const whole = pack('gzip', lines);
    const file = path.join(dir, 'app.log.gz');
    fs.writeFileSync(file, whole.subarray(0, whole.length >> 1));
    const r = await ingestBundle(db, file);
    expect(r.incomplete).toBe(true);
    expect(r.errors.map((e) => [e.path, e.message])).toEqual([['app.log', expect.stringMatching(/^the file is truncated: the gzip data ends at byte \d+, .*; what came before was read \(after 1 file\)$/)]]);
    expect(readArtifactText(db, findArtifact(db, r.id, 'app.log')!.id).length).toBeGreaterThan(lines.length / 4);
  });
});
