import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { ingestBundle } from '../ingest';
import { bundlesApi } from '../library/api';
import { processesOf } from '../processes/api';
import { artifactsOfKind } from '../store/artifacts';
import { systemReport } from '../system/api';
import { parseSysctl } from '../system/config';
import { textOfKind } from '../system/load';
import { openWorkspace, type Db } from '../store/workspace';
import { fromOsRelease } from './commands';

/**
 * A real sos report of this machine (Debian's `sosreport` package, installed by .ci/run), made at test
 * time with a small plugin set so it takes seconds. Its .tar.xz and its extracted folder must open
 * with no link errors, the node's own facts, dmesg with wall times, sysctl and ps understood.
 */
const sos = spawnSync('sos', ['--help'], { encoding: 'utf8' });
const root = process.getuid?.() === 0;
const skip = sos.error ? 'sos is not installed (Debian package sosreport; .ci/run installs it)' : !root ? 'sos report needs root' : null;

const PLUGINS = 'kernel,host,date,process,release,networking,filesys,memory,system';

let tmp: { dir: string; cleanup: () => void };
let archive = '';
let db: Db;

beforeAll(() => {
  if (skip) return;
  tmp = tempDir('nodescope-sos-');
  execFileSync('sos', ['report', '--batch', '--quiet', '--tmp-dir', tmp.dir, '--only-plugins', PLUGINS], { stdio: 'pipe', timeout: 170_000 });
  archive = fs.readdirSync(tmp.dir).map((f) => path.join(tmp.dir, f)).find((f) => f.endsWith('.tar.xz')) ?? '';
  db = openWorkspace(path.join(tmp.dir, 'ws.db'));
}, 180_000);

afterAll(() => {
  if (skip) return;
  db.close();
  tmp.cleanup();
});

const host = {
  hostname: () => execFileSync('uname', ['-n'], { encoding: 'utf8' }).trim(),
  kernel: () => execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim(),
  os: () => fromOsRelease(fs.readFileSync('/etc/os-release', 'utf8')),
};

async function checkSos(input: string): Promise<void> {
  const r = await ingestBundle(db, input);
  expect(r.errors).toEqual([]);
  expect(r.incomplete).toBe(false);
  const detail = await bundlesApi(db).getBundle(r.id);
  expect(detail.layout).toBe('sosreport (sos)');
  expect(detail.facts).toMatchObject({ hostname: host.hostname(), kernel: host.kernel(), os: host.os() });
  expect(detail.facts.timeSource).toMatch(/sos_commands\/date\/date_--utc \(evidence inside the bundle\)/);
  // sos's own links (uname, ps, df, etc/os-release …) are aliases, never errors.
  expect(Number((db.prepare('SELECT count(*) AS n FROM artifact_aliases WHERE bundle_id = ?').get(r.id) as { n: number }).n)).toBeGreaterThan(5);

  // dmesg: seconds since boot turned into wall time by proc/stat's btime.
  const dmesg = artifactsOfKind(db, r.id, 'dmesg');
  expect(dmesg.map((a) => path.posix.basename(a.path))).toContain('dmesg');
  const lines = db.prepare('SELECT count(*) AS n, count(ts) AS timed FROM log_lines WHERE artifact_id = ?').get(dmesg[0].id) as { n: number; timed: number };
  if (lines.n > 0) expect(lines.timed).toBe(lines.n);

  // sos's kernel plugin copies /proc/kallsyms: a file of the bundle, not tens of thousands of log lines.
  const symbols = artifactsOfKind(db, r.id, 'kernel-symbols');
  expect(symbols.map((a) => path.posix.basename(a.path))).toContain('kallsyms');
  for (const a of symbols) expect((db.prepare('SELECT count(*) AS n FROM log_lines WHERE artifact_id = ?').get(a.id) as { n: number }).n, a.path).toBe(0);

  // System: sysctl understood; Processes: from ps output.
  const sysctl = parseSysctl(textOfKind(db, r.id, 'sysctl')?.text ?? '');
  expect(sysctl.find((s) => s.key === 'kernel.hostname')?.value).toBe(host.hostname());
  expect(systemReport(db, r.id).facts.sysctlCount).toBeGreaterThan(100);
  const procs = processesOf(db, r.id);
  expect(procs.processes.find((p) => p.pid === 1)).toMatchObject({ pid: 1, ppid: 0 });
  expect(procs.processes.length).toBeGreaterThan(5);
  expect(procs.processes.some((p) => p.pid === process.pid || p.args.some((a) => a.includes('sos')))).toBe(true);
}

describe.skipIf(skip !== null)(`a real sos report of this machine (${skip ?? os.hostname()})`, () => {
  it('opens the .tar.xz sos writes: node facts, aliases, dmesg times, sysctl and ps', async () => {
    expect(archive).toMatch(/sosreport-.+\.tar\.xz$/);
    await checkSos(archive);
  }, 120_000);

  it('opens the same report extracted into a folder', async () => {
    const dir = path.join(tmp.dir, 'extracted');
    fs.mkdirSync(dir);
    execFileSync('tar', ['-xJf', archive, '-C', dir]);
    const [top] = fs.readdirSync(dir);
    await checkSos(path.join(dir, top));
  }, 120_000);
});
