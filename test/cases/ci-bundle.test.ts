/**
 * The rules on the real bundle the collector makes on this machine (the CI machine): its live /proc,
 * logs and commands, and a live etcd with --enable-pprof under a put load as --endpoint. Every finding
 * above info must be explained here, so a noisy rule shows up as a failing test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/findings';
import { ingestBundle } from '../../main/engine/ingest';
import { diagnoseBundle } from '../../main/engine/rules';
import { openWorkspace } from '../../main/engine/store/workspace';
import { collect, tmpDir } from '../collector/fake-node';
import { expectQuotedExactly } from './quotes';

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

async function startEtcd(dir: string): Promise<{ etcd: ChildProcess; url: string }> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const etcd = spawn('etcd', ['--name=ci', `--data-dir=${path.join(dir, 'etcd')}`, `--listen-client-urls=${url}`, `--advertise-client-urls=${url}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`, `--initial-cluster=ci=http://127.0.0.1:${peer}`, '--enable-pprof'], { stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    if (etcd.exitCode !== null) throw new Error(`etcd exited with ${etcd.exitCode}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { etcd, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('etcd did not become healthy');
}

/** Puts through etcd's HTTP gateway while the collector profiles it. */
function putLoad(url: string): () => Promise<void> {
  let running = true;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const loops = [0, 1, 2].map(async (w) => {
    for (let i = 0; running; i++) {
      await fetch(`${url}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(`/registry/pods/ci/${w}-${i % 100}`), value: b64('{"spec":{}}') }) }).catch(() => undefined);
    }
  });
  return async () => {
    running = false;
    await Promise.all(loops);
  };
}

/**
 * Why a finding above info is expected on this machine, or null when it is not. Each explanation checks
 * the fact it relies on, so the test still fails if the rule fires for another reason.
 */
function explanation(f: Finding): string | null {
  if (f.rule === 'profile-hotspot' && /^CPU profile of etcd: /.test(f.summary)) {
    return 'the test drives etcd with a put loop through its JSON gateway: that work is its hot spot';
  }
  if (f.rule === 'disk-pressure' && f.evidence.every((e) => e.artifact === 'node/df.txt')) {
    const full = spawnSync('df', ['-P'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => /\s(9\d|100)%\s/.test(l));
    return full.length ? `this machine has filesystems at 90% or more: ${full.join('; ')}` : null;
  }
  return null;
}

describe.skipIf(!haveEtcd)('the rules on the collector\'s bundle of this machine', () => {
  let tmp: string;
  let etcd: ChildProcess | undefined;
  let findings: Finding[] = [];

  beforeAll(async () => {
    tmp = tmpDir('rules-ci');
    const started = await startEtcd(tmp);
    etcd = started.etcd;
    const stop = putLoad(started.url);
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    let tarball: string | undefined;
    try {
      const run = await collect(['--output', out, '--endpoint', `etcd=${started.url}`, '--profile-seconds', '2', '--sample-seconds', '2', '--deadline', '100', '--step-timeout', '20'], { timeoutMs: 115_000 });
      tarball = run.tarball;
    } finally {
      await stop();
    }
    if (!tarball) throw new Error('the collector made no bundle');
    const db = openWorkspace(path.join(tmp, 'ws.db'));
    const { id } = await ingestBundle(db, tarball);
    findings = diagnoseBundle(db, id);
    expectQuotedExactly(db, id, findings);
    db.close();
  }, 150_000);

  afterAll(() => {
    etcd?.kill('SIGKILL');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('explains every finding above info', () => {
    const loud = findings.filter((f) => f.severity !== 'info');
    const unexplained = loud.filter((f) => explanation(f) === null).map((f) => `${f.rule}: ${f.summary}`);
    expect(unexplained).toEqual([]);
  });

  it('no rule fails to run on real data', () => {
    expect(findings.filter((f) => f.summary.startsWith('The rule could not run'))).toEqual([]);
  });
});
