import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, sharedFixture, sharedSkipReason } from '../../../test/support/shared-fixtures';
import { listCount, parseIptablesList } from './iptables-list';

/** `iptables -nvL` without -x rounds counters to K, M, G: chains and rules must survive it. */
const ROUNDED = `Chain INPUT (policy ACCEPT 535K packets, 40M bytes)
 pkts bytes target     prot opt in     out     source               destination
97531   38M KUBE-NODEPORTS  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes health check service ports */

Chain FORWARD (policy DROP 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination

Chain OUTPUT (policy ACCEPT 34846 packets, 9501K bytes)
 pkts bytes target     prot opt in     out     source               destination
 2015  206K KUBE-SERVICES  all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate NEW /* kubernetes service portals */
`;

describe('iptables -nvL with rounded counters', () => {
  it('reads 535K, 38M, 9501K as counters and keeps every chain its own rules', () => {
    const r = parseIptablesList(ROUNDED, 'iptables_-t_filter_-nvL');
    expect(r.warnings).toEqual([]);
    const chains = r.tables[0].chains;
    expect(chains.map((c) => [c.name, c.policy, c.counters, c.rules.map((x) => x.target)])).toEqual([
      ['INPUT', 'ACCEPT', { packets: 535_000, bytes: 40_000_000 }, ['KUBE-NODEPORTS']],
      ['FORWARD', 'DROP', { packets: 0, bytes: 0 }, []],
      ['OUTPUT', 'ACCEPT', { packets: 34846, bytes: 9_501_000 }, ['KUBE-SERVICES']],
    ]);
    expect(chains[2].rules[0].counters).toEqual({ packets: 2015, bytes: 206_000 });
  });

  it('refuses what is not a counter', () => {
    expect([listCount('12'), listCount('7G'), listCount('1.5K'), listCount('K'), listCount('12KB')]).toEqual([12, 7e9, NaN, NaN, NaN]);
  });

  it.skipIf(!hasSharedFixtures)(`a real sos dump of a Charmed Kubernetes node (${hasSharedFixtures ? 'peer-bundles/' : sharedSkipReason})`, () => {
    const text = execFileSync(
      'tar',
      ['-xzOf', sharedFixture('peer-bundles/sosreport-4.2-ubuntu-charmed-kubernetes-node-hotsos.tar.gz'), 'tests/unit/fake_data_root/kubernetes/sos_commands/firewall_tables/iptables_-t_filter_-nvL'],
      { encoding: 'utf8' },
    );
    const r = parseIptablesList(text, 'iptables_-t_filter_-nvL');
    expect(r.warnings).toEqual([]);
    const byName = new Map(r.tables[0].chains.map((c) => [c.name, c]));
    expect(byName.get('INPUT')?.counters).toEqual({ packets: 35398, bytes: 11_000_000 });
    expect(byName.get('OUTPUT')?.rules.map((x) => x.target)).toEqual(['KUBE-SERVICES']);
    // OUTPUT's rule stays in OUTPUT: FORWARD holds its own five and no more.
    expect(byName.get('FORWARD')?.rules.map((x) => x.target)).toEqual(['KUBE-FORWARD', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'ACCEPT', 'ACCEPT']);
  });
});
