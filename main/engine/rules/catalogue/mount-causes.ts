import type { CauseTable } from './causes';

/**
 * Why a volume did not mount, read from the kubelet's FailedMount and the attach/detach controller's
 * FailedAttachVolume messages. In this order: "timed out waiting for the condition" ends many of them,
 * so what names a missing object, a CSI driver or the storage server comes first, and the kubelet's
 * caches that had not synced yet (a kubelet that just started, or cannot reach the API server) before
 * the bare timeout, which is said only when no message names anything else: the kubelet's "Unable to
 * attach or mount volumes: ... timed out waiting for the condition" follows each specific error.
 */
export const MOUNT_CAUSES: CauseTable = [
  [/Multi-Attach error/, { id: 'multi-attach', label: 'the volume is still attached to another node (Multi-Attach)' }],
  [/not found in the list of registered CSI drivers/, { id: 'csi-driver', label: 'its CSI driver is not registered on the node (node plugin not running)' }],
  [/\bsecret "?[^"\s]*"? not found|secrets? "[^"]*" not found/, { id: 'secret-missing', label: 'a Secret it mounts does not exist' }],
  [/\bconfigmaps? "?[^"\s]*"? not found/, { id: 'configmap-missing', label: 'a ConfigMap it mounts does not exist' }],
  [/persistentvolumeclaim "[^"]*" not found|PVC .* not found|is not bound|unbound immediate PersistentVolumeClaims/, { id: 'pvc', label: 'its PersistentVolumeClaim is missing or not bound' }],
  [/failed to sync (?:secret|configmap) cache|object "[^"]*"\/"[^"]*" not registered/, { id: 'kubelet-cache', label: "the kubelet's view of Secrets and ConfigMaps was not synced yet (kubelet starting, or the API server unreachable)" }],
  [/mount\.nfs|nfs: server .* not responding|Connection timed out|No route to host|connection refused/, { id: 'storage-unreachable', label: 'the storage server is unreachable from the node' }],
  [/wrong fs type|bad superblock|structure needs cleaning|fsck/, { id: 'filesystem', label: "the volume's filesystem is damaged or of another type" }],
  [/permission denied|access denied/i, { id: 'permission', label: 'the node was refused access to the volume' }],
  [/hostPath type check failed|is not a directory|is not a file|is not a socket/, { id: 'hostpath', label: 'a hostPath it mounts is missing or of another type on the node' }],
  [/timed out waiting for the condition|context deadline exceeded/, { id: 'timeout', label: 'the mount timed out (read the volume plugin and storage logs)', fallback: true }],
];
