import { describe, expect, it } from 'vitest';
import { addBundle, memoryWorkspace, type TestArtifact } from '../system/testing/bundle';
import { createNetworkApi } from './api';
import { networkFixture } from './fixtures';

function artifact(path: string, kind: string, fixture: string): TestArtifact {
  return { path, kind, bytes: Buffer.from(networkFixture(fixture)) };
}

/** A bundle laid out as the collector writes it, with the real outputs made in the netns. */
const NODE = [
  artifact('network/iptables-save.txt', 'iptables-save', 'kube-proxy-live.iptables-nft-save-c.txt'),
  artifact('network/iptables-legacy-save.txt', 'iptables-save', 'kube-proxy-live.iptables-legacy-save-c.txt'),
  artifact('network/iptables-nft-save.txt', 'iptables-save', 'kube-proxy-live.iptables-nft-save-c.txt'),
  artifact('network/ip6tables-save.txt', 'ip6tables-save', 'kube-proxy-live.ip6tables-nft-save-c.txt'),
  artifact('network/ipvsadm.txt', 'ipvsadm', 'ipvsadm-ln-kube-proxy.txt'),
  artifact('network/conntrack-stats.txt', 'conntrack-stats', 'netns-conntrack-S.txt'),
  artifact('proc/sys/net/netfilter/nf_conntrack_count', 'nf-conntrack', 'netns-nf_conntrack_count'),
  artifact('proc/sys/net/netfilter/nf_conntrack_max', 'nf-conntrack', 'netns-nf_conntrack_max'),
  artifact('node/ss-listening.txt', 'ss', 'netns-ss-lntup.txt'),
  artifact('network/ip-addr.txt', 'ip-addr', 'netns-ip-addr.txt'),
  artifact('network/ip-route.txt', 'ip-route', 'netns-ip-route-table-all.txt'),
  artifact('network/ip-rule.txt', 'ip-rule', 'netns-ip-rule.txt'),
  artifact('network/firewalld.txt', 'firewalld', 'firewalld-offline-list-all-zones.txt'),
  artifact('node/nginx/nginx.conf', 'nginx-config', 'nginx-jump-host/nginx.conf'),
  artifact('node/nginx/sites-enabled/default', 'nginx-config', 'nginx-jump-host/sites-available/default'),
];

describe('a sosreport with ufw\'s rule files beside the live dumps', () => {
  it('lists the live ruleset first and the files under etc/ after it, whatever their paths\' order', async () => {
    const db = memoryWorkspace();
    const id = addBundle(db, [
      artifact('sosreport/etc/ufw/before.rules', 'iptables-save', 'kube-proxy-live.iptables-legacy-save-c.txt'),
      artifact('sosreport/sos_commands/firewall_tables/iptables-save', 'iptables-save', 'kube-proxy-live.iptables-nft-save-c.txt'),
    ]);
    const dumps = await createNetworkApi(db).iptables(id);
    expect(dumps.map((d) => d.artifact)).toEqual(['sosreport/sos_commands/firewall_tables/iptables-save', 'sosreport/etc/ufw/before.rules']);
  });
});

describe('a sosreport\'s iptables listings (sos_commands/firewall_tables/ip6tables_-t_mangle_-nvL)', () => {
  it('takes the table from sos\'s file name and the family from "ip6tables", even with no rule to tell', async () => {
    const db = memoryWorkspace();
    const id = addBundle(db, [
      { path: 'sos_commands/firewall_tables/ip6tables_-t_mangle_-nvL', kind: 'iptables-save', bytes: Buffer.from('Chain PREROUTING (policy ACCEPT 5269 packets, 3080K bytes)\n pkts bytes target     prot opt in     out     source               destination\n') },
      artifact('sos_commands/firewall_tables/iptables_-t_nat_-nvL', 'iptables-save', 'kube-proxy-live.iptables-nat-L-n-v-x.txt'),
    ]);
    const dumps = await createNetworkApi(db).iptables(id);
    expect(dumps.map((d) => `${d.family} ${d.tables.map((t) => t.name).join(',')}`)).toEqual(['ipv6 mangle', 'ipv4 nat']);
  });
});

describe('NetworkApi over an ingested bundle', () => {
  const db = memoryWorkspace();
  const id = addBundle(db, NODE);
  const empty = addBundle(db, []);
  const api = createNetworkApi(db);

  it('lists every dump with its backend, tables and chains with rule counts and traffic', async () => {
    const dumps = await api.iptables(id);
    expect(dumps.map((d) => `${d.artifact} ${d.family} ${d.backend} ${d.ruleCount}`)).toEqual([
      'network/ip6tables-save.txt ipv6 nf_tables 8',
      'network/iptables-legacy-save.txt ipv4 legacy 26',
      'network/iptables-nft-save.txt ipv4 nf_tables 26',
      'network/iptables-save.txt ipv4 nf_tables 26',
    ]);
    const nat = dumps[3].tables.find((t) => t.name === 'nat')!;
    expect(nat.chains.find((c) => c.name === 'KUBE-SERVICES')).toEqual({
      name: 'KUBE-SERVICES', builtin: false, policy: null, counters: null, references: 2, ruleCount: 3, packets: 5, bytes: 300,
    });
    expect(JSON.stringify(dumps)).not.toContain('"rules"');
  });

  it('gives the rules of one chain, and refuses a chain that is not there', async () => {
    const rules = await api.iptablesRules(id, 'network/iptables-save.txt', 'nat', 'KUBE-SVC-AQI2S6QIMU7PVVRP');
    expect(rules.map((r) => r.target)).toEqual(['KUBE-SEP-3JOIVZTXZZRGORX4', 'KUBE-SEP-IO5XOSKPAXIFQXAJ', 'KUBE-SEP-XGJFVO3L2O5SRFNT']);
    await expect(api.iptablesRules(id, 'network/iptables-save.txt', 'filter', 'KUBE-SVC-AQI2S6QIMU7PVVRP')).rejects.toThrow(/no chain/);
    await expect(api.iptablesRules(id, 'network/nope.txt', 'nat', 'OUTPUT')).rejects.toThrow(/no iptables dump/);
  });

  it('draws the jump graph of a chain', async () => {
    const g = await api.chainGraph(id, 'network/iptables-save.txt', 'nat', 'KUBE-SVC-AQI2S6QIMU7PVVRP');
    expect(g.nodes.map((n) => n.chain)).toEqual([
      'KUBE-SVC-AQI2S6QIMU7PVVRP', 'KUBE-SEP-3JOIVZTXZZRGORX4', 'KUBE-SEP-IO5XOSKPAXIFQXAJ', 'KUBE-SEP-XGJFVO3L2O5SRFNT', 'KUBE-MARK-MASQ',
    ]);
  });

  it('searches every dump by address, once per distinct ruleset, and says how it read the query', async () => {
    const r = await api.searchRules(id, '10.0.1.1');
    expect(r.query).toEqual({ kind: 'address', value: '10.0.1.1' });
    // iptables-save.txt is iptables-nft-save.txt under another name (the default binary is the nft one).
    expect(r.hits.map((h) => h.artifact)).toEqual([
      'network/iptables-legacy-save.txt', 'network/iptables-legacy-save.txt', 'network/iptables-nft-save.txt', 'network/iptables-nft-save.txt',
    ]);
    expect((await api.searchRules(id, '8080')).hits.map((h) => h.family)).toEqual(['ipv6']);
    expect((await api.searchRules(id, 'kubernetes forwarding rules')).hits.map((h) => `${h.family} ${h.chain}`)).toEqual([
      'ipv6 FORWARD', 'ipv6 KUBE-FORWARD', 'ipv4 FORWARD', 'ipv4 KUBE-FORWARD', 'ipv4 FORWARD', 'ipv4 KUBE-FORWARD',
    ]);
    await expect(api.searchRules(id, ' ')).rejects.toThrow(/empty/);
  });

  it('gives ipvs services, conntrack usage and listening sockets', async () => {
    expect((await api.ipvs(id))[0].services).toHaveLength(3);
    const ct = await api.conntrack(id);
    expect(ct).toMatchObject({ count: 7, max: 262144 });
    expect(ct.usage).toBeCloseTo(7 / 262144);
    expect(ct.perCpu).toHaveLength(2);
    expect(ct.totals.drop).toBe(0);
    expect(ct.artifacts).toEqual([
      'proc/sys/net/netfilter/nf_conntrack_count', 'proc/sys/net/netfilter/nf_conntrack_max', 'network/conntrack-stats.txt',
    ]);
    const ss = await api.listening(id);
    expect(ss[0].sockets.map((s) => s.localPort)).toEqual(['5353', '8080', '8080']);
  });

  it('gives interfaces, routes and policy rules', async () => {
    const v = await api.interfaces(id);
    expect(v.artifacts).toEqual(['network/ip-addr.txt', 'network/ip-route.txt', 'network/ip-rule.txt']);
    expect(v.interfaces.find((i) => i.name === 'cni0')?.addresses[0]).toMatchObject({ address: '10.244.1.1', prefix: 24 });
    expect(v.routes.find((r) => r.destination === 'default' && r.table === 'main')?.gateway).toBe('192.0.2.1');
    expect(v.rules.map((r) => r.table)).toEqual(['local', '100', 'main', 'default']);
  });

  it('gives the firewalld zones, and null when firewalld was not collected', async () => {
    const fw = await api.firewalld(id);
    expect(fw?.zones.filter((z) => z.active).map((z) => `${z.name}: ${z.settings.ports}`)).toEqual([
      'public: 6443/tcp 10250/tcp 30000-32767/tcp',
      'trusted: ',
    ]);
    expect(await api.firewalld(empty)).toBeNull();
  });

  it('reads why firewall-cmd printed nothing from its stderr (a collector run on this VM: no D-Bus)', async () => {
    const said = 'Error: DBUS_ERROR: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory\n';
    const run = addBundle(db, [
      { path: 'network/firewalld.txt', kind: 'firewalld', bytes: Buffer.alloc(0) },
      { path: 'stderr/network/firewalld.txt', kind: 'stderr', bytes: Buffer.from(said) },
    ]);
    expect(await api.firewalld(run)).toMatchObject({ source: 'firewall-cmd', running: null, state: said.trim() });
  });

  it('gives the nginx files with their servers', async () => {
    const n = await api.nginx(id);
    expect(n.files.map((f) => `${f.artifact} ${f.directives.length} ${f.errors.length}`)).toEqual([
      'node/nginx/nginx.conf 7 0',
      'node/nginx/sites-enabled/default 1 0',
    ]);
    expect(n.servers.map((s) => s.listen.join(', '))).toEqual(['80 default_server, [::]:80 default_server']);
    expect(await api.nginx(empty)).toEqual({ files: [], servers: [], upstreams: [] });
  });

  it('gives empty models for a bundle without network artifacts', async () => {
    expect(await api.iptables(empty)).toEqual([]);
    expect(await api.ipvs(empty)).toEqual([]);
    expect(await api.conntrack(empty)).toEqual({ count: null, max: null, usage: null, perCpu: [], totals: {}, artifacts: [] });
    expect(await api.listening(empty)).toEqual([]);
    expect(await api.interfaces(empty)).toEqual({ interfaces: [], routes: [], rules: [], artifacts: [] });
  });

  it('reads an iptables -L dump found in a plain archive', async () => {
    const plain = addBundle(db, [artifact('node1/iptables-nat.txt', 'iptables-save', 'kube-proxy-live.iptables-nat-L-n-v-x.txt')]);
    const [d] = await api.iptables(plain);
    expect(d).toMatchObject({ format: 'list', ruleCount: 19 });
    expect(d.tables[0].name).toBe('nat');
  });
});
