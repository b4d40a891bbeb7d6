import type { Evidence } from '../../../shared/api/findings';
import type { FleetFeatureKind } from '../../../shared/api/fleet';
import type { SystemReport } from '../../../shared/api/system';
import { VOLATILE_SYSCTL, mountKey } from '../compare/facts';
import type { Db } from '../store/workspace';
import { parseMounts } from '../system/config';
import { textOfKind } from '../system/load';
import { lineOf, type Builder } from './model';

/** How a node is set up: facts, sysctl values, kernel modules and parameters, mounts. */

/** Facts that differ between any two bundles by nature (who, when, where from): never features. */
const NOT_FEATURES = new Set(['hostname', 'collectedAt', 'collectionEndedAt', 'collectedWithRoot', 'collectorVersion']);

const FACT_ARTIFACTS: Record<string, string> = { kernel: 'proc-version', os: 'os-release', timezone: 'timezone' };

export function facts(db: Db, bundleId: number, sys: SystemReport, b: Builder): void {
  const f = sys.facts;
  const values: [string, string, string | null | undefined][] = [
    ['kernel', 'kernel', f.kernel?.release ?? f.facts.kernel],
    ['os', 'OS', f.os],
    ['kubeletVersion', 'kubelet version', f.facts.kubeletVersion],
    ['containerRuntime', 'container runtime', f.facts.containerRuntime],
    ['cgroupVersion', 'cgroup version', f.facts.cgroupVersion],
    ['timezone', 'timezone', f.timezone],
    ['clockSynced', 'clock synchronised', f.facts.clockSynced],
  ];
  for (const [k, v] of Object.entries(f.versions)) values.push([`versions.${k}`, `${k} version`, v]);
  for (const [key, label, value] of values) {
    if (NOT_FEATURES.has(key) || value === null || value === undefined || value === '') continue;
    const art = FACT_ARTIFACTS[key] ? textOfKind(db, bundleId, FACT_ARTIFACTS[key]) : null;
    const at = art ? lineOf(art.text, (l) => l.includes(value)) : null;
    const evidence: Evidence = art && at ? { artifact: art.path, line: at.line, text: at.text } : { artifact: 'manifest.json', line: null, text: `${key}: ${value}` };
    b.put(`fact:${key}`, { kind: 'fact', type: 'category', label, source: 'facts', value, evidence });
  }
  b.sources.add('facts');
}

export function sysctl(db: Db, bundleId: number, b: Builder): void {
  const art = textOfKind(db, bundleId, 'sysctl');
  if (!art) return;
  b.sources.add('sysctl');
  let n = 0;
  for (const line of art.text.split('\n')) {
    n++;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let key = line.slice(0, eq).trim();
    if (key.startsWith('/proc/sys/')) key = key.slice('/proc/sys/'.length).replace(/\//g, '.');
    if (!key || VOLATILE_SYSCTL.has(key) || key.startsWith('dev.cdrom') || key.includes('.random.')) continue;
    const value = line.slice(eq + 1).trim();
    b.put(`sysctl:${key}`, {
      kind: 'sysctl',
      type: 'category',
      label: `sysctl ${key}`,
      source: 'sysctl',
      value,
      evidence: { artifact: art.path, line: n, text: line },
    });
  }
}

function presence(b: Builder, kind: FleetFeatureKind, source: string, artifact: string, items: { key: string; label: string; line: number | null; text: string }[]): void {
  b.sources.add(source);
  for (const it of items) {
    b.put(`${kind}:${it.key}`, { kind, type: 'presence', label: it.label, source, value: 'yes', evidence: { artifact, line: it.line, text: it.text } });
  }
}

export function modulesCmdlineMounts(db: Db, bundleId: number, b: Builder): void {
  const modules = textOfKind(db, bundleId, 'kernel-modules');
  if (modules) {
    const items = modules.text.split('\n').flatMap((text, i) => {
      const name = text.split(' ', 1)[0];
      return name ? [{ key: name, label: `kernel module ${name}`, line: i + 1, text }] : [];
    });
    presence(b, 'module', 'proc/modules', modules.path, items);
  }
  const cmdline = textOfKind(db, bundleId, 'kernel-cmdline');
  if (cmdline) {
    const text = cmdline.text.split('\n', 1)[0] ?? '';
    const items = text
      .split(/\s+/)
      .filter((p) => p && !p.startsWith('BOOT_IMAGE='))
      .map((p) => ({ key: p, label: `kernel parameter ${p}`, line: 1, text }));
    presence(b, 'cmdline', 'proc/cmdline', cmdline.path, items);
  }
  const mounts = textOfKind(db, bundleId, 'mounts');
  if (mounts) {
    const lines = mounts.text.split('\n');
    // First line of each mount point (its second field, octal escapes as written).
    const lineOfPoint = new Map<string, number>();
    lines.forEach((l, i) => {
      const point = l.trim().split(/\s+/, 2)[1];
      if (point !== undefined && !lineOfPoint.has(point)) lineOfPoint.set(point, i);
    });
    const items = parseMounts(mounts.text)
      .filter((m) => !PER_POD_MOUNT.test(m.mountPoint) && !PER_POD_FS.has(m.fsType))
      .map((m) => {
        const key = mountKey(m.mountPoint, m.fsType, m.options);
        const i = lineOfPoint.get(m.mountPoint.replace(/ /g, '\\040')) ?? -1;
        return { key, label: `mount ${m.mountPoint} (${m.fsType})`, line: i >= 0 ? i + 1 : null, text: lines[i] ?? key };
      });
    presence(b, 'mount', 'proc/mounts', mounts.path, items);
  }
}

/** Mounts that come and go with pods and containers: every node has other ones. */
const PER_POD_MOUNT = /^\/(?:var\/lib\/kubelet\/pods|run\/containerd|var\/lib\/docker|var\/lib\/containers|run\/netns|run\/k3s|var\/run\/netns|run\/docker)\//;
const PER_POD_FS = new Set(['overlay', 'nsfs', 'shm']);
