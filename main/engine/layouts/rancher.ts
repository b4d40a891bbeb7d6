import type { ArtifactKind } from '../../../shared/bundle-format';
import { firstText, fromOsRelease, fromUname, parseDateOutput } from './commands';
import type { BundleFiles, Layout, LayoutFacts } from './types';

/**
 * Rancher's logs collector (rancherlabs/support-tools rancher2_logs_collector.sh): systeminfo/ (hostname,
 * osrelease, uname, date, sysctla, psauxfww, dfh, dfiTH, dmesg, mount …), networking/ (iptablessave,
 * ip6tablessave, ipaddrshow, iproute, ssanp …), journald/<unit>, systemlogs/ (/var/log copies),
 * <distro>/{kubectl/, podlogs/, crictl/, agent-logs/, server-logs/}.
 * The file names are the script's (command words run together, no extension).
 */
const SYSTEMINFO: Record<string, ArtifactKind> = {
  uname: 'uname',
  osrelease: 'os-release',
  sysctla: 'sysctl',
  dmesg: 'dmesg',
  dfh: 'df',
  df: 'df',
  dfi: 'df-inodes',
  dfith: 'df-inodes',
  mount: 'mounts',
  psauxfww: 'ps',
  psauxww: 'ps',
  psaux: 'ps',
  etchosts: 'hosts',
  etcresolvconf: 'resolv-conf',
  lsmod: 'text',
};
const NETWORKING: Record<string, ArtifactKind> = {
  iptablessave: 'iptables-save',
  ip6tablessave: 'ip6tables-save',
  ipaddrshow: 'ip-addr',
  iproute: 'ip-route',
  iprule: 'ip-rule',
  ssanp: 'ss',
  ssitan: 'ss',
  ipvsadm: 'ipvsadm',
};

export const rancher: Layout = {
  name: 'rancher-logs-collector',
  title: "Rancher logs collector",
  recognise: (paths) => paths.some((p) => /(?:^|\/)systeminfo\/[^/]+$/.test(p)) && paths.some((p) => /(?:^|\/)(?:networking|journald|systemlogs)\/[^/]+/.test(p)),
  kindOf(path: string): ArtifactKind | undefined {
    const m = /(?:^|\/)(systeminfo|networking|journald|systemlogs)\/([^/]+)$/.exec(path);
    if (m) {
      const name = m[2].toLowerCase();
      if (m[1] === 'systeminfo') return SYSTEMINFO[name];
      if (m[1] === 'networking') return NETWORKING[name];
      if (m[1] === 'journald') return 'journal';
      return undefined;
    }
    if (/(?:^|\/)(?:podlogs|agent-logs|server-logs|containerlogs)\/[^/]+$/.test(path)) return 'log';
    return undefined;
  },
  facts(files: BundleFiles): LayoutFacts {
    const out: LayoutFacts = {};
    const uname = firstText(files, /(?:^|\/)systeminfo\/uname$/);
    if (uname) Object.assign(out, fromUname(uname.text));
    const host = firstText(files, /(?:^|\/)systeminfo\/hostname$/);
    if (host) out.hostname = host.text.trim().split('\n')[0].slice(0, 253);
    const os = firstText(files, /(?:^|\/)systeminfo\/osrelease$/);
    if (os) out.os = fromOsRelease(os.text);
    const date = firstText(files, /(?:^|\/)systeminfo\/date$/);
    const d = date && parseDateOutput(date.text);
    if (date && d?.exact) out.collectedAt = { ms: d.ms, from: date.path };
    return out;
  },
};
