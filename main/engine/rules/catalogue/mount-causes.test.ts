import { describe, expect, it } from 'vitest';
import { causeOf, causesText } from './causes';
import { MOUNT_CAUSES } from './mount-causes';

/**
 * Each message is written from the format strings of the kubelet's volume manager and plugins
 * (pkg/volume/util/operationexecutor, the secret, configmap, projected, csi and nfs plugins) and of the
 * attach/detach controller: what `kubectl describe pod` shows under Events.
 */
const messages: [cause: string, message: string][] = [
  ['secret-missing', 'MountVolume.SetUp failed for volume "metrics-tls" : secret "metrics-tls" not found'],
  ['configmap-missing', 'MountVolume.SetUp failed for volume "client-ca" : configmap "client-ca" not found'],
  ['kubelet-cache', 'MountVolume.SetUp failed for volume "etcd-client" : failed to sync secret cache: timed out waiting for the condition'],
  ['kubelet-cache', 'MountVolume.SetUp failed for volume "trusted-ca" : failed to sync configmap cache: timed out waiting for the condition'],
  ['kubelet-cache', 'MountVolume.SetUp failed for volume "kube-api-access-x1" : object "openshift-kube-scheduler"/"kube-root-ca.crt" not registered'],
  ['multi-attach', 'Multi-Attach error for volume "pvc-0c1d" Volume is already exclusively attached to one node and can\'t be attached to another'],
  ['csi-driver', 'MountVolume.MountDevice failed for volume "pvc-0c1d" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name ebs.csi.aws.com not found in the list of registered CSI drivers'],
  ['pvc', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: error processing PVC default/data-0: PVC is not bound'],
  ['storage-unreachable', 'MountVolume.SetUp failed for volume "share" : mount failed: exit status 32 Mounting command: mount Mounting arguments: -t nfs 10.0.0.9:/export /var/lib/kubelet/pods/1/volumes/kubernetes.io~nfs/share Output: mount.nfs: Connection timed out'],
  ['filesystem', 'MountVolume.MountDevice failed for volume "pvc-0c1d" : rpc error: code = Internal desc = mount failed: exit status 32 Output: mount: /var/lib/kubelet/plugins/x: wrong fs type, bad option, bad superblock on /dev/nvme1n1'],
  ['hostpath', 'MountVolume.SetUp failed for volume "rrd" : hostPath type check failed: /var/lib/collectd/rrd is not a directory'],
  ['timeout', 'Unable to attach or mount volumes: unmounted volumes=[host], unattached volumes=[host kube-api-access-xddvj]: timed out waiting for the condition'],
];

describe('why a volume did not mount, named from the event message', () => {
  it.each(messages)('%s: %s', (cause, message) => {
    expect(causeOf(MOUNT_CAUSES, message)?.id).toBe(cause);
  });

  it('a must-gather taken while the kubelet restarted: its caches, not a missing Secret, for most of the events', () => {
    const text = causesText(MOUNT_CAUSES, 
      [
        { message: messages[2][1], count: 6 },
        { message: messages[4][1], count: 50 },
        { message: messages[0][1], count: 4 },
      ],
      'event',
    );
    expect(text).toBe("Causes: the kubelet's view of Secrets and ConfigMaps was not synced yet (kubelet starting, or the API server unreachable), 56 events; a Secret it mounts does not exist, 4 events.");
  });

  it('says the bare timeout only when no message names the cause: it follows each specific error', () => {
    const timeout = { message: messages.at(-1)?.[1] ?? '', count: 15529 };
    const hostPath = { message: 'MountVolume.SetUp failed for volume "rrd" : hostPath type check failed: /var/lib/collectd/rrd is not a directory', count: 16423 };
    expect(causesText(MOUNT_CAUSES, [timeout, hostPath], 'event')).toBe('Cause: a hostPath it mounts is missing or of another type on the node, 16423 events.');
    expect(causesText(MOUNT_CAUSES, [timeout], 'event')).toBe('Cause: the mount timed out (read the volume plugin and storage logs), 15529 events.');
  });

  it('names nothing for a message of no known cause', () => {
    expect(causesText(MOUNT_CAUSES, [{ message: 'MountVolume.SetUp failed for volume "x" : unexpected end of JSON input', count: 2 }], 'event')).toBeNull();
  });
});
