/**
 * The real collector on this machine against a real container runtime and real blocked threads:
 * Debian's containerd started here (root, its own root/state dirs, its gRPC and [debug] sockets in a
 * temp dir), found by the collector from the running containerd's --config and profiled through
 * unix://; a `cat` held in a blocking read of a stdin nobody writes; a `sleep` frozen in a cgroup-v1
 * freezer cgroup (the kernel shows it in D, in __refrigerator). The thread sampler must see both for
 * the whole window; the engine must bucket containerd's goroutine dumps with the dumps' own totals,
 * and the D-state rule must name the frozen thread from the samples.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineApi } from '../../main/engine/api';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import type { NodescopeApi } from '../../shared/api';
import { collect, have, ingest, isRoot, openBundle, tmpDir, unlistedOrWrong, type Bundle, type Run } from './fake-node';

const FREEZER = '/sys/fs/cgroup/freezer';
const canRun = isRoot() && have('containerd');
const skipReason = !isRoot() ? 'needs root (containerd, the freezer cgroup)' : 'containerd is not installed (apt-get install containerd)';

async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return test();
}

function stateOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] ?? '?';
  } catch {
    return 'gone';
  }
}

describe.skipIf(!canRun)(`the collector on this machine with a live containerd and blocked threads${canRun ? '' : ` (skipped: ${skipReason})`}`, () => {
  let tmp: string;
  let containerd: ChildProcess | undefined;
  let reader: ChildProcess | undefined;
  let frozen: ChildProcess | undefined;
  let spinner: ChildProcess | undefined;
  let cgroup: string | null = null;
  let run: Run;
  let b: Bundle;
  let db: Db;
  let api: NodescopeApi;
  let bundleId: number;

  beforeAll(async () => {
    tmp = tmpDir('runtime');
    const sock = path.join(tmp, 'debug.sock');
    fs.writeFileSync(
      path.join(tmp, 'config.toml'),
      [
        'version = 2',
        `root = "${tmp}/root"`,
        `state = "${tmp}/state"`,
        'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
        '[grpc]',
        `  address = "${tmp}/containerd.sock"`,
        '[ttrpc]',
        `  address = "${tmp}/containerd.sock.ttrpc"`,
        '[debug]',
        `  address = "${sock}"`,
        '  level = "info"',
        '[metrics]',
        '  address = ""',
      ].join('\n') + '\n',
    );
    containerd = spawn('containerd', ['--config', path.join(tmp, 'config.toml')], { stdio: ['ignore', 'ignore', fs.openSync(path.join(tmp, 'containerd.log'), 'w')] });
    expect(await waitFor(() => fs.existsSync(sock), 20_000)).toBe(true);

    // A long blocking read: cat on a stdin the test never writes to.
    reader = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] });
    // A process that burns CPU through the whole sample window.
    spinner = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
    // A thread in D: a sleep frozen by the cgroup-v1 freezer.
    frozen = spawn('sleep', ['600'], { stdio: 'ignore' });
    if (fs.existsSync(path.join(FREEZER, 'cgroup.procs'))) {
      cgroup = path.join(FREEZER, `nodescope-test-${process.pid}`);
      fs.mkdirSync(cgroup, { recursive: true });
      fs.writeFileSync(path.join(cgroup, 'cgroup.procs'), String(frozen.pid));
      fs.writeFileSync(path.join(cgroup, 'freezer.state'), 'FROZEN');
      await waitFor(() => stateOf(frozen!.pid!) === 'D', 5_000);
    }

    const out = path.join(tmp, 'out', 'new');
    run = await collect(
      ['--output', out, '--endpoint', `ctd=unix://${sock}`, '--profile-seconds', '2', '--sample-seconds', '3', '--deadline', '100', '--step-timeout', '20', '--max-processes', '300'],
      { timeoutMs: 115_000 },
    );
    b = openBundle(run.tarball!);
    const r = ingest(run.tarball!, path.join(tmp, 'workspace.db'));
    expect(r.status).toBe(0);
    expect(r.bundles[0]).toMatchObject({ status: 'new', incomplete: false, errors: [] });
    db = openWorkspace(path.join(tmp, 'workspace.db'));
    api = createEngineApi(db);
    bundleId = (await api.listBundles())[0]!.id;
  }, 150_000);

  afterAll(() => {
    db?.close();
    if (cgroup) {
      try {
        fs.writeFileSync(path.join(cgroup, 'freezer.state'), 'THAWED');
      } catch { /* already gone */ }
    }
    frozen?.kill('SIGKILL');
    reader?.kill('SIGKILL');
    spinner?.kill('SIGKILL');
    containerd?.kill('SIGTERM');
    if (cgroup) spawnSync('sh', ['-c', `sleep 0.3; rmdir '${cgroup}'`]);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a valid bundle into an --output folder it created (mode 700), and tells the operator what it missed', () => {
    expect(run.code).toBe(0);
    expect(unlistedOrWrong(b)).toEqual([]);
    expect(fs.statSync(path.join(tmp, 'out')).mode & 0o777).toBe(0o700);
    expect(run.stderr).toMatch(/nodescope-collect: \[\d+s\/100s\] per-process \/proc data/);
    expect(run.stderr).toMatch(/items not collected, by cause:/);
    expect(run.stderr).toMatch(/-> /);
  });

  it('finds containerd\'s [debug] socket from the running containerd\'s --config and profiles it through unix://, as the explicit endpoint too', () => {
    for (const name of ['containerd', 'ctd']) {
      expect(b.item(`pprof/${name}/goroutine-debug2.txt`)).toMatchObject({ kind: 'goroutine-dump', skipped: null, exitCode: 0 });
      expect(b.item(`pprof/${name}/heap.pb.gz`)).toMatchObject({ kind: 'pprof', skipped: null });
      expect(b.text(`pprof/${name}/goroutine-debug2.txt`)).toContain('github.com/containerd/containerd');
    }
    // Go serves one CPU profile at a time: of the same daemon under two names, one gets it, the other a 500.
    const cpu = ['containerd', 'ctd'].map((n) => b.item(`pprof/${n}/cpu.pb.gz`));
    expect(cpu.filter((i) => i.skipped === null)).toHaveLength(1);
    expect(cpu.filter((i) => i.skipped !== null).map((i) => i.skipped)).toEqual(['not collected: HTTP 500']);
    expect(b.item('pprof/ctd/goroutine-debug2.txt').command).toMatch(/^GET unix:\/\/.*debug\.sock:\/debug\/pprof\/goroutine\?debug=2$/);
  });

  it('buckets containerd\'s goroutine dumps with totals equal to the dumps\' own counts', async () => {
    const text = b.text('pprof/containerd/goroutine-debug2.txt');
    const own = (text.match(/^goroutine \d+ \[/gm) ?? []).length;
    expect(own).toBeGreaterThan(5);
    const d2 = await api.goroutines({ bundle: bundleId, path: 'pprof/containerd/goroutine-debug2.txt' });
    expect(d2.format).toBe('debug=2');
    expect(d2.total).toBe(own);
    expect(d2.buckets.reduce((n, x) => n + x.count, 0)).toBe(own);
    const d1 = await api.goroutines({ bundle: bundleId, path: 'pprof/containerd/goroutine-debug1.txt' });
    const header = Number(/^goroutine profile: total (\d+)/.exec(b.text('pprof/containerd/goroutine-debug1.txt'))![1]);
    expect(d1.headerTotal).toBe(header);
    expect(d1.total).toBe(header);
  });

  it('samples every thread: a cat blocked reading its stdin and the frozen sleep in D for the whole window, with the sampler\'s cost', async () => {
    expect(b.item('proc/thread-samples.txt').kind).toBe('thread-samples');
    const all = await api.threadStates(bundleId);
    expect(all.samples).toBeGreaterThanOrEqual(5);
    expect(all.intervalMs).toBeGreaterThanOrEqual(100);
    expect(all.overhead!.bytes).toBe(b.item('proc/thread-samples.txt').bytes! - (b.text('proc/thread-samples.txt').split('\n').at(-2)!.length + 1));
    const cat = all.threads.find((t) => t.pid === reader!.pid);
    expect(cat, 'the blocked reader is listed').toBeDefined();
    expect(cat!.states.S).toBe(cat!.samples);
    expect(cat!.buckets[0]).toMatchObject({ state: 'S', syscall: 'read' });
    // Node's 'pipe' stdio is a unix socket pair: the kernel waits in unix_stream_read_generic (pipe_read for a pipe).
    expect(cat!.buckets[0]!.wchan).toMatch(/_read/);
    if (cgroup) {
      const sleep = all.threads.find((t) => t.pid === frozen!.pid);
      expect(sleep!.states.D).toBe(all.samples);
      // Frozen where it slept: the kernel keeps the wchan of the wait it froze in (hrtimer_nanosleep or __refrigerator).
      expect(sleep!.buckets.every((x) => x.state === 'D')).toBe(true);
      expect(sleep!.buckets[0]!.syscall).toMatch(/nanosleep|none|restart_syscall|#\d+/);
      expect(sleep!.longestDMs).toBeGreaterThanOrEqual(all.spanMs);
      const findings = await api.findings(bundleId);
      const d = findings.find((f) => f.rule === 'd-state-processes');
      expect(d?.summary).toContain(`sleep (pid ${frozen!.pid}) in D ${all.samples}/${all.samples} samples`);
      expect(d?.evidence.map((e) => e.artifact)).toContain('proc/thread-samples.txt');
    }
    const one = await api.threadStates(bundleId, reader!.pid);
    expect(one.threads.map((t) => t.pid)).toEqual([reader!.pid]);
  });

  it('samples every process\'s CPU time at both ends of the window: the spinning loop has a rate, the blocked cat none', async () => {
    expect(b.item('proc/pid-cpu.txt')).toMatchObject({ kind: 'proc-pid-cpu', skipped: null });
    const text = b.text('proc/pid-cpu.txt');
    expect(text.split('\n').filter((l) => l.startsWith('T ')).length).toBe(2);
    const table = await api.processes(bundleId);
    // The window is the sample window (3 s), give or take the time the steps in it took.
    expect(table.cpuWindowSeconds).toBeGreaterThanOrEqual(2.5);
    expect(table.cpuWindowSeconds).toBeLessThan(20);
    const spin = table.processes.find((p) => p.pid === spinner!.pid);
    const cat = table.processes.find((p) => p.pid === reader!.pid);
    expect(spin?.cpuWindowPercent, 'the spinning loop is in both samples').not.toBeNull();
    expect(cat?.cpuWindowPercent).toBe(0);
    // However loaded the machine, a loop that never sleeps gets a share of a CPU over 3 s.
    expect(spin!.cpuWindowPercent!).toBeGreaterThan(5);
    expect(spin!.cpuWindowPercent!).toBeLessThanOrEqual(101);
  });
});
