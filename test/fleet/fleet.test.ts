/**
 * Done-when of issue 18: pools of node bundles made by the real collector (--root fake trees), ingested,
 * and `nodescope fleet` as an operator runs it. A varied pool with one node whose disk filled up names
 * that node first, with "no space left on device" among its top three reasons; a pool of alike nodes
 * (collected at other times, under other hostnames) names no outlier.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { nodescope } from '../support/cli';
import { collectPool, diskFullStorm, identicalNode, variedNode } from './pool';

interface FleetJson {
  nodes: { id: number; node: string }[];
  outliers: { id: number; node: string; score: number; why: { feature: string; value: string; usual: string; evidence: { artifact: string; line: number | null; text: string } | null }[] }[];
}

const cleanup: string[] = [];
afterAll(() => {
  if (process.env.NODESCOPE_KEEP_FLEET) return void console.log(`kept ${cleanup.join(" ")}`);
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

function ingestAll(db: string, tarballs: string[]): number[] {
  const r = nodescope(['ingest', ...tarballs, '--json', '--db', db]);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { bundles: { id: number }[] }).bundles.map((b) => b.id);
}

function fleet(db: string, ids: number[]): FleetJson {
  const r = nodescope(['fleet', ...ids.map(String), '--json', '--db', db]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as FleetJson;
}

describe('a pool of 8 workers, one with its disk full', () => {
  const work = tmpDir('fleet');
  cleanup.push(work);
  const db = path.join(work, 'ws.db');
  let ids: number[] = [];
  beforeAll(async () => {
    const nodes = Array.from({ length: 8 }, (_, i) => variedNode(i + 1));
    nodes[4] = diskFullStorm(nodes[4]!);
    ids = ingestAll(db, await collectPool(nodes, path.join(work, 'out'), cleanup));
  });

  it('names worker-5 first, with "no space left on device" among its top three reasons, each with evidence', () => {
    const f = fleet(db, ids);
    expect(f.nodes.map((n) => n.node).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `worker-${i + 1}`));
    expect(f.outliers[0]?.node).toBe('worker-5');
    const top3 = f.outliers[0]!.why.slice(0, 3);
    const cause = top3.find((w) => /no space left on device/i.test(`${w.feature} ${w.value} ${w.evidence?.text ?? ''}`));
    expect(cause, JSON.stringify(top3, null, 2)).toBeDefined();
    expect(cause!.evidence!.text).toMatch(/no space left on device/);
    expect(cause!.evidence!.artifact).toMatch(/messages/);
    for (const w of f.outliers[0]!.why) expect(w.usual).not.toBe('');
    // Scores rank: most unusual first.
    const scores = f.outliers.map((o) => o.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('the text output says the same in plain words', () => {
    const r = nodescope(['fleet', ...ids.map(String), '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1\. worker-5 /m);
    expect(r.stdout).toMatch(/no space left on device/);
  });

  it('what separates the bad node from the good ones: the storm first', () => {
    const bad = ids[4]!;
    const r = nodescope(['fleet', ...ids.filter((x) => x !== bad).map(String), '--versus', String(bad), '--json', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    const g = JSON.parse(r.stdout) as { separators: { feature: string; separation: number }[] };
    expect(g.separators[0]!.separation).toBe(1);
    expect(g.separators.filter((s) => s.separation === 1).some((s) => /no space left on device/.test(s.feature))).toBe(true);
  });
});

describe('fleet and export on the command line: help and usage errors', () => {
  it('lists both in --help, with their own help', () => {
    const help = nodescope(['--help']);
    for (const cmd of ['fleet', 'export']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
      expect(nodescope([cmd, '--help']).stdout).toMatch(new RegExp(`^Usage: nodescope ${cmd} BUNDLE\\|ID\\.\\.\\.`));
    }
  });

  it('exits 2 with one line for a fleet of one, an export without --parquet, an unknown bundle id', () => {
    const work = tmpDir('fleet-usage');
    cleanup.push(work);
    const db = path.join(work, 'ws.db');
    for (const args of [['fleet'], ['export', '1'], ['fleet', '41', '42', '43']]) {
      const r = nodescope([...args, '--db', db]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('a pool of 8 alike workers, collected one after the other', () => {
  const work = tmpDir('fleet-same');
  cleanup.push(work);
  const db = path.join(work, 'ws.db');
  let ids: number[] = [];
  beforeAll(async () => {
    ids = ingestAll(db, await collectPool(Array.from({ length: 8 }, (_, i) => identicalNode(i + 1)), path.join(work, 'out'), cleanup));
  });

  it('names no outlier', () => {
    const f = fleet(db, ids);
    expect(f.nodes).toHaveLength(8);
    expect(f.outliers).toEqual([]);
  });
});
