import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { cli, findingCounts, members } from './shared-bundle';

/**
 * This VM is called `vm`. Its sos report, shared, kept `vm` in uname -a, the hostname files,
 * kernel.hostname and the report's own folder name: a host name shorter than 3 characters was never
 * replaced, since `vm` also starts every `vm.swappiness`. The report is made at test time by the real
 * sos, in a UTS namespace named `vm` whatever this machine is called.
 */
const HOST = 'vm';
const root = process.getuid?.() === 0;
const sos = spawnSync('sos', ['--help'], { encoding: 'utf8' });
const uts = spawnSync('unshare', ['--uts', 'true']);
const skip = sos.error ? 'sos is not installed (Debian package sosreport; .ci/run installs it)' : !root ? 'sos report needs root' : uts.status !== 0 ? 'unshare --uts is not permitted here' : null;

/** A word `vm` standing alone, not a sysctl key (`vm.swappiness`), a symbol (`vm_area_struct`) or part of a longer name. */
const HOST_WORD = /(?<![A-Za-z0-9_.-])vm(?![A-Za-z0-9_.]|-[a-z])/;

describe.skipIf(skip !== null)(`nodescope share of a sos report of a host called ${HOST}${skip ? ` (${skip})` : ''}`, () => {
  const work = tmpDir('share-short-host');
  const db = path.join(work, 'ws.db');
  let original = '';
  let shared = new Map<string, string>();

  beforeAll(() => {
    const made = spawnSync('unshare', ['--uts', 'sh', '-c', `hostname ${HOST} && sos report --batch --quiet --tmp-dir "$1" -o kernel,host`, 'sh', work], { encoding: 'utf8', timeout: 170_000 });
    expect(made.status, made.stderr).toBe(0);
    original = fs.readdirSync(work).map((f) => path.join(work, f)).find((f) => f.endsWith('.tar.xz'))!;
    expect(path.basename(original)).toMatch(/^sosreport-vm-/);
    const out = path.join(work, 'shared.tar.gz');
    cli(db, 'share', original, '-o', out, '--map', path.join(work, 'map.json'));
    shared = members(out);
  }, 180_000);

  const file = (suffix: string): string => {
    const name = [...shared.keys()].find((n) => n.endsWith(suffix));
    expect(name, suffix).toBeDefined();
    return shared.get(name!)!;
  };

  it('replaces the host in its hostname files, uname -a, kernel.hostname and the folder name', () => {
    for (const f of ['sos_commands/host/hostname', 'sos_commands/kernel/uname_-a']) expect(file(f), f).toMatch(/\bnode-[0-9a-f]{6}\b/);
    expect(file('sos_commands/kernel/sysctl_-a')).toMatch(/^kernel\.hostname = node-[0-9a-f]{6}$/m);
    for (const name of shared.keys()) expect(name).not.toMatch(/(^|\/)sosreport-vm-/);
    for (const [name, text] of shared) {
      // The kernel's own words: /proc/zoneinfo's "vm stats threshold".
      const hit = HOST_WORD.exec(text.replace(/^[ \t]*vm stats threshold:/gm, ''));
      expect(hit && text.slice(Math.max(0, hit.index - 60), hit.index + 60), name).toBeNull();
    }
  });

  it('keeps the sysctl keys that start with vm and the kernel\'s "vm stats threshold"', () => {
    expect(file('sos_commands/kernel/sysctl_-a')).toMatch(/^vm\.swappiness = \d+$/m);
    expect(file('sos_commands/kernel/sysctl_-a')).toMatch(/^vm\.overcommit_memory = \d$/m);
    expect(file('proc/zoneinfo')).toMatch(/^ +vm stats threshold: \d+$/m);
  });

  it('ingests to the same findings as the original', () => {
    cli(db, 'ingest', path.join(work, 'shared.tar.gz'));
    expect(findingCounts(db, path.join(work, 'shared.tar.gz'))).toEqual(findingCounts(db, original));
  });
});
