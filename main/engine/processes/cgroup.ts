import type { ProcessCgroup } from '../../../shared/api/processes';

const UID = '[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}';
const CONTAINER = '[0-9a-f]{64}';

/** kubepods/burstable/pod<uid>/<id> (cgroupfs driver) or kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope (systemd). */
const CGROUPFS_POD = new RegExp(`/kubepods(?:/(besteffort|burstable))?/pod(${UID})(?:/(${CONTAINER}))?`);
const SYSTEMD_POD = new RegExp(`kubepods(?:-(besteffort|burstable))?-pod(${UID})\\.slice(?:/(?:[\\w-]*?-)?(${CONTAINER})\\.scope)?`);
/** A container outside Kubernetes: /docker/<id>, system.slice/docker-<id>.scope. */
const PLAIN_CONTAINER = new RegExp(`(?:/docker/|docker-|cri-containerd-|crio-|libpod-)(${CONTAINER})`);

export function cgroupPaths(text: string): { controllers: string; path: string }[] {
  const out: { controllers: string; path: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (m) out.push({ controllers: m[1] as string, path: m[2] as string });
  }
  return out;
}

function fromPath(path: string): ProcessCgroup | null {
  for (const [driver, re] of [['cgroupfs', CGROUPFS_POD], ['systemd', SYSTEMD_POD]] as const) {
    const pod = re.exec(path);
    if (!pod) continue;
    return {
      path,
      podUid: (pod[2] as string).replace(/_/g, '-'),
      containerId: pod[3] ?? null,
      // Guaranteed pods sit directly under kubepods, without a QoS level.
      qosClass: pod[1] ?? 'guaranteed',
      driver,
    };
  }
  const plain = PLAIN_CONTAINER.exec(path);
  return plain ? { path, podUid: null, containerId: plain[1] as string, qosClass: null, driver: null } : null;
}

/** The pod and container a process belongs to, from its /proc/<pid>/cgroup (v1 or v2). */
export function parseProcessCgroup(text: string): ProcessCgroup | null {
  const paths = cgroupPaths(text);
  for (const p of paths) {
    const found = fromPath(p.path);
    if (found) return found;
  }
  const other = paths.find((p) => p.path !== '/');
  return other ? { path: other.path, podUid: null, containerId: null, qosClass: null, driver: null } : null;
}
