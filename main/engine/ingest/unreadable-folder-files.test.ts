import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../store/workspace';
import { ingestBundle, UnreadableInputError } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';

/**
 * `nodescope ingest /var/log` by an operator who is not root: some files and folders there are root's
 * alone (btmp, audit/, private/). Root reads them all, so the tests make them unreadable as a user
 * finds them: chmod 000, and the same EACCES from the calls when the tests run as root.
 */
let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));
const chmodded: string[] = [];
// Before the workspace's own cleanup (hooks run last first): a folder left at 000 could not be removed.
afterEach(() => {
  vi.restoreAllMocks();
  for (const p of chmodded.splice(0)) fs.chmodSync(p, 0o755);
});

const line = (n: number) => `Nov  5 10:00:0${n} node1 kubelet[1]: folder line ${n}\n`;

function denied(syscall: string, p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EACCES: permission denied, ${syscall} '${p}'`), { code: 'EACCES', errno: -13, syscall, path: p });
}

/** Makes `paths` unreadable: chmod 000, and EACCES from open/readdir on them whoever runs the test. */
function makeUnreadable(paths: string[]): void {
  for (const p of paths) fs.chmodSync(p, 0o000);
  chmodded.push(...paths);
  const readdir = fs.promises.readdir.bind(fs.promises);
  vi.spyOn(fs.promises, 'readdir').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) =>
    paths.includes(String(p)) ? Promise.reject(denied('scandir', String(p))) : (readdir as (...a: unknown[]) => Promise<unknown>)(p, ...rest)) as typeof fs.promises.readdir);
  const createReadStream = fs.createReadStream.bind(fs);
  vi.spyOn(fs, 'createReadStream').mockImplementation(((p: fs.PathLike, options?: unknown) => {
    const stream = createReadStream(paths.includes(String(p)) ? '/dev/null' : p, options as Parameters<typeof fs.createReadStream>[1]);
    if (paths.includes(String(p))) process.nextTick(() => stream.destroy(denied('open', String(p))));
    return stream;
  }) as typeof fs.createReadStream);
}

function varLog(): string {
  const root = path.join(dir, 'var-log');
  fs.mkdirSync(path.join(root, 'audit'), { recursive: true });
  fs.writeFileSync(path.join(root, 'syslog'), line(1) + line(2));
  fs.writeFileSync(path.join(root, 'btmp'), line(3));
  fs.writeFileSync(path.join(root, 'audit', 'audit.log'), line(4));
  return root;
}

describe('a folder some of whose files or folders cannot be read', () => {
  it('is ingested with what can be read, each unreadable one named, not refused as a workspace that cannot be written', async () => {
    const root = varLog();
    makeUnreadable([path.join(root, 'btmp'), path.join(root, 'audit')]);
    const r = await ingestBundle(db, root);
    const paths = db.prepare('SELECT path FROM artifacts WHERE bundle_id = ? ORDER BY path').pluck().all(r.id);
    expect(paths).toEqual(['syslog']);
    expect(r.incomplete).toBe(true);
    expect(r.errors.map((e) => e.path).sort()).toEqual(['audit', 'btmp']);
    expect(r.errors.every((e) => /permission denied/.test(e.message))).toBe(true);
  });

  it('is refused as unreadable, naming it, when nothing in it can be read', async () => {
    const root = path.join(dir, 'only-secret');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'btmp'), line(1));
    makeUnreadable([path.join(root, 'btmp')]);
    await expect(ingestBundle(db, root)).rejects.toBeInstanceOf(UnreadableInputError);
  });
});
