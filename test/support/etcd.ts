import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** Debian's etcd-server is installed (.ci/run installs it): the live tests run against a real Go server. */
export const haveEtcd = spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LiveEtcd {
  process: ChildProcess;
  /** Its client URL on loopback (also where /debug/pprof is served). */
  url: string;
  stop(): void;
}

/** A one-member etcd with --enable-pprof on free loopback ports, its data under dir; healthy when returned. */
export async function startEtcd(dir: string, name = 'nodescope-test'): Promise<LiveEtcd> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const etcd = spawn(
    'etcd',
    [
      `--name=${name}`,
      `--data-dir=${path.join(dir, 'etcd-data')}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=${name}=${peerUrl}`,
      '--enable-pprof',
      '--log-level=error',
    ],
    { stdio: 'ignore' },
  );
  const live = { process: etcd, url, stop: () => void etcd.kill('SIGKILL') };
  for (let i = 0; i < 300; i++) {
    if (etcd.exitCode !== null) throw new Error(`etcd exited with ${etcd.exitCode}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return live;
    await new Promise((r) => setTimeout(r, 100));
  }
  live.stop();
  throw new Error('etcd did not become healthy in 30 s');
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/**
 * Key-value puts (and, with ranges, a range every tenth put) through etcd's HTTP gateway in parallel
 * loops, so a CPU profile has something to show. stop() ends the loops and returns how many puts were made.
 */
export function putLoad(url: string, options: { workers?: number; ranges?: boolean } = {}): { stop: () => Promise<number> } {
  let running = true;
  let puts = 0;
  const loop = async (worker: number): Promise<void> => {
    for (let i = 0; running; i++) {
      const key = `/registry/pods/default/pod-${worker}-${i % 500}`;
      await fetch(`${url}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(`{"spec":{"n":${i}}}`.repeat(20)) }) });
      if (options.ranges && i % 10 === 0) {
        await fetch(`${url}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: b64('/registry/pods/'), range_end: b64('/registry/pods0'), limit: 100 }) });
      }
      puts++;
    }
  };
  const loops = Array.from({ length: options.workers ?? 4 }, (_, w) => loop(w).catch(() => undefined));
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return puts;
    },
  };
}
