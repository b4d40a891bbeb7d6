import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goroutinesCommand } from '../../main/cli/goroutines';
import { parseArgs } from '../../main/cli/args';
import { profileCommand, splitRef } from '../../main/cli/profile';
import { UnreadableError, UsageError, type Command } from '../../main/cli/command';
import { openEngine } from '../../main/engine';
import { ingestBundle } from '../../main/engine/ingest';
import { profilesApi } from '../../main/engine/profiles/api';
import type { Db } from '../../main/engine/store/workspace';
import { nodescope } from '../support/cli';
import { tempDir, writeTar } from '../support/tarball';
import { fixture, GOROUTINE_FIXTURES, PPROF_FIXTURES } from './fixtures';
import { legacyCpuProfile } from './synthetic';
import { havePprof, pprofTop } from './pprof-reference';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let bundleA: string;
let bundleB: string;
let idA: number;
let idB: number;

async function run(command: Command, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const args = parseArgs(argv, command);
  const code = await command.run({
    args,
    json: args.flags.has('json'),
    db: () => db,
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTty: false },
  });
  return { code, out, err };
}

/** Two nodes' bundles as the collector lays them out: pprof/<component>/… */
beforeAll(async () => {
  tmp = tempDir();
  db = openEngine(path.join(tmp.dir, 'ws.db'));
  const pleg = fs.readFileSync(path.join(GOROUTINE_FIXTURES, 'kubelet-pleg/kubelet-1.12-pleg-debug2.txt'));
  bundleA = await writeTar(path.join(tmp.dir, 'node-a.tar.gz'), [
    { name: 'node-a/pprof/etcd/cpu.pb.gz', content: fixture('etcd-3.4.23/cpu-put.pb.gz') },
    { name: 'node-a/pprof/etcd/heap.pb.gz', content: fixture('etcd-3.4.23/heap.pb.gz') },
    { name: 'node-a/pprof/kubelet/goroutine-debug2.txt', content: pleg },
  ]);
  bundleB = await writeTar(path.join(tmp.dir, 'node-b.tar.gz'), [
    { name: 'node-b/pprof/etcd/cpu.pb.gz', content: fixture('etcd-3.4.23/cpu-put-range.pb.gz') },
  ]);
  idA = (await ingestBundle(db, bundleA)).id;
  idB = (await ingestBundle(db, bundleB)).id;
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe.skipIf(!havePprof())('nodescope profile top', () => {
  it('of a bundle artifact, prints pprof numbers as the JSON contract says', async () => {
    const r = await run(profileCommand, ['top', bundleA, 'node-a/pprof/etcd/heap.pb.gz', '--sample', 'alloc_space', '--limit', '10', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { sampleType: string; total: number; rows: { name: string; flat: number; cum: number }[] };
    expect(Object.keys(doc)).toEqual(['sampleType', 'total', 'rows']);
    const ref = pprofTop(path.join(PPROF_FIXTURES, 'etcd-3.4.23/heap.pb.gz'), 'alloc_space', 'bytes');
    expect(doc.sampleType).toBe('alloc_space/bytes');
    expect(doc.total).toBe(ref.total);
    expect(doc.rows).toEqual(ref.rows.slice(0, 10));
  });

  it('of a plain profile file, and in text like pprof', async () => {
    const r = await run(profileCommand, ['top', path.join(PPROF_FIXTURES, 'etcd-3.4.23/cpu-put.pb.gz')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Type: cpu\/nanoseconds\nTotal: 590ms\n/);
    expect(r.out).toMatch(/150ms\s+25\.42%\s+25\.42%\s+150ms\s+25\.42%\s+runtime\/internal\/syscall\.Syscall6/);
  });

  it('diff across two bundles (node A vs node B), normalised like -diff_base -normalize', async () => {
    const r = await run(profileCommand, ['diff', `${idA}:node-a/pprof/etcd/cpu.pb.gz`, `${bundleB}:node-b/pprof/etcd/cpu.pb.gz`, '--limit', '20', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { rows: unknown[]; total: number };
    const ref = pprofTop(path.join(PPROF_FIXTURES, 'etcd-3.4.23/cpu-put-range.pb.gz'), 'cpu', 'nanoseconds', [
      `-diff_base=${path.join(PPROF_FIXTURES, 'etcd-3.4.23/cpu-put.pb.gz')}`,
      '-normalize',
    ]);
    expect(doc.total).toBe(ref.total);
    expect(doc.rows).toEqual(ref.rows.slice(0, 20));
  });
});

describe('nodescope profile: mistakes', () => {
  it('an unknown sample type is a usage error naming the types there are', async () => {
    await expect(run(profileCommand, ['top', path.join(PPROF_FIXTURES, 'etcd-3.4.23/cpu-put.pb.gz'), '--sample', 'inuse_space'])).rejects.toThrow(
      new UsageError('profile: sample type "inuse_space" must be one of: samples, cpu'),
    );
  });

  it('a file that is not a profile cannot be read (exit 3 in the CLI), and says why', async () => {
    // A legacy binary CPU profile written by our script (synthetic.ts; google/pprof's gobench.cpu in ../shared is the same format).
    const legacy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-legacy-')), 'legacy.cpu');
    fs.writeFileSync(legacy, legacyCpuProfile());
    await expect(run(profileCommand, ['top', legacy])).rejects.toThrow(UnreadableError);
    await expect(run(profileCommand, ['top', legacy])).rejects.toThrow(/legacy\.cpu: a legacy binary CPU profile/);
  });

  it('BUNDLE:PATH splits where the bundle part is an id or an existing file', () => {
    expect(splitRef('3:pprof/kubelet/cpu.pb.gz', () => false)).toEqual({ bundle: '3', path: 'pprof/kubelet/cpu.pb.gz' });
    expect(splitRef('/x/a:b.tar.gz:pprof/etcd/cpu.pb.gz', (p) => p === '/x/a:b.tar.gz')).toEqual({ bundle: '/x/a:b.tar.gz', path: 'pprof/etcd/cpu.pb.gz' });
    expect(() => splitRef('nothing-here', () => false)).toThrow(UsageError);
  });
});

describe('nodescope goroutines', () => {
  it('case 8 from a bundle: the stuck PLEG relist bucket comes first in the JSON contract shape', async () => {
    const r = await run(goroutinesCommand, [bundleA, 'node-a/pprof/kubelet/goroutine-debug2.txt', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { total: number; buckets: { count: number; state: string; waitMinutes: number; stack: string[] }[] };
    expect(Object.keys(doc)).toEqual(['total', 'buckets']);
    expect(doc.total).toBe(2814);
    expect(Object.keys(doc.buckets[0])).toEqual(['count', 'state', 'waitMinutes', 'stack']);
    expect(doc.buckets[0]).toMatchObject({ count: 1, state: 'chan send', waitMinutes: 3509 });
    expect(doc.buckets[0].stack[0]).toMatch(/^k8s\.io\/kubernetes\/pkg\/kubelet\/pleg\.\(\*GenericPLEG\)\.relist \S+\/pkg\/kubelet\/pleg\/generic\.go:261$/);
  });

  it('text: the stuck reason is spelled out', async () => {
    const r = await run(goroutinesCommand, [path.join(GOROUTINE_FIXTURES, 'kubelet-pleg/kubelet-1.12-pleg-debug2.txt')]);
    expect(r.out).toMatch(/^2814 goroutines in \d+ buckets \(debug=2\)/);
    expect(r.out).toMatch(/STUCK:\n  1 goroutine blocked in a channel send for 3509 minutes at k8s\.io\/kubernetes\/pkg\/kubelet\/pleg\.\(\*GenericPLEG\)\.relist \(generic\.go:261\)/);
  });
});

describe('the profiles API over the workspace', () => {
  it('lists the profiles and dumps of a bundle by component, and serves top, flame tree, diff and exports', async () => {
    const api = profilesApi(db);
    const list = await api.listProfiles(idA);
    expect(list.map((p) => [p.artifact, p.component, p.kind])).toEqual([
      ['node-a/pprof/etcd/cpu.pb.gz', 'etcd', 'pprof'],
      ['node-a/pprof/etcd/heap.pb.gz', 'etcd', 'pprof'],
      ['node-a/pprof/kubelet/goroutine-debug2.txt', 'kubelet', 'goroutine-dump'],
    ]);
    expect(list[1].sampleTypes).toEqual(['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes']);
    expect(list[1].defaultSampleType).toBe('inuse_space');
    const cpu = { bundle: idA, path: 'node-a/pprof/etcd/cpu.pb.gz' };
    const top = await api.profileTop(cpu, { sample: 'cpu' });
    const tree = await api.flameTree(cpu, { sample: 'cpu', inverted: true });
    expect(tree.total).toBe(top.total);
    const other = { bundle: idB, path: 'node-b/pprof/etcd/cpu.pb.gz' };
    const diff = await api.diffTree(cpu, other, { sample: 'cpu' });
    expect(diff.baseTotal).toBe(top.total);
    const folded = await api.exportProfile(other, 'folded', { sample: 'cpu' }, cpu);
    expect(folded.fileName).toBe('etcd-cpu-cpu-diff.folded.txt');
    const dump = await api.goroutines({ bundle: idA, path: 'node-a/pprof/kubelet/goroutine-debug2.txt' });
    expect(dump.total).toBe(2814);
  });
});

describe('the nodescope command, as a process', () => {
  it('prints one JSON document for profile top FILE, exits 3 on an unreadable profile and 2 on a bad --sample', () => {
    const file = path.join(PPROF_FIXTURES, 'etcd-3.4.23/heap.pb.gz');
    const ok = nodescope(['profile', 'top', file, '--limit', '5', '--json', '--db', path.join(tmp.dir, 'proc.db')]);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ sampleType: 'inuse_space/bytes' });
    const bad = nodescope(['profile', 'top', path.join(PPROF_FIXTURES, 'etcd-3.4.23/heap-debug1.txt')]);
    expect(bad.status).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/heap-debug1\.txt: a text profile/);
    expect(nodescope(['profile', 'top', file, '--sample', 'cpu']).status).toBe(2);
  });

  it('goroutines --json of the PLEG dump', () => {
    const r = nodescope(['goroutines', path.join(GOROUTINE_FIXTURES, 'kubelet-pleg/kubelet-1.12-pleg-debug2.txt'), '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(2814);
  });
});

describe.skipIf(!havePprof())('nodescope profile export', () => {
  it('writes a diff across two bundles as pprof protobuf that go tool pprof reads as the same diff', async () => {
    const out = path.join(tmp.dir, 'diff.pb.gz');
    const r = await run(profileCommand, ['export', `${bundleB}:node-b/pprof/etcd/cpu.pb.gz`, '--base', `${idA}:node-a/pprof/etcd/cpu.pb.gz`, '--format', 'pprof', '-o', out, '--sample', 'cpu']);
    expect(r.code).toBe(0);
    const diff = JSON.parse((await run(profileCommand, ['diff', `${idA}:node-a/pprof/etcd/cpu.pb.gz`, `${bundleB}:node-b/pprof/etcd/cpu.pb.gz`, '--limit', '0', '--json'])).out);
    const theirs = pprofTop(out, 'cpu', 'nanoseconds');
    expect(theirs.total).toBe(diff.total);
    expect(theirs.rows.slice(0, 40)).toEqual(diff.rows.slice(0, 40));
  });

  it('writes folded stacks of a filtered profile file', async () => {
    const out = path.join(tmp.dir, 'etcd.folded');
    const r = await run(profileCommand, ['export', path.join(PPROF_FIXTURES, 'etcd-3.4.23/cpu-put-range.pb.gz'), '--format', 'folded', '--focus', 'mvcc', '--output', out]);
    expect(r.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /mvcc/.test(l) && /;\S.* \d+$/.test(l))).toBe(true);
  });
});
