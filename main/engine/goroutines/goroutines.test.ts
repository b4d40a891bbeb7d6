import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, readSharedFixture, sharedFixture } from '../../../test/support/shared-fixtures';
import { parseGoroutineDump } from './index';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
const read = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel));
const text = (rel: string) => read(rel).toString('utf8');

const headers = (t: string) => (t.match(/^goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[/gm) ?? []).length;

/** Every real dump made here (etcd, our Go programs), with the count the dump itself states. */
const REAL_DUMPS: [string, (t: string) => number][] = [
  ['pprof/etcd-3.4.23/goroutine-debug1.txt', (t) => Number(/^goroutine profile: total (\d+)/.exec(t)![1])],
  ['pprof/etcd-3.4.23/goroutine-debug2.txt', (t) => t.match(/^goroutine \d+ \[/gm)!.length],
  ['goroutine/go-blocked/goroutine-debug2.txt', headers],
  ['goroutine/go-blocked/goroutine-debug1.txt', (t) => Number(/^goroutine profile: total (\d+)/.exec(t)![1])],
  ['goroutine/go-shapes/goroutine-debug2.txt', headers],
  ['goroutine/go-shapes/goroutine-debug2-go121.txt', headers],
  ['goroutine/go-shapes/goroutine-debug2-cut.txt', headers],
];

/** gostackparse's test dumps (real dumps and edge cases) of ../shared, when present. */
const SHARED_DUMPS: string[] = hasSharedFixtures
  ? fs.readdirSync(sharedFixture('goroutine/gostackparse')).filter((f) => f.endsWith('.txt') && f !== 'empty_input.txt').map((f) => `goroutine/gostackparse/${f}`)
  : [];
const shared = (rel: string) => readSharedFixture(rel);

describe.skipIf(!hasSharedFixtures)('goroutine counts agree with the dump itself (gostackparse dumps, ../shared)', () => {
  for (const rel of SHARED_DUMPS) {
    it(rel, () => {
      const dump = parseGoroutineDump(shared(rel));
      const expected = headers(shared(rel).toString('utf8'));
      expect(expected).toBeGreaterThan(0);
      expect(dump.total).toBe(expected);
      expect(dump.buckets.reduce((a, b) => a + b.count, 0)).toBe(expected);
      expect(dump.states.reduce((a, s) => a + s.count, 0)).toBe(expected);
    });
  }
});

describe('goroutine counts agree with the dump itself', () => {
  for (const [rel, stated] of REAL_DUMPS) {
    it(rel, () => {
      const dump = parseGoroutineDump(read(rel));
      const expected = stated(text(rel));
      expect(expected).toBeGreaterThan(0);
      expect(dump.total).toBe(expected);
      expect(dump.buckets.reduce((a, b) => a + b.count, 0)).toBe(expected);
      expect(dump.states.reduce((a, s) => a + s.count, 0)).toBe(expected);
      if (dump.headerTotal !== null) expect(dump.headerTotal).toBe(expected);
    });
  }

  it('etcd debug=2: the state histogram is the one in the goroutine headers', () => {
    const t = text('pprof/etcd-3.4.23/goroutine-debug2.txt');
    const fromHeaders = new Map<string, number>();
    for (const m of t.matchAll(/^goroutine \d+ \[([^\],]+)/gm)) fromHeaders.set(m[1], (fromHeaders.get(m[1]) ?? 0) + 1);
    const dump = parseGoroutineDump(Buffer.from(t));
    expect(new Map(dump.states.map((s) => [s.state, s.count]))).toEqual(fromHeaders);
  });

  it('the goroutine protobuf: total as pprof counts it, states inferred from runtime frames', () => {
    const dump = parseGoroutineDump(read('pprof/etcd-3.4.23/goroutine.pb.gz'));
    expect(dump.format).toBe('proto');
    const stated = spawnSync('go', ['tool', 'pprof', '-top', path.join(FIXTURES, 'pprof/etcd-3.4.23/goroutine.pb.gz')], { encoding: 'utf8' });
    if (stated.status === 0) expect(dump.total).toBe(Number(/of (\d+) total/.exec(stated.stdout)![1]));
    expect(dump.buckets.every((b) => b.stateInferred)).toBe(true);
    const states = new Map(dump.states.map((s) => [s.state, s.count]));
    expect(states.get('select')).toBeGreaterThan(0);
    expect(states.get('IO wait')).toBeGreaterThan(0);
    expect(states.get('chan receive')).toBeGreaterThan(0);
  });
});

// Our Go program's dump (go-shapes/make.sh: Go 1.19, the runtime's own output) and two shapes written
// from it by the script: the Go 1.21 "created by … in goroutine N" form and a dump cut mid-goroutine.
describe('what a debug=2 dump says (made here)', () => {
  it('wait minutes: "[chan send, 3509 minutes]" (the synthesised kubelet dump)', () => {
    const dump = parseGoroutineDump(read('goroutine/kubelet-pleg/kubelet-1.12-pleg-debug2.txt'));
    expect(dump.buckets.find((x) => x.waitMinutes === 3509)?.state).toBe('chan send');
  });

  it('Go 1.21 "created by … in goroutine 1" and the ids of the goroutines', () => {
    const dump = parseGoroutineDump(read('goroutine/go-shapes/goroutine-debug2-go121.txt'));
    const b = dump.buckets.find((x) => x.ids.includes(18))!;
    expect(b.createdBy).toBe('main.main');
    expect(b.frames.map((f) => f.func)).toEqual(['main.chanReceiveForever']);
    expect(b.frames[0].line).toBe(14);
  });

  it('locked to thread', () => {
    const dump = parseGoroutineDump(read('goroutine/go-shapes/goroutine-debug2.txt'));
    const locked = dump.buckets.filter((b) => b.lockedToThread);
    expect(locked.map((b) => [b.state, b.frames[0]?.func])).toEqual([['chan receive', 'main.lockedReceiver']]);
  });

  it('a dump cut mid-goroutine is marked truncated; a complete one (with frames beyond the runtime\'s 100 left out) is not', () => {
    expect(parseGoroutineDump(read('goroutine/go-shapes/goroutine-debug2-cut.txt')).truncated).toBe(true);
    expect(parseGoroutineDump(read('goroutine/go-shapes/goroutine-debug2.txt')).truncated).toBe(false);
    expect(parseGoroutineDump(read('pprof/etcd-3.4.23/goroutine-debug2.txt')).truncated).toBe(false);
  });
});

describe.skipIf(!hasSharedFixtures)('what a debug=2 dump says (gostackparse dumps, ../shared)', () => {
  it('wait minutes: "[chan receive, 1 minutes]"', () => {
    const dump = parseGoroutineDump(shared('goroutine/gostackparse/waitsince.txt'));
    const b = dump.buckets.find((x) => x.frames[0]?.func === 'main.chanReceiveForever');
    expect(b?.state).toBe('chan receive');
    expect(b?.waitMinutes).toBe(1);
  });

  it('Go 1.21 "created by … in goroutine 1" and the ids of the goroutines', () => {
    const dump = parseGoroutineDump(shared('goroutine/gostackparse/go121_createdby.txt'));
    const b = dump.buckets.find((x) => x.ids.includes(18))!;
    expect(b.createdBy).toBe('main.main');
    expect(b.frames.map((f) => f.func)).toEqual(['main.printStack', 'main.main.func1']);
    expect(b.frames[0].line).toBe(23);
  });

  it('locked to thread', () => {
    const dump = parseGoroutineDump(shared('goroutine/gostackparse/lockedm.txt'));
    expect(dump.buckets[0].lockedToThread).toBe(true);
    expect(dump.buckets[0].state).toBe('running');
  });

  it('a dump cut mid-goroutine is marked truncated; a complete one is not', () => {
    expect(parseGoroutineDump(shared('goroutine/gostackparse/partial_stack.txt')).truncated).toBe(true);
    expect(parseGoroutineDump(shared('goroutine/gostackparse/frameselided.txt')).truncated).toBe(false);
  });
});

describe('what a debug=1 dump says', () => {
  it('debug=1 records keep their counts and symbolised frames, without a state', () => {
    const dump = parseGoroutineDump(read('pprof/etcd-3.4.23/goroutine-debug1.txt'));
    const b = dump.buckets.find((x) => x.frames[0]?.func === 'go.etcd.io/etcd/pkg/logutil.(*MergeLogger).outputLoop')!;
    expect(b.count).toBe(3);
    expect(b.frames[0]).toEqual({ func: 'go.etcd.io/etcd/pkg/logutil.(*MergeLogger).outputLoop', file: 'go.etcd.io/etcd/pkg/logutil/merge_logger.go', line: 173 });
    expect(b.state).toBe('unknown');
  });
});

describe('case 8: nodes NotReady under churn, the PLEG relist blocked in a channel send', () => {
  const dump = parseGoroutineDump(read('goroutine/kubelet-pleg/kubelet-1.12-pleg-debug2.txt'));

  it('counts the 2814 goroutines of the kubelet', () => {
    expect(dump.total).toBe(2814);
  });

  it('flags the relist goroutine, blocked 3509 minutes at generic.go:261, and nothing else', () => {
    const stuck = dump.buckets.filter((b) => b.stuck);
    expect(stuck).toHaveLength(1);
    const relist = stuck[0];
    expect(relist.state).toBe('chan send');
    expect(relist.waitMinutes).toBe(3509);
    expect(relist.frames[0]).toMatchObject({ func: 'k8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).relist', line: 261 });
    expect(relist.createdBy).toBe('k8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).Start');
    expect(relist.stuck).toMatch(/channel send for 3509 minutes at .*GenericPLEG\)\.relist \(generic\.go:261\)/);
  });

  it('buckets the 600 pod workers into one, whatever their arguments and wait times', () => {
    const workers = dump.buckets.find((b) => b.frames[0]?.func.endsWith('(*podWorkers).managePodLoop'))!;
    expect(workers.count).toBe(600);
    expect(workers.state).toBe('chan receive');
    expect(workers.minWaitMinutes).toBeGreaterThanOrEqual(1);
    expect(workers.waitMinutes).toBeGreaterThan(workers.minWaitMinutes);
    expect(workers.stuck).toBeNull();
  });
});

describe('one Go process in every form (go-blocked: a full channel, a mutex pile-up, waiters)', () => {
  const d1 = parseGoroutineDump(read('goroutine/go-blocked/goroutine-debug1.txt'));
  const d2 = parseGoroutineDump(read('goroutine/go-blocked/goroutine-debug2.txt'));
  const pb = parseGoroutineDump(read('goroutine/go-blocked/goroutine.pb.gz'));
  const quit = parseGoroutineDump(read('goroutine/go-blocked/sigquit.txt'));

  it('debug=1, debug=2 and the protobuf, written at the same moment, count the same goroutines', () => {
    expect(d1.headerTotal).toBe(d2.total);
    expect(d1.total).toBe(d2.total);
    expect(pb.total).toBe(d2.total);
  });

  it('the states inferred from the protobuf runtime frames are the states Go printed in debug=2', () => {
    // Go 1.19 prints a mutex wait as "semacquire"; newer Go and the inference name it sync.Mutex.Lock.
    const histogram = (d: typeof pb) => new Map(d.states.map((s) => [s.state.startsWith('sync.') ? 'semacquire' : s.state, s.count]));
    expect(histogram(pb)).toEqual(histogram(d2));
  });

  it('the SIGQUIT traceback: every goroutine, system ones included, despite the register dump after it', () => {
    const stated = text('goroutine/go-blocked/sigquit.txt').match(/^goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[/gm)!.length;
    expect(quit.total).toBe(stated);
    expect(quit.total).toBeGreaterThan(d2.total);
    expect(quit.truncated).toBe(false);
    const send = quit.buckets.find((b) => b.state === 'chan send')!;
    expect(send.frames.map((f) => f.func)).toContain('main.relist');
  });

  it('the pile-up of 120 goroutines on one mutex is flagged, in debug=2 and in the protobuf', () => {
    for (const d of [d2, pb]) {
      const pile = d.buckets.find((b) => b.count === 120)!;
      expect(pile.stuck).toMatch(/^120 goroutines \(\d+% of all\) piled up in (semacquire|sync\.Mutex\.Lock) at main\.worker/);
    }
  });

  it('a channel send younger than a minute is not stuck in debug=2; the protobuf, with no clock, says so', () => {
    expect(d2.buckets.find((b) => b.state === 'chan send')!.stuck).toBeNull();
    expect(pb.buckets.find((b) => b.state === 'chan send')!.stuck).toMatch(/parked in a channel send at main\.relist .*no wait time/);
  });
});
