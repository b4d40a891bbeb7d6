/**
 * The real collector on this machine: its real /proc, and a live Go server (Debian's etcd with
 * --enable-pprof on loopback) passed as --endpoint. The bundle must hold real profiles of etcd, the
 * per-process data of the etcd process, two /proc/stat samples, and nodescope must ingest it cleanly.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Profile } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveEtcd, putLoad, startEtcd, type LiveEtcd } from '../support/etcd';
import { collect, ingest, openBundle, tmpDir, unlistedOrWrong, type Bundle, type Run } from './fake-node';

function profile(b: Bundle, p: string): Profile {
  return Profile.decode(zlib.gunzipSync(b.bytes(p)));
}

function sampleTypes(p: Profile): string[] {
  return p.sampleType.map((t) => `${p.stringTable.strings[Number(t.type)]}/${p.stringTable.strings[Number(t.unit)]}`);
}

function cpuJiffies(stat: string): number {
  const cpu = stat.split('\n').find((l) => l.startsWith('cpu '))!;
  return cpu.trim().split(/\s+/).slice(1).reduce((n, v) => n + Number(v), 0);
}

describe.skipIf(!haveEtcd)('the collector on this machine, with a live etcd as --endpoint', () => {
  let tmp: string;
  let etcd: LiveEtcd | undefined;
  let run: Run;
  let b: Bundle;

  beforeAll(async () => {
    tmp = tmpDir('live');
    etcd = await startEtcd(tmp, 'nodescope-collector-test');
    const url = etcd.url;
    const { stop } = putLoad(url);
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    try {
      run = await collect(
        ['--output', out, '--endpoint', `etcd=${url}`, '--profile-seconds', '2', '--sample-seconds', '2', '--deadline', '100', '--step-timeout', '20'],
        { timeoutMs: 115_000 },
      );
    } finally {
      await stop();
    }
    b = openBundle(run.tarball!);
  }, 150_000);

  afterAll(() => {
    etcd?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a valid, self-consistent bundle and exits 0', () => {
    expect(run.code).toBe(0);
    expect(b.entries[0]).toMatch(/\/manifest\.json$/);
    expect(unlistedOrWrong(b)).toEqual([]);
    expect(b.manifest.collection.options.endpoints).toEqual([expect.stringMatching(/^etcd=http:\/\/127\.0\.0\.1:\d+$/)]);
    expect(b.manifest.collection.deadlineReached).toBe(false);
  });

  it('holds real CPU, heap and goroutine profiles of etcd, and its goroutine dumps', () => {
    const cpu = profile(b, 'pprof/etcd/cpu.pb.gz');
    expect(sampleTypes(cpu)).toEqual(['samples/count', 'cpu/nanoseconds']);
    expect(Number(cpu.durationNanos)).toBeGreaterThanOrEqual(2e9);
    expect(sampleTypes(profile(b, 'pprof/etcd/heap.pb.gz'))).toContain('inuse_space/bytes');
    const goroutines = profile(b, 'pprof/etcd/goroutine.pb.gz');
    expect(sampleTypes(goroutines)).toEqual(['goroutine/count']);
    expect(goroutines.sample.length).toBeGreaterThan(0);
    expect(b.text('pprof/etcd/goroutine-debug2.txt')).toMatch(/^goroutine \d+ \[[a-z ]+/m);
    expect(b.text('pprof/etcd/goroutine-debug2.txt')).toContain('go.etcd.io/etcd');
    expect(b.text('pprof/etcd/goroutine-debug1.txt')).toMatch(/^goroutine profile: total \d+/);
    expect(b.item('pprof/etcd/cpu.pb.gz')).toMatchObject({ kind: 'pprof', exitCode: 0, skipped: null });
    expect(b.item('pprof/etcd/goroutine-debug2.txt').kind).toBe('goroutine-dump');
    // The components that do not run here are recorded as not reachable, not as errors.
    expect(b.item('pprof/kube-apiserver/cpu.pb.gz').skipped).toMatch(/^not reachable/);
  });

  it('holds the etcd process under proc/<pid>/ with the kernel names, and two /proc/stat samples', () => {
    const pid = etcd?.process.pid;
    const dir = `proc/${pid}`;
    expect(b.text(`${dir}/status`)).toMatch(/^Name:\tetcd$/m);
    expect(b.bytes(`${dir}/cmdline`).toString().split('\0')).toContain('--enable-pprof');
    expect(b.text(`${dir}/stat`)).toMatch(new RegExp(`^${pid} \\(etcd\\) [A-Z]`));
    expect(b.text(`${dir}/ns`)).toMatch(/^net:\[\d+\]$/m);
    expect(Number(b.text(`${dir}/fd-count`))).toBeGreaterThan(3);
    expect(b.item(`${dir}/wchan`).kind).toBe('proc-pid-wchan');
    const [s1, s2] = [b.text('proc/stat.1'), b.text('proc/stat.2')];
    expect(cpuJiffies(s2)).toBeGreaterThan(cpuJiffies(s1));
    expect(b.item('proc/diskstats.2').kind).toBe('proc-diskstats');
  });

  it('is ingested by nodescope with no artifact errors', () => {
    const r = ingest(run.tarball!, path.join(tmp, 'workspace.db'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.bundles).toHaveLength(1);
    expect(r.bundles[0]).toMatchObject({ status: 'new', incomplete: false, errors: [], guessedCount: 0 });
    expect(r.bundles[0].node).toBe(b.manifest.node.hostname);
  });
});
