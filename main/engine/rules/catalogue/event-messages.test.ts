import { describe, expect, it } from 'vitest';
import type { K8sEvent } from '../../../../shared/api/k8s';
import { schedulerReasons } from './event-messages';

function failedScheduling(message: string, count: number): K8sEvent {
  return { namespace: 'ns-a', type: 'Warning', reason: 'FailedScheduling', object: 'Pod/ns-a/web-1', objectKind: 'Pod', objectName: 'web-1', count, message, firstTime: null, lastTime: null, source: 'default-scheduler' };
}

/** The scheduler's messages as kube-scheduler writes them (framework/runtime, "0/N nodes are available: ..."), old and new taint wording. */
describe("the scheduler's reasons, counted over its FailedScheduling events", () => {
  it('names each reason once per event, a taint by its key, the most counted first', () => {
    const text = schedulerReasons([
      failedScheduling("0/3 nodes are available: 3 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate.", 164),
      failedScheduling("0/4 nodes are available: 1 node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate, 3 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate.", 32),
      failedScheduling('0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', 5),
    ]);
    expect(text).toBe(
      "The scheduler's reasons: untolerated taint node-role.kubernetes.io/master (196 events), untolerated taint node.kubernetes.io/not-ready (32 events), Insufficient cpu (5 events), untolerated taint dedicated (5 events).",
    );
  });

  it('says nothing of a message that lists no reason', () => {
    expect(schedulerReasons([failedScheduling('no nodes available to schedule pods', 40)])).toBeNull();
  });
});
