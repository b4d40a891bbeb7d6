/**
 * The collector's real bundle of this machine (a kubelet-less node), taken while a live etcd runs under
 * a put load (--endpoint) and a process waits in a long blocking read on a pipe (state S in pipe_read).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../shared/api/findings';
import { collect } from '../collector/fake-node';
import { haveEtcd, putLoad, startEtcd } from '../support/etcd';
import type { CorpusEntry } from './corpus';
import type { Label } from './score';

/** PSI cpu "some" avg60 read by the test itself, before and after collecting. */
function cpuPressure(): number | null {
  try {
    const m = /^some avg10=[\d.]+ avg60=([\d.]+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function liveEntry(ingested: (file: string, tmp: string) => Promise<Finding[]>): CorpusEntry {
  const pressure: (number | null)[] = [];
  return {
    // The machine is saturated when the kernel says so on both sides of the collection: then the rule
    // must say so too; when it is idle on both, the rule must not; in between it may.
    adjustLabel(label: Label): Label {
      const known = pressure.filter((p): p is number => p !== null);
      if (known.length < 2) return label;
      if (known.every((p) => p >= 60)) return { ...label, expect: [...label.expect, { rule: 'cpu-saturated' }] };
      if (known.every((p) => p < 20)) return { ...label, mustNot: [...(label.mustNot ?? []), 'cpu-saturated'] };
      return { ...label, allow: [...(label.allow ?? []), { rule: 'cpu-saturated', why: `CPU pressure moved between ${known.join(' and ')}% during collection` }] };
    },
    name: 'this-machine-collector-etcd-load',
    origin: 'this machine',
    async diagnose(tmp) {
      if (!haveEtcd) return { skip: 'etcd is not installed (apt-get install etcd-server)' };
      const dir = fs.mkdtempSync(path.join(tmp, 'live-'));
      const fifo = path.join(dir, 'fifo');
      const reader = spawn('sh', ['-c', `mkfifo ${fifo} && exec cat ${fifo}`], { stdio: 'ignore' });
      const etcd = await startEtcd(dir, 'eval');
      const load = putLoad(etcd.url, { workers: 3 });
      let loading = true;
      const stopLoad = async () => {
        if (loading) await load.stop();
        loading = false;
      };
      const out = path.join(dir, 'out');
      fs.mkdirSync(out);
      try {
        pressure.push(cpuPressure());
        const run = await collect(['--output', out, '--endpoint', `etcd=${etcd.url}`, '--profile-seconds', '2', '--sample-seconds', '2', '--deadline', '100', '--step-timeout', '20'], { timeoutMs: 115_000 });
        if (!run.tarball) return { skip: `the collector made no bundle: ${run.stderr.slice(-300)}` };
        pressure.push(cpuPressure());
        await stopLoad();
        return await ingested(run.tarball, dir);
      } finally {
        await stopLoad();
        etcd.stop();
        if (reader.pid !== undefined) reader.kill();
      }
    },
  };
}
