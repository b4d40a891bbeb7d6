import { describe, expect, it } from 'vitest';
import { causeOf } from './causes';
import { SANDBOX_CAUSES } from './sandbox-causes';

const SANDBOX = 'f'.repeat(64);
/** The kubelet's FailedCreatePodSandBox event, around what the runtime and its CNI plugin returned. */
const failed = (cni: string) => `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${SANDBOX}": ${cni}`;

/**
 * Written from the plugins' own format strings (containernetworking/plugins host-local, Calico's
 * cni-plugin, flannel, Multus, openshift-sdn's CNI server) and containerd's CRI plugin.
 */
const messages: [cause: string, message: string][] = [
  ['ip-exhausted', failed('plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.3.1-10.244.3.254')],
  ['ip-exhausted', failed('plugin type="calico" failed (add): failed to request IPv4 addresses: IPAM allocation failed: no more free affinity blocks')],
  ['cni-missing', failed('failed to find plugin "loopback" in path [/opt/cni/bin]')],
  ['cni-missing', 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: cni config uninitialized'],
  ['cni-agent-down', failed('plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/')],
  ['cni-agent-down', failed('plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory')],
  ['pod-gone', failed('error adding pod ns_installer-3 to CNI network "multus-cni-network": Multus: [ns/installer-3]: error getting pod: pods "installer-3" not found')],
  ['cni-forbidden', failed('Multus: [ns/installer-6]: error getting pod: pods "installer-6" is forbidden: User "system:serviceaccount:openshift-multus:multus" cannot get resource "pods" in API group "" in the namespace "ns"')],
  ['cni-unreachable', failed('error adding container to network "openshift-sdn": CNI request failed with status 400: \'Get "https://api-int.example:6443/api/v1/namespaces/ns/pods/installer-5": http2: client connection lost\'')],
  ['cni-unreachable', failed('plugin type="calico" failed (add): error getting ClusterInformation: Get "https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default": dial tcp 10.96.0.1:443: i/o timeout')],
  ['cni-unreachable', failed('Multus: [ns/revision-pruner-5]: error getting pod: Get "https://api-int.example:6443/api/v1/namespaces/ns/pods/revision-pruner-5?timeout=1m0s": net/http: request canceled (Client.Timeout exceeded while awaiting headers)')],
  ['runtime', 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init'],
];

describe('why a pod got no sandbox, named from the CNI plugin\'s words', () => {
  it.each(messages)('%s: %s', (cause, message) => {
    expect(causeOf(SANDBOX_CAUSES, message)?.id).toBe(cause);
  });
});
