import { describe, expect, it } from 'vitest';
import { LinkTable, resolveTarget } from '../ingest/links';
import { fromOsRelease, fromUname, kindOfCommandFile, parseDateOutput, zoneFromLocaltime } from './commands';
import { kindByLayout, recogniseLayout } from './index';

describe('files named after their command', () => {
  it.each([
    ['sosreport-x/sos_commands/kernel/uname_-a', 'uname'],
    ['sosreport-x/sos_commands/kernel/sysctl_-a', 'sysctl'],
    ['sosreport-x/sos_commands/kernel/dmesg', 'dmesg'],
    ['sosreport-x/sos_commands/filesys/df_-al_-x_autofs', 'df'],
    ['sosreport-x/sos_commands/filesys/df_-ali_-x_autofs', 'df-inodes'],
    ['sosreport-x/sos_commands/networking/ip_route_show_table_all', 'ip-route'],
    ['sosreport-x/sos_commands/networking/ip_-d_address', 'ip-addr'],
    ['sosreport-x/sos_commands/networking/ip_-4_rule', 'ip-rule'],
    ['sosreport-x/sos_commands/firewall_tables/iptables_-t_nat_-nvL', 'iptables-save'],
    ['sosreport-x/sos_commands/process/ps_auxwww', 'ps'],
    ['sosreport-x/sos_commands/process/ps_alxwww', 'ps'],
    ['sosreport-x/sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet', 'journal'],
    ['sosreport-x/sos_commands/kubernetes/kubectl_--kubeconfig_.root.cdk.cdk_addons_kubectl_config_get_-o_json_--namespace_kube-system_events', 'k8s-events'],
    ['sunbeam/sos_commands/kubernetes/cluster-info/openstack/k8s_kubectl_get_-o_json_--namespace_openstack_pods', 'k8s-pods'],
    ['insights_heartbeat/insights_commands/ps_auxwww', 'ps'],
    ['support-bundle/cluster-resources/events/default.json', 'k8s-events'],
    ['mg/x/namespaces/openshift-etcd/core/events.yaml', 'k8s-events'],
    ['mg/x/host_service_logs/masters/kubelet_service.log', 'journal'],
    ['sosreport-x/etc/default/ipvsadm', 'text'],
  ])('%s → %s', (p, kind) => {
    expect(kindByLayout(p) ?? kindOfCommandFile(p)).toBe(kind);
  });

  it('a folder of hand-saved command output is a layout of its own', () => {
    expect(recogniseLayout(['dump/uname-a.txt', 'dump/journalctl_-u_kubelet.txt', 'dump/notes.md'])?.name).toBe('plain-commands');
    expect(recogniseLayout(['dump/notes.md', 'dump/uname-a.txt'])).toBeNull();
  });
});

describe('what command output says', () => {
  it('uname -a, os-release, date, /etc/localtime', () => {
    expect(fromUname('Linux vm 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\n')).toEqual({ hostname: 'vm', kernel: '6.18.44-fc-v669' });
    expect(fromUname('Darwin mac 23.0.0')).toEqual({});
    expect(fromOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseDateOutput('Wed Dec  2 05:08:20 UTC 2026\n')).toEqual({ ms: Date.UTC(2026, 11, 2, 5, 8, 20), exact: true });
    expect(parseDateOutput('Wed Dec  2 13:08:20 +0800 2026')).toEqual({ ms: Date.UTC(2026, 11, 2, 5, 8, 20), exact: true });
    expect(parseDateOutput('Wed Dec  2 05:08:20 CET 2026')?.exact).toBe(false);
    expect(parseDateOutput('mer. 02 déc. 2026 05:08:20 UTC')).toBeNull();
    expect(zoneFromLocaltime('../usr/share/zoneinfo/Europe/Paris')).toBe('Europe/Paris');
    expect(zoneFromLocaltime('/usr/share/zoneinfo/Etc/UTC')).toBe('Etc/UTC');
    expect(zoneFromLocaltime(null)).toBeUndefined();
  });
});

describe('links inside a bundle', () => {
  it('resolves relative, chained and folder links; reports those that leave or dangle', () => {
    const t = new LinkTable();
    t.add('s/uname', 'sos_commands/kernel/uname_-a', false);
    t.add('s/etc/os-release', '../usr/lib/os-release', false);
    t.add('s/lib', 'usr/lib', false);
    t.add('s/proc/self', '8525', false);
    t.add('s/proc/mounts', 'self/mounts', false);
    t.add('s/etc/mtab', '../proc/mounts', false);
    t.add('s/out', '/etc/shadow', false);
    t.add('s/up', '../../x', false);
    t.add('s/loop1', 'loop2', false);
    t.add('s/loop2', 'loop1', false);
    const files = new Set(['s/sos_commands/kernel/uname_-a', 's/usr/lib/os-release']);
    const byPath = new Map(t.resolve((p) => files.has(p), (p) => p === 's/usr/lib' || p === 's/usr').map((o) => [o.path, o]));
    expect(byPath.get('s/uname')).toEqual({ path: 's/uname', kind: 'alias', target: 's/sos_commands/kernel/uname_-a' });
    expect(byPath.get('s/etc/os-release')?.target).toBe('s/usr/lib/os-release');
    expect(byPath.get('s/lib')?.kind).toBe('alias');
    expect(byPath.get('s/proc/mounts')?.kind).toBe('dangling');
    expect(byPath.get('s/etc/mtab')?.kind).toBe('dangling');
    expect(byPath.get('s/out')?.kind).toBe('outside');
    expect(byPath.get('s/up')?.kind).toBe('outside');
    expect(byPath.get('s/loop1')?.kind).toBe('dangling');
    expect(resolveTarget('a/b', 'c', true)).toBe('c');
  });
});
