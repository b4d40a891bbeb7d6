import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodescope } from '../support/cli';
import { tempDir, writeTar } from '../support/tarball';

/** `nodescope show` and `nodescope bundles`: what a CLI user has to see a bundle's facts and the workspace. */
let tmp: { dir: string; cleanup: () => void };
let db: string;
let bundle: string;

beforeAll(async () => {
  tmp = tempDir();
  db = path.join(tmp.dir, 'ws.db');
  bundle = await writeTar(path.join(tmp.dir, 'sosreport-node7-2026-12-02-abcdef.tar.gz'), [
    { name: 'sosreport-node7/sos_commands/kernel/uname_-a', content: 'Linux node7 6.1.0-13-amd64 #1 SMP Debian x86_64 GNU/Linux\n' },
    { name: 'sosreport-node7/sos_commands/date/date_--utc', content: 'Tue Nov  3 10:00:00 UTC 2026\n' },
    { name: 'sosreport-node7/usr/lib/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' },
    { name: 'sosreport-node7/etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
    { name: 'sosreport-node7/proc/self', type: 'symlink', linkname: '8525' },
  ]);
});
afterAll(() => tmp.cleanup());

describe('nodescope show / bundles', () => {
  it('show: facts, layout, completeness and counts, as text and JSON', () => {
    const text = nodescope(['show', bundle, '--db', db]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/layout: +sosreport \(sos\)/);
    expect(text.stdout).toMatch(/hostname: +node7/);
    expect(text.stdout).toMatch(/kernel: +6\.1\.0-13-amd64/);
    expect(text.stdout).toMatch(/collectedAt: +2026-11-03T10:00:00\.000Z/);
    expect(text.stdout).toMatch(/complete: +yes/);
    expect(text.stdout).toMatch(/links: +1 links to entries of the bundle; 1 point outside it or to files not collected/);
    const json = JSON.parse(nodescope(['show', '1', '--json', '--db', db]).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ id: 1, layout: 'sosreport (sos)', incomplete: false, aliases: 1, kinds: { uname: 1, 'os-release': 1 } });
    expect((json.facts as Record<string, string>).os).toBe('Debian GNU/Linux 12 (bookworm)');
  });

  it('bundles: every bundle of the workspace with its layout', () => {
    const json = JSON.parse(nodescope(['bundles', '--json', '--db', db]).stdout) as { id: number; node: string; layout: string | null }[];
    expect(json.map((b) => [b.id, b.node, b.layout])).toEqual([[1, 'node7', 'sosreport (sos)']]);
    const text = nodescope(['bundles', '--db', db]);
    expect(text.stdout).toMatch(/^ {3}1 {2}node7 {2}\[sosreport \(sos\)\] {2}collected 2026-11-03T10:00:00\.000Z/);
    expect(nodescope(['bundles', 'extra', '--db', db]).status).toBe(2);
  });

  it('an empty workspace says so', () => {
    const empty = path.join(tmp.dir, 'empty.db');
    expect(nodescope(['bundles', '--db', empty]).stdout).toMatch(/holds no bundles/);
    expect(fs.existsSync(empty)).toBe(true);
  });
});
