/**
 * What the corpus cases of the false alarms and misses of issue 15 must say, beyond which rule fires
 * (the evaluation counts those): the reason, what was ruled out, the scale.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/findings';
import { parseGoroutineDump } from '../../main/engine/goroutines';
import { diagnoseBundle } from '../../main/engine/rules';
import { openWorkspace } from '../../main/engine/store/workspace';
import { FIELD_BUNDLES, type FieldBundle } from '../cases/field-bundles';
import { storeBundle } from '../cases/store-bundle';
import { SYNTHETIC_BUNDLES } from './synthetic';

function findings(make: (() => FieldBundle) | undefined, rule: string): Finding[] {
  const b = (make as () => FieldBundle)();
  const db = openWorkspace(':memory:');
  try {
    const hostname = b.node?.hostname ?? 'node-1';
    const id = storeBundle(db, { node: hostname, facts: { hostname, kubeletVersion: b.node?.kubeletVersion ?? 'v1.29.3', ...b.facts }, files: b.files });
    return diagnoseBundle(db, id).filter((f) => f.rule === rule);
  } finally {
    db.close();
  }
}

const one = (list: Finding[]): Finding => {
  expect(list).toHaveLength(1);
  return list[0] as Finding;
};

describe('false alarms of issue 15', () => {
  it('PLEG "yet to be successful" at kubelet start is info, and says why', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['pleg-startup-line'], 'pleg-unhealthy'));
    expect(f.severity).toBe('info');
    expect(f.summary).toContain('normal start-up, not a PLEG failure');
    expect(f.why?.ruledOut.join(' ')).toContain('did not last past the 3 min threshold');
  });

  it('a relist that never succeeds for 15 minutes is critical, not a start-up line', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['pleg-never-succeeds'], 'pleg-unhealthy'));
    expect(f.severity).toBe('critical');
    expect(f.why?.firedBecause.join(' ')).toContain('never succeeded for 15 min');
    expect(f.why?.ruledOut).toContain('not only the start-up line: it went on past the PLEG threshold');
  });

  it('the field case keeps its 58 h and says it is not a start-up line', () => {
    const f = one(findings(FIELD_BUNDLES['case-8-pleg-deadlock'], 'pleg-unhealthy'));
    expect(f.why?.firedBecause.join(' ')).toContain('last relist 58 h before the last report');
    expect(f.why?.firedBecause).toContain('the relist goroutine is blocked in a channel send');
    expect(f.why?.ruledOut).toContain('not a start-up line: the relist had completed before and then stopped');
  });

  it('a D read from stat that status and stack contradict is info', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['d-state-transient'], 'd-state-processes'));
    expect(f.severity).toBe('info');
    expect(f.why?.ruledOut[0]).toContain('cat (pid 4101): status says sleeping');
  });

  it('profile-hotspot on an idle node_exporter and on <unknown> frames is not above info', () => {
    const idle = one(findings(SYNTHETIC_BUNDLES['profile-node-exporter-idle'], 'profile-hotspot'));
    expect(idle.severity).toBe('info');
    expect(idle.summary).toContain('node-exporter used 0.03 CPUs over the profile: its normal work, not a hot spot.');
    expect(findings(SYNTHETIC_BUNDLES['profile-unsymbolised'], 'profile-hotspot')).toEqual([]);
  });

  it('hung-task names the real wait, skipping the unwinder\'s "?" frames', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['hung-task-txt-srcu'], 'hung-task'));
    expect(f.summary).toContain('kworker/u16:3 waits on the kernel function __synchronize_srcu.part.0 (__synchronize_srcu.part.0)');
    expect(f.summary).not.toContain('mod_timer');
    expect(f.why?.ruledOut.join(' ')).toContain('mod_timer');
    expect(f.evidence[0]?.lineEnd).toBe(18);
  });

  it('idle informers and workqueues are not STUCK in the goroutine view', () => {
    const dump = [
      'goroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1\n',
      'goroutine 512 [sync.Cond.Wait, 6135 minutes]:',
      'sync.runtime_notifyListWait(0xc000a1c0d0, 0x0)\n\t/usr/local/go/src/runtime/sema.go:513 +0x13d',
      'sync.(*Cond).Wait(0xc000a1c0c0)\n\t/usr/local/go/src/sync/cond.go:56 +0x99',
      'k8s.io/client-go/tools/cache.(*DeltaFIFO).Pop(0xc000a1c0a0, 0xc000a12340)\n\t/go/pkg/mod/k8s.io/client-go@v0.28.2/tools/cache/delta_fifo.go:575 +0x205',
      'k8s.io/client-go/tools/cache.(*controller).processLoop(0xc000a3e000)\n\t/go/pkg/mod/k8s.io/client-go@v0.28.2/tools/cache/controller.go:184 +0x36\n',
      'goroutine 513 [sync.Cond.Wait, 6135 minutes]:',
      'sync.runtime_notifyListWait(0xc000a1c150, 0x0)\n\t/usr/local/go/src/runtime/sema.go:513 +0x13d',
      'sync.(*Cond).Wait(0xc000a1c140)\n\t/usr/local/go/src/sync/cond.go:56 +0x99',
      'k8s.io/client-go/util/workqueue.(*Type).Get(0xc000a1c120)\n\t/go/pkg/mod/k8s.io/client-go@v0.28.2/util/workqueue/queue.go:200 +0x81',
      'main.worker()\n\t/src/worker.go:30 +0x2\n',
      'goroutine 514 [sync.Mutex.Lock, 6135 minutes]:',
      'sync.runtime_SemacquireMutex(0xc000a1c1d0, 0x0, 0x1)\n\t/usr/local/go/src/runtime/sema.go:77 +0x25',
      'sync.(*Mutex).lockSlow(0xc000a1c1c0)\n\t/usr/local/go/src/sync/mutex.go:171 +0x165',
      'main.stuck()\n\t/src/stuck.go:9 +0x2\n',
    ].join('\n');
    const d = parseGoroutineDump(Buffer.from(dump));
    const stuck = d.buckets.filter((b) => b.stuck).map((b) => b.state);
    expect(stuck).toEqual(['sync.Mutex.Lock']);
  });

  it('1,800 crash-looping pods are one finding that names the scale and the worst pods', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['crashloop-1800-pods'], 'crashloop-backoff'));
    expect(f.summary).toMatch(/^1800 containers in 1800 pods are crash-looping/);
    expect(f.summary).toContain('Most: worker-0_batch/app (46 lines)');
    // The first and last line of the five worst containers, not 1,800 quotes.
    expect(f.evidence.length).toBeLessThanOrEqual(10);
  });
});

describe('misses of issue 15', () => {
  it('memcg OOM forms without "Killed process"', () => {
    expect(one(findings(SYNTHETIC_BUNDLES['memcg-oom-task-in'], 'oom-kill')).summary).toContain('killed a task in /kubepods/burstable/pod5b0e7f0c');
    expect(one(findings(SYNTHETIC_BUNDLES['memcg-oom-invoked'], 'oom-kill')).summary).toContain('invoked by java');
  });

  it('events and pod status: image-pull back-off and failed mounts with counts and first/last times', () => {
    const pull = one(findings(SYNTHETIC_BUNDLES['events-image-pull-failed-mount'], 'image-pull-backoff'));
    expect(pull.summary).toContain('4710 events on 1 object from 2026-11-21T10:00:00Z to 2026-11-22T04:59:00Z; 1 pod in that state now (shop/cart-5d8f)');
    expect(pull.evidence[0]).toMatchObject({ artifact: 'k8s/events.json', note: 'Pod/shop/cart-5d8f: 4710 events, first 2026-11-21T10:00:00Z, last 2026-11-22T04:59:00Z; now: Pending (cart: ImagePullBackOff)' });
    expect(pull.evidence[0]?.text).toContain('"message"');
    const mount = one(findings(SYNTHETIC_BUNDLES['events-image-pull-failed-mount'], 'failed-mount'));
    expect(mount.summary).toContain('secret "db-tls" not found');
  });

  it('install-time events of pods Running and Ready now (or replaced) are info, and say why', () => {
    const b = SYNTHETIC_BUNDLES['events-install-passed'];
    const sched = one(findings(b, 'failed-scheduling'));
    expect(sched.severity).toBe('info');
    expect(sched.summary).toContain('Passed: every pod named (2) is Running and Ready at collection.');
    const mount = one(findings(b, 'failed-mount'));
    expect(mount.severity).toBe('info');
    expect(mount.summary).toContain('Passed: every pod named (2) is Running and Ready at collection (1) or was since replaced (1, no longer in the pod listing).');
    const loop = one(findings(b, 'crashloop-backoff'));
    expect(loop.severity).toBe('info');
    expect(loop.why?.ruledOut).toEqual(['a lasting crash loop: every pod named (2) is Running and Ready at collection']);
    expect(loop.evidence[0]?.note).toContain('now: Running, 1/1 ready');
  });

  it('a crash loop caught Running between back-offs lasts when the events reach a stated collection time', () => {
    const b = SYNTHETIC_BUNDLES['crashloop-running-between-backoffs'] as () => FieldBundle;
    const f = one(findings(b, 'crashloop-backoff'));
    expect(f.severity).toBe('warning');
    expect(f.why?.firedBecause).toContain('1 pod Running now but with events less than 10 min before collection (the manifest (collection.startedAt))');
    // The same bundle with a collection time it does not state (an assembly time): the time is not evidence.
    const assembled = () => ({ ...b(), facts: { collectedAt: '2026-11-22T05:00:00.000Z' } });
    expect(one(findings(assembled, 'crashloop-backoff')).severity).toBe('info');
  });

  it('events of pods still not Running and Ready keep their severity', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['events-image-pull-failed-mount'], 'failed-mount'));
    expect(f.severity).toBe('warning');
    expect(f.why?.ruledOut[0]).toBe('a one-off during a rollout: pods the events name are not Running and Ready at collection');
  });

  it('a default hostname (localhost.localdomain) storm is critical', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['localhost-localdomain'], 'node-not-found'));
    expect(f.severity).toBe('critical');
    expect(f.summary).toContain('"localhost.localdomain" 301 times over 50 min');
  });

  it('CPU saturation from PSI, load and idle agree', () => {
    const f = one(findings(SYNTHETIC_BUNDLES['cpu-psi-saturated'], 'cpu-saturated'));
    expect(f.severity).toBe('warning');
    expect(f.evidence.map((e) => e.artifact)).toEqual(['proc/pressure/cpu', 'proc/loadavg', 'proc/stat.1', 'proc/stat.2']);
  });

  it('hardware errors: fatal APEI is critical, many corrected EDAC a warning, one corrected info', () => {
    expect(one(findings(SYNTHETIC_BUNDLES['hardware-apei-fatal'], 'hardware-errors')).severity).toBe('critical');
    expect(one(findings(SYNTHETIC_BUNDLES['hardware-mce-edac-corrected'], 'hardware-errors')).severity).toBe('warning');
    expect(one(findings(SYNTHETIC_BUNDLES['hardware-one-corrected'], 'hardware-errors')).severity).toBe('info');
  });
});
