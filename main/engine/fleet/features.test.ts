import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '..';
import { ingestBundle } from '../ingest';
import type { Db } from '../store/workspace';
import { nodeFeatures } from './features';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DEMO: string = (require('../../start.cjs') as { DEMO_BUNDLE: string }).DEMO_BUNDLE;

// The demo node: what the fleet compares of one bundle, from what ingest stored.
describe('features of one node', () => {
  let db: Db;
  let dir: string;
  let id: number;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-features-'));
    db = openEngine(path.join(dir, 'w.db'));
    id = (await ingestBundle(db, DEMO)).id;
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has facts, findings, log templates, processes, system numbers and goroutines, each with evidence where there is some', () => {
    const f = nodeFeatures(db, id);
    const kinds = new Set([...f.values.values()].map((v) => v.kind));
    for (const k of ['fact', 'finding', 'log', 'd-state', 'system', 'goroutines']) expect(kinds, k).toContain(k);
    const kernel = f.values.get('fact:kernel');
    expect(kernel?.type).toBe('category');
    expect(kernel?.evidence).toMatchObject({ artifact: expect.any(String) });
    const etcd = f.values.get('goroutines:etcd:total');
    expect(etcd?.value).toBeGreaterThan(0);
    expect(etcd?.evidence).toMatchObject({ artifact: expect.stringMatching(/pprof\/etcd\/goroutine-debug2/) });
    // Who and when are never features: they differ between any two bundles.
    for (const k of f.values.keys()) expect(k).not.toMatch(/^fact:(hostname|collectedAt|collectionEndedAt|collectedWithRoot)$/);
    expect([...f.values.values()].filter((v) => v.kind === 'log').every((v) => typeof v.value === 'number' && v.value > 0)).toBe(true);
    expect(f.sources).toContain('logs');
  });
});
