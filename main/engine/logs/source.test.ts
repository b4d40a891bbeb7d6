import { describe, expect, it } from 'vitest';
import { sourceFromPath } from './source';

describe('source of a log file from its path', () => {
  it('names pod logs "<namespace>/<pod>/<container>", as kubelet lays them out and the collector copies them', () => {
    expect(sourceFromPath('nodescope-w3-20261105T015000Z/logs/pods/kube-system_kube-proxy-x7k2p_5f0c5d1c-7e1d-11e9-9d55-fa163e1b2b0b/kube-proxy/0.log')).toBe('kube-system/kube-proxy-x7k2p/kube-proxy');
    expect(sourceFromPath('var/log/pods/cattle-system_cattle-cluster-agent-5d7f8c9b4-abcde_1234/cluster-register/3.log.20260105-101500')).toBe('cattle-system/cattle-cluster-agent-5d7f8c9b4-abcde/cluster-register');
    expect(sourceFromPath('logs/containers/calico-node-x7k2p_kube-system_calico-node-0f8c2a3a1b5d4e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7.log')).toBe('kube-system/calico-node-x7k2p/calico-node');
  });

  it('names the pod logs of other tools\' bundles "<namespace>/<pod>/<container>" too (a must-gather calls them all current.log)', () => {
    const mg = 'must-gather-aws/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-eede85cb/namespaces';
    expect(sourceFromPath(`${mg}/openshift-etcd/pods/etcd-ip-10-0-195-177.ec2.internal/etcd/etcd/logs/current.log`)).toBe('openshift-etcd/etcd-ip-10-0-195-177.ec2.internal/etcd');
    expect(sourceFromPath(`${mg}/openshift-sdn/pods/sdn-controller-tv4rs/sdn-controller/sdn-controller/logs/previous.log`)).toBe('openshift-sdn/sdn-controller-tv4rs/sdn-controller');
    expect(sourceFromPath('docs/insights-archive-sample/conditional/namespaces/openshift-monitoring/pods/alertmanager-main-0/containers/alertmanager/logs/last-50-lines.log')).toBe('openshift-monitoring/alertmanager-main-0/alertmanager');
    expect(sourceFromPath('support-bundle/cluster-resources/pods/logs/kube-system/coredns-b96499967-tncf4/coredns.log')).toBe('kube-system/coredns-b96499967-tncf4/coredns');
    expect(sourceFromPath('support-bundle/cluster-resources/pods/logs/default/nginx-deployment-7986654d4-ztx2g/hello-previous.log')).toBe('default/nginx-deployment-7986654d4-ztx2g/hello');
    expect(sourceFromPath('podlogs/sonobuoy/sonobuoy/logs/kube-sonobuoy.txt')).toBe('sonobuoy/sonobuoy/kube-sonobuoy');
    expect(sourceFromPath('sampleSupportBundle/logs/longhorn-system/longhorn-manager-pmjr9/longhorn-manager.log')).toBe('longhorn-system/longhorn-manager-pmjr9/longhorn-manager');
    // A node's own logs folder is not a pod's.
    expect(sourceFromPath('sampleSupportBundle/nodes/node1/node1/logs/kernel.log')).toBe('kernel.log');
  });

  it('names journal exports after their unit, docker logs after the short container id, others after the file', () => {
    expect(sourceFromPath('logs/journal/containerd.log')).toBe('containerd');
    expect(sourceFromPath('logs/journal/kubelet.service.log')).toBe('kubelet');
    expect(sourceFromPath('logs/docker/10f0451e1345c5a2b7ad3e6f9f1a0b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2-json.log')).toBe('10f0451e1345');
    expect(sourceFromPath('logs/messages')).toBe('messages');
    expect(sourceFromPath('kube-apiserver.log')).toBe('kube-apiserver.log');
  });
});
