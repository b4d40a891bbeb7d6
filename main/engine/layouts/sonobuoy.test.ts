import { describe, expect, it } from 'vitest';
import { sonobuoy } from './sonobuoy';

describe('sonobuoy resources as Kubernetes objects', () => {
  it('reads the kind-named files of Sonobuoy before 0.20', () => {
    expect(sonobuoy.kindOf('resources/non-ns/Nodes.json')).toBe('k8s-nodes');
    expect(sonobuoy.kindOf('resources/ns/kube-system/Pods.json')).toBe('k8s-pods');
    expect(sonobuoy.kindOf('resources/ns/default/Events.json')).toBe('k8s-events');
  });

  it('reads the group_version_kind files of Sonobuoy 0.20 and later', () => {
    expect(sonobuoy.kindOf('resources/cluster/core_v1_nodes.json')).toBe('k8s-nodes');
    expect(sonobuoy.kindOf('resources/ns/kube-system/core_v1_pods.json')).toBe('k8s-pods');
    expect(sonobuoy.kindOf('resources/ns/default/core_v1_events.json')).toBe('k8s-events');
  });

  it('leaves other resources to be guessed', () => {
    expect(sonobuoy.kindOf('resources/ns/kube-system/core_v1_configmaps.json')).toBeUndefined();
  });
});
