import type { ArtifactKind } from '../../../shared/bundle-format';
import { firstText, fromOsRelease, fromUname, kindOfCommandFile, parseDateOutput, parseLooseTimestamp, zoneFromLocaltime } from './commands';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * sos (sosreport), Red Hat's and Canonical's support tool: one folder per host with sos_commands/<plugin>/
 * (command output named after the command), copies of etc/, proc/, sys/, var/log/, sos_reports/manifest.json
 * (sos 4.x) and top-level symbolic links (uname, ps, df, date …) to the command output, made on purpose.
 */
export const sosreport: Layout = {
  name: 'sosreport',
  title: 'sosreport (sos)',
  recognise: (paths) => paths.some((p) => /(?:^|\/)sos_commands\/[^/]+\/[^/]+/.test(p) || /(?:^|\/)sos_reports\/manifest\.json$/.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    const at = path.indexOf('sos_commands/');
    if (at >= 0 && (at === 0 || path[at - 1] === '/')) return kindOfCommandFile(path);
    // sos's account of its own run (manifest.json, sos.txt, sos.html …): what it collected, not what the node logged.
    if (/(?:^|\/)sos_reports\/[^/]+$/.test(path)) return 'collection-report';
    // Service defaults (etc/default/ipvsadm) are configuration, not the command's output.
    if (/(?:^|\/)etc\/default\//.test(path)) return 'text';
    return undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    const out: LayoutFacts = {};
    const uname = firstText(files, /(?:^|\/)sos_commands\/kernel\/uname_-a$/);
    if (uname) Object.assign(out, fromUname(uname.text));
    const host = firstText(files, /(?:^|\/)sos_commands\/host\/hostname$/, /(?:^|\/)etc\/hostname$/);
    if (host) out.hostname = host.text.trim().split('\n')[0].slice(0, 253);
    const os = firstText(files, /(?:^|\/)(?:usr\/lib|etc)\/os-release$/);
    if (os) out.os = fromOsRelease(os.text);
    out.collectedAt = collectedAt(files) ?? undefined;
    const localtime = files.paths.find((p) => /(?:^|\/)etc\/localtime$/.test(p));
    out.timezone = zoneFromLocaltime(localtime ? files.linkTarget(localtime) : null);
    const kubelet = firstText(files, /(?:^|\/)sos_commands\/kubernetes\/kubelet_--version$/, /(?:^|\/)sos_commands\/[^/]+\/kubelet_--version$/);
    const v = kubelet && /v\d+\.\d+\.\d+\S*/.exec(kubelet.text);
    if (v) out.kubeletVersion = v[0];
    return out;
  },
};

/** `date --utc`, else `date` (UTC or numeric offset only), else sos_reports/manifest.json's start_time (local). */
function collectedAt(files: BundleFiles): LayoutFacts['collectedAt'] | null {
  for (const end of [/(?:^|\/)sos_commands\/date\/date_--utc$/, /(?:^|\/)sos_commands\/date\/date$/]) {
    const f = firstText(files, end);
    const d = f && parseDateOutput(f.text);
    if (f && d?.exact) return { ms: d.ms, from: f.path };
  }
  const manifest = firstText(files, /(?:^|\/)sos_reports\/manifest\.json$/);
  if (manifest) {
    try {
      const m = JSON.parse(manifest.text) as { start_time?: unknown };
      if (typeof m.start_time === 'string') return parseLooseTimestamp(m.start_time, manifest.path);
    } catch {
      // not JSON: no time from it
    }
  }
  return null;
}
