import { describe, expect, it } from 'vitest';
import { dmesg, log, workspaceWith } from '../../../test/cases/harness';
import { storeBundle } from '../../../test/cases/store-bundle';
import { diagnoseBundle, rediagnoseStale, RULES, RULES_VERSION } from './index';
import type { Rule } from './types';

const OOM = log('logs/dmesg.log', 'dmesg', dmesg('Memory cgroup out of memory: Kill process 1012 (heapster) score 1035 or sacrifice child'));
const HUNG = log('logs/dmesg.log', 'dmesg', dmesg('INFO: task kubelet:812 blocked for more than 120 seconds.', 'nfs: server nas1 not responding, still trying', 'watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]'));

describe('the catalogue', () => {
  it('has at least 40 rules with stable kebab-case ids, each documented', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.meaning.length).toBeGreaterThan(40);
      expect(r.remedy.length).toBeGreaterThan(40);
      expect(r.links.length).toBeGreaterThan(0);
      for (const l of r.links) expect(l).toMatch(/^https:\/\//);
    }
  });
  it('has the rules the field cases and the issue require', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const id of ['pleg-unhealthy', 'cpu-steal-high', 'stuck-container-exit', 'd-state-processes', 'cgroup-kmem-leak', 'cni-plugin-stdin-hang',
      'profile-hotspot', 'replicaset-history-bloat', 'coredns-loop', 'coredns-upstream-timeout', 'coredns-forward-to-local-stub',
      'conntrack-table-full', 'oom-kill', 'hung-task', 'disk-pressure', 'inode-exhaustion', 'pid-exhaustion', 'file-max-exhaustion',
      'clock-skew', 'cert-expiring', 'iptables-backend-mixed', 'iptables-rule-explosion']) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('diagnoseBundle', () => {
  it('stores the findings most severe first, marks the bundle with the rule set version, and replaces old rows', () => {
    const { db, bundleId } = workspaceWith({ files: [HUNG, { ...OOM, path: 'logs/kern.log', kind: 'syslog' }] });
    db.prepare("INSERT INTO findings (bundle_id, rule, severity, json) VALUES (?, 'old-rule', 0, '{}')").run(bundleId);
    const findings = diagnoseBundle(db, bundleId);
    expect(findings.map((f) => f.rule)).toEqual(['soft-lockup', 'oom-kill', 'hung-task', 'nfs-server-not-responding']);
    const rows = db.prepare('SELECT rule, severity FROM findings WHERE bundle_id = ? ORDER BY severity, id').all(bundleId);
    expect(rows).toEqual([{ rule: 'soft-lockup', severity: 0 }, { rule: 'oom-kill', severity: 1 }, { rule: 'hung-task', severity: 1 }, { rule: 'nfs-server-not-responding', severity: 1 }]);
    expect(db.prepare('SELECT rules_version FROM bundles WHERE id = ?').get(bundleId)).toEqual({ rules_version: RULES_VERSION });
  });
  it('turns a rule that throws into an info finding instead of losing the others', () => {
    const broken: Rule = { ...(RULES[0] as Rule), id: 'broken', detect: () => { throw new Error('bad artifact'); } };
    const { db, bundleId } = workspaceWith({ files: [OOM] });
    const findings = diagnoseBundle(db, bundleId, [broken, ...RULES]);
    expect(findings.find((f) => f.rule === 'broken')).toMatchObject({ severity: 'info', summary: 'The rule could not run on this bundle: bad artifact' });
    expect(findings.some((f) => f.rule === 'oom-kill')).toBe(true);
  });
});

describe('rediagnoseStale (nodescope rediagnose, and on open)', () => {
  it('re-runs the rules only on bundles diagnosed by another rule set', () => {
    const { db, bundleId: old } = workspaceWith({ files: [OOM] });
    const current = storeBundle(db, { node: 'node-2', files: [HUNG] });
    diagnoseBundle(db, current);
    db.prepare("UPDATE bundles SET rules_version = 'an-older-rule-set' WHERE id = ?").run(old);
    const done = rediagnoseStale(db);
    expect(done).toEqual([{ bundleId: old, previousVersion: 'an-older-rule-set', findings: 1 }]);
    expect(db.prepare('SELECT count(*) AS n FROM findings WHERE bundle_id = ?').get(current)).toEqual({ n: 3 });
    expect(db.prepare('SELECT rule FROM findings WHERE bundle_id = ?').all(old)).toEqual([{ rule: 'oom-kill' }]);
    expect(rediagnoseStale(db)).toEqual([]);
  });
});
