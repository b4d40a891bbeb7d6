/**
 * `tar czSf` of a node's /var/log: its sparse files (a log a crash left with holes, lastlog) archived
 * with `tar --sparse`, as GNU tar writes them by default (old GNU headers, type 'S'), and as pax 1.0.
 * Each is read as the same file read from the folder on disk: a log with holes of zeros stays a log.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempWorkspace } from '../../../test/support/workspace';
import { bundlesApi } from '../library/api';
import { searchLogs } from '../search/api';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const line = (i: number) => `Dec  6 10:00:${String(i).padStart(2, '0')} node1 kubelet[1]: pod sync ${i}\n`;

/**
 * var/log/kubelet.log as a crash leaves it: lines, a hole of 5 MB where blocks were never written, more
 * lines, and a hole to its end. Written at offsets into a file truncated to 8 MB: holes on disk.
 */
function nodeLogs(): string {
  const root = path.join(dir, 'node1');
  fs.mkdirSync(path.join(root, 'var', 'log'), { recursive: true });
  const log = path.join(root, 'var', 'log', 'kubelet.log');
  fs.writeFileSync(log, '');
  fs.truncateSync(log, 8 << 20);
  const fd = fs.openSync(log, 'r+');
  fs.writeSync(fd, [0, 1, 2].map(line).join(''), 0);
  fs.writeSync(fd, [3, 4].map(line).join(''), 5 << 20);
  fs.closeSync(fd);
  fs.writeFileSync(path.join(root, 'var', 'log', 'syslog'), 'Dec  6 10:00:05 node1 systemd[1]: Started kubelet.\n');
  return root;
}

function gnuTar(name: string, args: string[], root: string): string {
  const out = path.join(dir, name);
  execFileSync('tar', ['-S', ...args, '-czf', out, '-C', root, 'var']);
  return out;
}

async function read(input: string) {
  const r = await ingestBundle(db, input);
  const artifacts = (await bundlesApi(db).listArtifacts(r.id)).map((a) => ({ path: a.path, kind: a.kind, bytes: a.bytes }));
  const lines = searchLogs(db, { bundle: r.id, text: 'pod sync' }).lines.map((l) => ({ artifact: l.artifact, line: l.line, text: l.text }));
  return { errors: r.errors, artifacts: artifacts.sort((a, b) => a.path.localeCompare(b.path)), lines };
}

describe('a sparse log in a tar czSf of /var/log', () => {
  for (const [format, args] of [
    ['old GNU, GNU tar\'s default', ['--format=gnu']],
    ['pax 1.0', ['--format=posix', '--sparse-version=1.0']],
  ] as const) {
    it(`${format}: read as the same log on disk, its holes no part of any line`, async () => {
      const root = nodeLogs();
      const onDisk = await read(root);
      const tar = gnuTar(`var-log-${args.length}.tar.gz`, [...args], root);
      expect(fs.statSync(tar).size, 'tar -S stored the data regions only').toBeLessThan(64 * 1024);
      const archived = await read(tar);
      expect(onDisk.errors).toEqual([]);
      expect(archived).toEqual(onDisk);
      expect(archived.artifacts).toContainEqual({ path: 'var/log/kubelet.log', kind: expect.not.stringMatching(/binary/), bytes: 8 << 20 });
      expect(archived.lines.map((l) => l.text)).toEqual([0, 1, 2, 3, 4].map((i) => line(i).trimEnd()));
    });
  }
});
