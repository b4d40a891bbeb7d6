import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../shared/api/compare';
import { UsageError, type CommandContext } from '../../main/cli/command';
import { compareCommand } from '../../main/cli/compare';
import { compareBundles } from '../../main/engine/compare';
import { bundleTemplates, compareLogs } from '../../main/engine/compare/logs';
import { storedTemplates, TemplateCounter } from '../../main/engine/compare/template-store';
import { ingestBundle } from '../../main/engine/ingest';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { havePprof, pprofTop } from '../profiles/pprof-reference';
import { tempDir } from '../support/tarball';
import { asSchema } from '../support/workspace';
import { ADDED_HOST, ADDED_RULE, FORWARDING, KERNEL_A, KERNEL_B, NEW_ERROR, writePair } from './pair';

/**
 * "Compare the good machine with the bad one": two bundles of real data that differ in known ways,
 * each difference reported in its section; and a bundle compared with itself reports nothing.
 */

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let good: number;
let bad: number;
let c: Comparison;

beforeAll(async () => {
  tmp = tempDir('nodescope-compare-');
  const files = await writePair(tmp.dir);
  db = openWorkspace(path.join(tmp.dir, 'w.db'));
  good = (await ingestBundle(db, files.good)).id;
  bad = (await ingestBundle(db, files.bad)).id;
  c = compareBundles(db, good, bad);
});

afterAll(() => {
  db?.close();
  tmp?.cleanup();
});

describe('the bad node against the good one', () => {
  it('names both nodes and says they differ', () => {
    expect(c.a.node).toBe('good-node');
    expect(c.b.node).toBe('bad-node');
    expect(c.identical).toBe(false);
  });

  it('reports the findings only the bad node has, and the other way round as gone', () => {
    expect(c.findings.new.map((f) => f.rule)).toContain('d-state-processes');
    const reverse = compareBundles(db, bad, good);
    expect(reverse.findings.gone).toEqual(c.findings.new);
    expect(reverse.findings.new).toEqual(c.findings.gone);
    expect(reverse.findings.changed.map((f) => [f.rule, f.b, f.a])).toEqual(c.findings.changed.map((f) => [f.rule, f.a, f.b]));
  });

  it('reports the kernel upgrade and IP forwarding turned off, not the counters the kernel moves itself', () => {
    expect(c.facts.facts).toEqual([{ name: 'kernel', a: KERNEL_A, b: KERNEL_B }]);
    expect(c.facts.sysctl).toEqual([{ name: FORWARDING, a: '1', b: '0' }]);
    expect(c.facts.identical).toBe(false);
  });

  it('puts the /proc numbers side by side with the delta', () => {
    const load = c.system.rows.find((r) => r.name === 'load 1 min');
    expect(load).toBeDefined();
    expect(load!.delta).toBeCloseTo(load!.b! - load!.a!, 2);
    expect(c.system.rows.every((r) => r.a !== r.b)).toBe(true);
  });

  it('finds the processes stuck in D state by command, with their kernel stack', () => {
    const sleep = c.processes.changed.find((p) => p.command === 'sleep');
    expect(sleep).toMatchObject({ countA: 2, countB: 2, dStateA: 0, dStateB: 2, statesA: 'S 2', statesB: 'D 2' });
    expect(sleep!.dStack[0]).toBe('hrtimer_nanosleep');
    expect(c.processes.changed[0].command).toBe('sleep');
    expect(c.processes.onlyA).toEqual([]);
    expect(c.processes.onlyB).toEqual([]);
  });

  it('reports the iptables rule added to INPUT, matched by text without counters', () => {
    const input = c.network.iptables.chains.find((ch) => ch.table === 'filter' && ch.chain === 'INPUT');
    expect(input?.added).toEqual([ADDED_RULE]);
    expect(input?.removed).toEqual([]);
    expect(input!.rulesAfter - input!.rulesBefore).toBe(1);
    expect(c.network.iptables.chains).toHaveLength(1);
    expect(c.network.ipvs.identical).toBe(true);
  });

  it('reports the hosts entry added to the CoreDNS hosts plugin', () => {
    const hosts = c.dns.corefile.plugins.find((p) => p.plugin === 'hosts');
    expect(hosts?.change).toBe('changed');
    expect(hosts?.linesAdded.join('\n')).toContain(ADDED_HOST);
    expect(c.dns.corefile.plugins).toHaveLength(1);
  });

  it('lists the new error template first, with its count on each side', () => {
    const first = c.logs.templates[0];
    expect(first.template).toContain(NEW_ERROR);
    expect(first.level).toBe('error');
    expect(first.countA).toBe(0);
    expect(first.countB).toBe(18);
    expect(first.example.side).toBe('b');
    expect(first.example.text).toContain(NEW_ERROR);
    expect(first.template).not.toMatch(/\d{2}:\d{2}/);
    expect(c.logs.linesB - c.logs.linesA).toBe(18);
    expect(c.logs.differing).toBe(1);
  });

  it('shows what gained and lost CPU in the etcd profile, normalised', () => {
    expect(c.profiles.profiles).toHaveLength(1);
    const p = c.profiles.profiles[0];
    expect(p).toMatchObject({ component: 'etcd', pathA: 'pprof/etcd/cpu.pb.gz', sampleType: 'cpu/nanoseconds', error: null });
    expect(p.gainers.length).toBeGreaterThan(0);
    expect(p.losers.length).toBeGreaterThan(0);
    for (let i = 1; i < p.gainers.length; i++) expect(p.gainers[i - 1].flat).toBeGreaterThanOrEqual(p.gainers[i].flat);
    expect(p.losers.every((r) => r.flat < 0)).toBe(true);
  });

  it.skipIf(!havePprof())('names the same hottest gainer and loser as go tool pprof -diff_base -normalize', () => {
    const dir = path.resolve(__dirname, '..', 'fixtures', 'pprof', 'etcd-3.4.23');
    const theirs = pprofTop(path.join(dir, 'cpu-put-range.pb.gz'), 'cpu', 'nanoseconds', [`-diff_base=${path.join(dir, 'cpu-put.pb.gz')}`, '-normalize']);
    const byFlat = [...theirs.rows].sort((x, y) => y.flat - x.flat);
    const p = c.profiles.profiles[0];
    expect(p.gainers[0]).toEqual(byFlat[0]);
    expect(p.losers[0]).toEqual(byFlat.at(-1));
  });
});

async function cli(positionals: string[], json: boolean): Promise<{ code: number; out: string }> {
  let out = '';
  const ctx: CommandContext = {
    args: { positionals, options: {}, lists: {}, flags: new Set(json ? ['json'] : []) },
    io: { stdout: (t) => (out += t), stderr: () => undefined, stderrIsTty: false },
    db: () => db,
    json,
  };
  return { code: await compareCommand.run(ctx), out };
}

describe('nodescope compare', () => {
  it('prints one object per section with --json', async () => {
    const { code, out } = await cli([String(good), String(bad)], true);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as Comparison;
    expect(doc.identical).toBe(false);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['findings', 'facts', 'system', 'processes', 'network', 'dns', 'profiles', 'logs']));
    expect(doc.network.iptables.chains[0].added).toEqual([ADDED_RULE]);
  });

  it('says in text what differs, section by section', async () => {
    const { out } = await cli([String(good), String(bad)], false);
    expect(out).toContain(`kernel: ${KERNEL_A} -> ${KERNEL_B}`);
    expect(out).toContain(`+ ${ADDED_RULE}`);
    expect(out).toContain('sleep: 2 [S 2] -> 2 [D 2]');
    expect(out).toContain(ADDED_HOST);
  });

  it('says identical: true and lists nothing for a bundle and itself', async () => {
    const { out } = await cli([String(bad), String(bad)], true);
    expect(JSON.parse(out)).toMatchObject({ identical: true });
    expect((await cli([String(bad), String(bad)], false)).out).toContain('identical: no difference in any section');
  });

  it('refuses anything but two bundles', async () => {
    await expect(cli([String(good)], false)).rejects.toThrow(UsageError);
  });
});

describe('log templates kept in the workspace', () => {
  it('are counted at ingest, equal to a scan of the stored lines, and compare the same', () => {
    for (const id of [good, bad]) {
      const rows = db.prepare('SELECT id, level, text FROM log_lines WHERE bundle_id = ? ORDER BY id').raw().all(id) as [number, number | null, string][];
      const scan = new TemplateCounter(id === bad ? 'bad-node' : 'good-node');
      for (const [lineId, level, text] of rows) scan.add(lineId, level, text);
      expect(storedTemplates(db, id)).toEqual(scan.result());
    }
    const fromRows = compareLogs(db, storedTemplates(db, good)!, storedTemplates(db, bad)!);
    expect(fromRows).toEqual(c.logs);
    expect(c.logs.templates[0].template).toContain(NEW_ERROR);
  });

  it('counts at ingest what the compare-time scan counts', () => {
    const rows = db.prepare('SELECT id, level, text FROM log_lines WHERE bundle_id = ? ORDER BY id').raw().all(bad) as [number, number | null, string][];
    const counter = new TemplateCounter('bad-node');
    for (const [id, level, text] of rows) counter.add(id, level, text);
    expect(counter.result()).toEqual(bundleTemplates(db, bad));
  });

  it('are counted again after the upgrade that leaves generic text out: counts stored over every line are dropped', async () => {
    const file = path.join(tmp.dir, 'older.db');
    const older = openWorkspace(file);
    const pairDir = path.join(tmp.dir, 'older');
    fs.mkdirSync(pairDir);
    const id = (await ingestBundle(older, (await writePair(pairDir)).bad)).id;
    // As a version that also counted /proc files and command outputs would have stored them.
    older.prepare("INSERT INTO log_templates (bundle_id, template, level, count, first_id) VALUES (?, 'ffffffff81000000 T <*>', 9, 148984, 1)").run(id);
    asSchema(older, 6);
    older.close();
    const upgraded = openWorkspace(file);
    expect(storedTemplates(upgraded, id)).toBeNull();
    expect(compareBundles(upgraded, id, id).logs.templates).toEqual([]);
    expect(storedTemplates(upgraded, id)).toEqual(bundleTemplates(upgraded, id));
    upgraded.close();
  });
});

describe('a bundle compared with itself', () => {
  it('is identical in every section and lists nothing', () => {
    for (const id of [good, bad]) {
      const self = compareBundles(db, id, id);
      expect(self.identical).toBe(true);
      expect(self.findings).toEqual({ new: [], gone: [], changed: [], identical: true });
      expect(self.facts).toMatchObject({ facts: [], sysctl: [], modules: { added: [], removed: [] }, mounts: { added: [], removed: [] }, identical: true });
      expect(self.system).toEqual({ rows: [], missing: [], identical: true });
      expect(self.processes).toEqual({ onlyA: [], onlyB: [], changed: [], missing: [], identical: true });
      expect(self.network.iptables.chains).toEqual([]);
      expect(self.dns.identical).toBe(true);
      expect(self.profiles).toEqual({ profiles: [], onlyA: [], onlyB: [], identical: true });
      expect(self.logs.templates).toEqual([]);
      expect(self.logs.identical).toBe(true);
    }
  });
});
