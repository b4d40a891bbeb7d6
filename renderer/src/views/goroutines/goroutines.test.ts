import { describe, expect, it } from 'vitest';
import type { GoroutineBucket } from '../../../../shared/api/profiles';
import { filterBuckets, orderBuckets, waitText, whereFrame } from './order';

const bucket = (over: Partial<GoroutineBucket>): GoroutineBucket => ({
  count: 1,
  state: 'select',
  stateInferred: false,
  waitMinutes: 0,
  minWaitMinutes: 0,
  ids: [],
  lockedToThread: false,
  createdBy: null,
  frames: [],
  stuck: null,
  ...over,
});

// Field case 8: one PLEG relist goroutine blocked in chan send for 3509 minutes among 600 pod workers.
const plegStuck = bucket({
  count: 1,
  state: 'chan send',
  waitMinutes: 3509,
  minWaitMinutes: 3509,
  frames: [
    { func: 'runtime.gopark', file: '/usr/local/go/src/runtime/proc.go', line: 288 },
    { func: 'runtime.chansend1', file: '/usr/local/go/src/runtime/chan.go', line: 127 },
    { func: 'k8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).relist', file: '/workspace/pkg/kubelet/pleg/generic.go', line: 261 },
  ],
  stuck: '1 goroutine blocked in a channel send for 3509 minutes',
});
const podWorkers = bucket({ count: 600, state: 'chan receive', waitMinutes: 12, minWaitMinutes: 2, frames: [{ func: 'k8s.io/kubernetes/pkg/kubelet.(*podWorkers).managePodLoop', file: 'pod_workers.go', line: 174 }] });
const readers = bucket({ count: 40, state: 'IO wait', frames: [{ func: 'internal/poll.runtime_pollWait', file: 'netpoll.go', line: 173 }, { func: 'net.(*conn).Read', file: 'net.go', line: 183 }] });

describe('goroutine buckets as the Goroutines view lists them', () => {
  it('puts the stuck PLEG relist first, ahead of 600 pod workers', () => {
    expect(orderBuckets([podWorkers, readers, plegStuck])).toEqual([plegStuck, podWorkers, readers]);
  });
  it('filters by state and by text in a function or file', () => {
    const all = [plegStuck, podWorkers, readers];
    expect(filterBuckets(all, { state: 'chan send', text: '' })).toEqual([plegStuck]);
    expect(filterBuckets(all, { state: null, text: 'GENERIC.GO' })).toEqual([plegStuck]);
    expect(filterBuckets(all, { state: null, text: '' })).toEqual(all);
  });
  it('says where a bucket waits: the first frame outside the runtime and poller', () => {
    expect(whereFrame(plegStuck)?.func).toBe('k8s.io/kubernetes/pkg/kubelet/pleg.(*GenericPLEG).relist');
    expect(whereFrame(readers)?.func).toBe('net.(*conn).Read');
    expect(whereFrame(bucket({}))).toBeUndefined();
  });
  it('prints waits as Go does, in minutes, as a range when the bucket’s waits differ', () => {
    expect(waitText(plegStuck)).toBe('3509 minutes');
    expect(waitText(podWorkers)).toBe('2–12 minutes');
    expect(waitText(bucket({ waitMinutes: 1, minWaitMinutes: 1 }))).toBe('1 minute');
    expect(waitText(readers)).toBe('');
  });
});
