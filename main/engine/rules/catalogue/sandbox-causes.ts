import type { CauseTable } from './causes';

/**
 * Why the runtime could not give a pod its sandbox, from FailedCreatePodSandBox messages ("Failed to
 * create pod sandbox: rpc error: ... failed to setup network for sandbox ...: plugin type=\"calico\"
 * failed (add): ..."): the CNI plugin's own words end the message. In this order: an exhausted address
 * pool and a missing plugin or configuration are named before the network errors their messages may
 * also hold, and a pod deleted while its sandbox was made (a race, not a fault) before "not found".
 */
export const SANDBOX_CAUSES: CauseTable = [
  [/no IP addresses available|failed to allocate for range|range is full|IPAM.{0,40}(?:exhausted|no more|full)|no available IP|could not find free ip/i, { id: 'ip-exhausted', label: "the pod network's address range on the node is exhausted (IPAM)" }],
  [/failed to find plugin|no networks found in|cni config uninitialized|network plugin is not ready|failed to load netconf/, { id: 'cni-missing', label: 'the CNI plugin or its configuration is missing on the node' }],
  [/calico\/nodename: no such file or directory|subnet\.env: no such file or directory|check that the calico\/node container is running/, { id: 'cni-agent-down', label: "the CNI plugin's node agent is not running (calico-node, flannel)" }],
  [/error getting pod: pods "[^"]*" not found|pods? "[^"]*" not found/, { id: 'pod-gone', label: 'the pod was deleted while its sandbox was being made (a race, not a fault)' }],
  [/Unauthorized|forbidden|cannot get resource/, { id: 'cni-forbidden', label: "the CNI plugin's credentials were refused by the API server" }],
  [/connection refused|i\/o timeout|client connection lost|Client\.Timeout exceeded|no route to host|TLS handshake timeout|context deadline exceeded|connection reset by peer/, { id: 'cni-unreachable', label: 'the CNI plugin could not reach the API server or its own daemon' }],
  [/failed to create containerd task|OCI runtime create failed|runc create failed/, { id: 'runtime', label: 'the runtime could not start the sandbox (pause) container' }],
];
