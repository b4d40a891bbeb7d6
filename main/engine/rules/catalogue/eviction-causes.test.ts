import { describe, expect, it } from 'vitest';
import { causeOf, causesText } from './causes';
import { EVICTION_CAUSES } from './eviction-causes';

/** Written from the kubelet's eviction manager (pkg/kubelet/eviction/helpers.go) and taint manager messages. */
const messages: [cause: string, message: string][] = [
  ['memory', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 92Mi. Container app was using 1843Mi, request is 512Mi, has larger consumption of memory.'],
  ['nodefs', 'The node was low on resource: nodefs.'],
  ['nodefs', 'The node was low on resource: ephemeral-storage. Threshold quantity: 4Gi, available: 3Gi. Container app was using 9Gi, request is 0, has larger consumption of ephemeral-storage.'],
  ['imagefs', 'The node was low on resource: imagefs.'],
  ['inodes', 'The node was low on resource: inodes.'],
  ['pids', 'The node was low on resource: pids.'],
  ['ephemeral-limit', 'Pod ephemeral local storage usage exceeds the total limit of containers 2Gi. '],
  ['ephemeral-limit', 'Container app exceeded its local ephemeral storage limit "1Gi". '],
  ['ephemeral-limit', 'Usage of EmptyDir volume "cache" exceeds the limit "500Mi". '],
  ['pressure-taint', 'The node had condition: [DiskPressure]. '],
];

describe('what pods were evicted for, named from the eviction message', () => {
  it.each(messages)('%s: %s', (cause, message) => {
    expect(causeOf(EVICTION_CAUSES, message)?.id).toBe(cause);
  });

  it('counts pods per cause, most first', () => {
    expect(causesText(EVICTION_CAUSES, [{ message: messages[1][1], count: 1 }, { message: messages[0][1], count: 1 }, { message: messages[2][1], count: 1 }], 'pod')).toBe(
      "Causes: the node's root filesystem ran short of space (nodefs), 2 pods; the node ran short of memory, 1 pod.",
    );
  });
});
