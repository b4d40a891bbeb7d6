import { describe, expect, it } from 'vitest';
import { mountKey } from '../../main/engine/compare/facts';
import { commandKey } from '../../main/engine/compare/processes';
import { processRow } from '../../main/engine/processes/table';
import { capturedPids } from '../../main/engine/processes/fixture';

/** Two nodes never share pod uids, container ids or kworker numbers: those must not read as differences. */
describe('keys that let two nodes be compared', () => {
  it('masks the CPU and queue numbers of kernel threads, not the names of programs', () => {
    const pids = capturedPids('zap-pid-ns');
    const kworker = processRow(11, pids.get(11)!);
    const sleep = processRow(11207, pids.get(11207)!);
    expect(kworker.command).toBe('kworker/0:1-virtio_vsock');
    expect(commandKey(kworker)).toBe('kworker/N:N-virtio_vsock');
    expect(commandKey(processRow(14, pids.get(14)!))).toBe('ksoftirqd/N');
    expect(commandKey(sleep)).toBe('sleep');
  });

  it('masks pod uids and container ids in mount points, keeping fs type and options', () => {
    const uid = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const id = '4c0f'.repeat(16);
    const a = mountKey(`/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~projected/kube-api-access-x`, 'tmpfs', ['rw', 'relatime']);
    expect(a).toBe('/var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~projected/kube-api-access-x tmpfs rw,relatime');
    expect(mountKey(`/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs`, 'overlay', ['rw'])).toBe(
      '/run/containerd/io.containerd.runtime.v2.task/k8s.io/<id>/rootfs overlay rw',
    );
    expect(mountKey('/', 'ext4', ['rw', 'relatime'])).not.toBe(mountKey('/', 'ext4', ['ro', 'relatime']));
  });
});
