import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeletBundle } from '../../../test/e2e/bundles';
import { tempDir } from '../../../test/support/tarball';
import { ingestBundle } from '../ingest';
import { openWorkspace, type Db } from '../store/workspace';
import { timelineOf } from './api';

describe('timeline', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: Db;
  let bundle: number;

  beforeAll(async () => {
    tmp = tempDir();
    db = openWorkspace(path.join(tmp.dir, 'ws.db'));
    bundle = (await ingestBundle(db, writeKubeletBundle(tmp.dir, 2000).root)).id;
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('counts every timed line once, per source and bucket, and spans logs and the collection window', () => {
    const t = timelineOf(db, { bundle, buckets: 50 });
    expect(t.collection).toEqual({ from: '2026-11-10T15:00:00.000Z', to: '2026-11-10T15:01:00.000Z' });
    const first = (db.prepare('SELECT min(ts) AS t FROM log_lines').get() as { t: number }).t;
    expect(t.from).toBe(new Date(first).toISOString());
    expect(Date.parse(t.to!)).toBe(Date.parse('2026-11-10T15:01:00.000Z'));
    const kubelet = t.series.find((s) => s.source === 'kubelet')!;
    expect(kubelet.lines).toBe(2000);
    expect(kubelet.counts.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(kubelet.counts).toHaveLength(50);
    const errors = (db.prepare('SELECT count(*) AS n FROM log_lines WHERE level <= 1').get() as { n: number }).n;
    expect(kubelet.errors.reduce((a, b) => a + b, 0)).toBe(errors);
  });

  it('zooms: only the lines inside [from, to], in buckets of that span', () => {
    const from = '2026-11-10T14:05:00.000Z';
    const to = '2026-11-10T14:10:00.000Z';
    const t = timelineOf(db, { bundle, from, to, buckets: 10 });
    const inside = (db.prepare('SELECT count(*) AS n FROM log_lines WHERE ts BETWEEN ? AND ?').get(Date.parse(from), Date.parse(to)) as { n: number }).n;
    expect(t.series[0].counts.reduce((a, b) => a + b, 0)).toBe(inside);
    expect(t.bucketMs).toBe(30_001);
    expect(t.span).toEqual({ from: expect.any(String), to: '2026-11-10T15:01:00.000Z' });
  });
});
