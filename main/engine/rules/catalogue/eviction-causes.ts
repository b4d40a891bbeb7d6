import type { CauseTable } from './causes';

/**
 * What the kubelet evicted pods for, from the eviction's message (pkg/kubelet/eviction: "The node was
 * low on resource: <signal's resource>.", a pod over its own ephemeral-storage limit) or the taint
 * manager's ("The node had condition: [DiskPressure]."). Inodes before disk: both are the node's
 * filesystem, each with its own fix.
 */
export const EVICTION_CAUSES: CauseTable = [
  [/low on resource: memory\b/, { id: 'memory', label: 'the node ran short of memory' }],
  [/low on resource: inodes\b/, { id: 'inodes', label: "the node's filesystem ran out of inodes" }],
  [/low on resource: imagefs\b/, { id: 'imagefs', label: 'the image filesystem ran short of space (imagefs)' }],
  [/low on resource: (?:nodefs|ephemeral-storage)\b/, { id: 'nodefs', label: "the node's root filesystem ran short of space (nodefs)" }],
  [/low on resource: pids\b/, { id: 'pids', label: 'the node ran short of process IDs' }],
  [/ephemeral local storage usage exceeds|exceeded its local ephemeral storage limit|Usage of EmptyDir volume .* exceeds the limit/, { id: 'ephemeral-limit', label: 'a pod used more ephemeral storage than its own limit' }],
  [/had condition: \[(?:Memory|Disk|PID)Pressure\]/, { id: 'pressure-taint', label: 'the node had a pressure condition the pod did not tolerate' }],
];
