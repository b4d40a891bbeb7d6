import { describe, expect, it } from 'vitest';
import { parseProcessCgroup } from './cgroup';

// Cgroup names as kubelet and the runtimes make them (kubelet pkg/kubelet/cm: "pod" + uid under the QoS
// level; the systemd driver escapes '-' in the uid as '_' and nests .slice units; containerd, CRI-O and
// dockerd name the container's scope "cri-containerd-", "crio-", "docker-" + id).
const ID = 'a'.repeat(64);
const UID = '3f2b9c1e-8d7a-4e6f-9b5c-1a2d3e4f5a6b';

describe('the pod and container of a process, from its cgroup file', () => {
  it('cgroup v2 with the systemd driver and CRI-O', () => {
    const text = `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID.replace(/-/g, '_')}.slice/crio-${ID}.scope\n`;
    expect(parseProcessCgroup(text)).toMatchObject({ podUid: UID, containerId: ID, qosClass: 'besteffort', driver: 'systemd' });
  });

  it('a Guaranteed pod has no QoS level in its path', () => {
    expect(parseProcessCgroup(`4:memory:/kubepods/pod${UID}/${ID}\n`)).toMatchObject({ podUid: UID, containerId: ID, qosClass: 'guaranteed', driver: 'cgroupfs' });
    expect(parseProcessCgroup(`0::/kubepods.slice/kubepods-pod${UID.replace(/-/g, '_')}.slice/docker-${ID}.scope\n`)).toMatchObject({
      qosClass: 'guaranteed',
      driver: 'systemd',
      containerId: ID,
    });
  });

  it('the pod sandbox level only (the pause process of a pod, or a pod-level cgroup)', () => {
    expect(parseProcessCgroup(`4:memory:/kubepods/burstable/pod${UID}\n`)).toMatchObject({ podUid: UID, containerId: null });
  });

  it('a docker container outside Kubernetes', () => {
    expect(parseProcessCgroup(`12:pids:/docker/${ID}\n`)).toMatchObject({ podUid: null, containerId: ID });
    expect(parseProcessCgroup(`0::/system.slice/docker-${ID}.scope\n`)).toMatchObject({ podUid: null, containerId: ID });
  });

  it('a host service: its path, no pod; the root cgroup: nothing', () => {
    expect(parseProcessCgroup('0::/system.slice/kubelet.service\n')).toEqual({
      path: '/system.slice/kubelet.service',
      podUid: null,
      containerId: null,
      qosClass: null,
      driver: null,
    });
    expect(parseProcessCgroup('0::/\n')).toBeNull();
    expect(parseProcessCgroup('')).toBeNull();
  });
});
