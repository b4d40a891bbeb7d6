import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProfile } from '../../main/engine/profiles/load';
import { topTable } from '../../main/engine/profiles/top';
import { tempDir } from '../support/tarball';
import { havePprof, pprofTop } from './pprof-reference';

/**
 * Fresh profiles from a real Go server under load: Debian's etcd with --enable-pprof, on loopback,
 * fed with key-value puts through its HTTP gateway while the CPU profile runs. Our top must match
 * `go tool pprof -top` on every sample type of the CPU, heap and allocs profiles.
 */
const haveEtcd = spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, etcd: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (etcd.exitCode !== null) throw new Error(`etcd exited with ${etcd.exitCode}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('etcd did not become healthy');
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Puts (and some ranges) in parallel loops until stopped. */
function load(url: string): { stop: () => Promise<number> } {
  let running = true;
  let puts = 0;
  const loop = async (worker: number) => {
    for (let i = 0; running; i++) {
      const key = `/registry/pods/default/pod-${worker}-${i % 500}`;
      await fetch(`${url}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(`{"spec":{"n":${i}}}`.repeat(20)) }) });
      if (i % 10 === 0) await fetch(`${url}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: b64('/registry/pods/'), range_end: b64('/registry/pods0'), limit: 100 }) });
      puts++;
    }
  };
  const loops = Array.from({ length: 8 }, (_, w) => loop(w).catch(() => undefined));
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return puts;
    },
  };
}

describe.skipIf(!haveEtcd || !havePprof())('live etcd: nodescope top equals go tool pprof top', () => {
  let tmp: ReturnType<typeof tempDir>;
  let etcd: ChildProcess;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    tmp = tempDir('nodescope-etcd-');
    const [client, peer] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${client}`;
    etcd = spawn(
      'etcd',
      [
        '--name=nodescope-test',
        `--data-dir=${path.join(tmp.dir, 'data')}`,
        `--listen-client-urls=${url}`,
        `--advertise-client-urls=${url}`,
        `--listen-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-cluster=nodescope-test=http://127.0.0.1:${peer}`,
        '--enable-pprof',
        '--log-level=error',
      ],
      { stdio: 'ignore' },
    );
    await waitHealthy(url, etcd);
    const traffic = load(url);
    const cpu = await fetch(`${url}/debug/pprof/profile?seconds=4`);
    const puts = await traffic.stop();
    expect(puts).toBeGreaterThan(100);
    files.cpu = path.join(tmp.dir, 'cpu.pb.gz');
    fs.writeFileSync(files.cpu, Buffer.from(await cpu.arrayBuffer()));
    for (const name of ['heap', 'allocs']) {
      files[name] = path.join(tmp.dir, `${name}.pb.gz`);
      fs.writeFileSync(files[name], Buffer.from(await (await fetch(`${url}/debug/pprof/${name}`)).arrayBuffer()));
    }
  }, 60_000);

  afterAll(() => {
    if (etcd && etcd.exitCode === null) etcd.kill('SIGKILL');
    tmp?.cleanup();
  });

  for (const name of ['cpu', 'heap', 'allocs']) {
    it(`${name} profile, every sample type, top 50 rows`, () => {
      const profile = decodeProfile(fs.readFileSync(files[name]));
      expect(profile.sampleTypes.length).toBeGreaterThanOrEqual(2);
      for (const t of profile.sampleTypes) {
        const ours = topTable(profile, { sample: t.type, limit: 50 });
        const theirs = pprofTop(files[name], t.type, t.unit);
        expect(theirs.rows.length, t.type).toBeGreaterThan(0);
        expect(ours.total, t.type).toBe(theirs.total);
        expect(ours.rows, t.type).toEqual(theirs.rows.slice(0, 50));
      }
      // The default sample type, as pprof picks it without -sample_index.
      const d = topTable(profile, { limit: 50 });
      expect(d.sampleType).toBe(name === 'cpu' ? 'cpu/nanoseconds' : name === 'heap' ? 'inuse_space/bytes' : 'alloc_space/bytes');
    });
  }
});
