import { arr, parseObjectList, obj, str, metadata, type Obj } from '../k8s/objects';
import type { BundleFiles, Dated, LayoutFacts } from './types';

/**
 * Node facts from Kubernetes Node objects (a cluster bundle's nodes.json or nodes/*.yaml): every node's
 * name, and kubelet, kernel, OS and runtime when all nodes agree (else the first node's, named).
 */
export function factsFromNodeFiles(files: BundleFiles, test: RegExp): LayoutFacts {
  const items: Obj[] = [];
  let heartbeat: Dated | undefined;
  for (const p of files.paths) {
    if (!test.test(p)) continue;
    const text = files.text(p);
    if (!text) continue;
    const nodes = parseObjectList(text).items.filter((o) => o.kind === undefined || o.kind === 'Node');
    items.push(...nodes);
    const ms = newestHeartbeat(nodes);
    if (ms !== null && (!heartbeat || ms > heartbeat.ms)) heartbeat = { ms, from: p };
  }
  const out = factsFromNodes(items);
  if (heartbeat) out.newestHeartbeat = heartbeat;
  return out;
}

/** The latest lastHeartbeatTime of the nodes' conditions (ms), or null when none is given. */
export function newestHeartbeat(nodes: Obj[]): number | null {
  let newest: number | null = null;
  for (const node of nodes) {
    for (const condition of arr(obj(node.status).conditions)) {
      const ms = Date.parse(str(condition.lastHeartbeatTime) ?? '');
      if (Number.isFinite(ms) && (newest === null || ms > newest)) newest = ms;
    }
  }
  return newest;
}

export function factsFromNodes(items: Obj[]): LayoutFacts {
  if (!items.length) return {};
  const names = items.map((o) => metadata(o).name).filter((n) => n !== '?');
  const info = (o: Obj) => obj(obj(o.status).nodeInfo);
  const agreed = (key: string): string | undefined => {
    const values = [...new Set(items.map((o) => str(info(o)[key])).filter((v): v is string => v !== null))];
    return values.length === 1 ? values[0] : values.length > 1 ? `${values[0]} (and ${values.length - 1} other)` : undefined;
  };
  const out: LayoutFacts = {
    nodes: names,
    kubeletVersion: agreed('kubeletVersion'),
    kernel: agreed('kernelVersion'),
    os: agreed('osImage'),
    containerRuntime: agreed('containerRuntimeVersion'),
  };
  if (names.length === 1) out.hostname = names[0];
  return out;
}
