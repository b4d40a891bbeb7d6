/**
 * The source a file's lines belong to when the line itself does not say: pod logs name
 * "<namespace>/<pod>/<container>", journal unit exports their unit, anything else its file name.
 */
export function sourceFromPath(path: string): string {
  return podLogSource(path) ?? containerLogSource(path) ?? peerPodLogSource(path) ?? dockerLogSource(path) ?? journalUnit(path) ?? baseName(path);
}

/**
 * Pod logs as other tools lay them out, each by namespace, pod and container (a must-gather names every
 * container's log current.log: by file name, its thousands of containers were one source).
 */
const PEER_POD_LOGS: RegExp[] = [
  // OpenShift must-gather: namespaces/<ns>/pods/<pod>/<container>/<container>/logs/{current,previous}.log
  /(?:^|\/)namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/\3\/logs\/[^/]+\.log$/,
  // OpenShift Insights: namespaces/<ns>/pods/<pod>/containers/<container>/logs/last-<n>-lines.log
  /(?:^|\/)namespaces\/([^/]+)\/pods\/([^/]+)\/containers\/([^/]+)\/logs\/[^/]+\.log$/,
  // troubleshoot.sh: cluster-resources/pods/logs/<ns>/<pod>/<container>[-previous].log
  /(?:^|\/)cluster-resources\/pods\/logs\/([^/]+)\/([^/]+)\/([^/]+?)(?:-previous)?\.log$/,
  // Sonobuoy: podlogs/<ns>/<pod>/logs/<container>.txt
  /(?:^|\/)podlogs\/([^/]+)\/([^/]+)\/logs\/([^/]+)\.txt$/,
  // Harvester's support-bundle-kit: logs/<ns>/<pod>/<container>.log
  /(?:^|\/)logs\/([a-z0-9][a-z0-9-]{0,62})\/([a-z0-9][a-z0-9.-]{0,252})\/([a-z0-9][a-z0-9-]{0,62})\.log$/,
];

function peerPodLogSource(path: string): string | null {
  for (const layout of PEER_POD_LOGS) {
    const m = layout.exec(path);
    if (m) return `${m[1]}/${m[2]}/${m[3]}`;
  }
  return null;
}

let lastPath: string | null = null;
let lastSource = '';

/** sourceFromPath, remembered for the artifact being parsed (parse() is called once per line). */
export function cachedSourceFromPath(path: string): string {
  if (path !== lastPath) {
    lastSource = sourceFromPath(path);
    lastPath = path;
  }
  return lastSource;
}

let lastUnitPath: string | null = null;
let lastUnit: string | null = null;

/** The unit of a journal export named logs/journal/<unit>.log, or null; remembered per artifact. */
export function journalUnitOf(path: string): string | null {
  if (path !== lastUnitPath) {
    lastUnit = journalUnit(path);
    lastUnitPath = path;
  }
  return lastUnit;
}

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

/** .../pods/<ns>_<pod>_<uid>/<container>/<n>.log (kubelet's /var/log/pods layout). */
function podLogSource(path: string): string | null {
  const m = /(?:^|\/)pods\/([^/_]+)_([^/_]+)_[^/]+\/([^/]+)\/[^/]+$/.exec(path);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : null;
}

/** .../containers/<pod>_<ns>_<container>-<64 hex id>.log (kubelet's /var/log/containers symlinks). */
function containerLogSource(path: string): string | null {
  const m = /(?:^|\/)containers\/([^/_]+)_([^/_]+)_([^/]+)-[0-9a-f]{64}\.log$/.exec(path);
  return m ? `${m[2]}/${m[1]}/${m[3]}` : null;
}

/** .../<64 hex id>-json.log (docker's json-file driver) -> the short id `docker ps` and dockerd print. */
function dockerLogSource(path: string): string | null {
  const m = /(?:^|\/)([0-9a-f]{12})[0-9a-f]{52}-json\.log(?:\.\d+)?$/.exec(path);
  return m ? m[1] : null;
}

/** logs/journal/<unit>.log (the collector's `journalctl -u <unit>` exports) -> the unit, without ".service". */
function journalUnit(path: string): string | null {
  const m = /(?:^|\/)journal\/([^/]+?)(?:\.service)?\.(?:log|txt|json)$/.exec(path);
  return m ? m[1] : null;
}

/** "kubelet.service" -> "kubelet"; other unit types keep their suffix. */
export function unitName(unit: string): string {
  return unit.endsWith('.service') ? unit.slice(0, -8) : unit;
}
