import type { ArtifactKind } from '../../../shared/bundle-format';
import { firstText, fromOsRelease, fromUname, kindOfCommandFile, parseDateOutput } from './commands';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * Red Hat Insights client (redhat-access-insights) upload archive: insights_commands/ named like sos's
 * command files ("uname_-a", "ps_auxwww", "sysctl_-a"), copies of etc/, proc/, var/log/, and branch_info.
 */
export const insightsClient: Layout = {
  name: 'insights-client',
  title: 'Red Hat Insights client archive',
  recognise: (paths) => paths.some((p) => /(?:^|\/)insights_commands\/[^/]+$/.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    return /(?:^|\/)insights_commands\/[^/]+$/.test(path) ? kindOfCommandFile(path) : undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    const out: LayoutFacts = {};
    const uname = firstText(files, /(?:^|\/)insights_commands\/uname_-a$/);
    if (uname) Object.assign(out, fromUname(uname.text));
    const host = firstText(files, /(?:^|\/)insights_commands\/hostname(?:_-f)?$/, /(?:^|\/)etc\/hostname$/);
    if (host) out.hostname = host.text.trim().split('\n')[0].slice(0, 253);
    const rel = firstText(files, /(?:^|\/)etc\/os-release$/, /(?:^|\/)etc\/redhat-release$/);
    if (rel) out.os = /^[A-Z_]+=/m.test(rel.text) ? fromOsRelease(rel.text) : rel.text.trim().split('\n')[0];
    const date = firstText(files, /(?:^|\/)insights_commands\/date_--utc$/, /(?:^|\/)insights_commands\/date$/);
    const d = date && parseDateOutput(date.text);
    if (date && d?.exact) out.collectedAt = { ms: d.ms, from: date.path };
    return out;
  },
};
