import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import { useTempWorkspace } from '../../../test/support/workspace';
import { logFormatFor } from '../logs';
import type { LogFormat } from '../logs/format';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { recordStatements } from '../../../test/support/statements';
import { RETIME_SQL, retimeArtifact, TimedLogs } from './retime';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const syslog = logFormatFor('syslog') as LogFormat;

/** A sosreport's /var/log/messages: syslog stamps carry no year. */
async function messagesLog(lines: number): Promise<number> {
  const text = Array.from({ length: lines }, (_, i) => `Nov  5 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} node1 kubelet[548]: probe ${i} ok\n`).join('');
  await ingestBundle(db, await writeTar(path.join(dir, 'messages.tar.gz'), [{ name: 'var/log/messages', content: text }]));
  return (db.prepare("SELECT id FROM artifacts WHERE path = 'var/log/messages'").get() as { id: number }).id;
}

describe('timing a log again once a later file tells its year', () => {
  it('restamps every line with the year learnt, in line order, across pages', async () => {
    const artifact = await messagesLog(12_000);
    const context = { artifactPath: 'var/log/messages', collectedAtMs: Date.UTC(2024, 11, 1), timezone: null, bootTimeMs: null };
    expect(retimeArtifact(db, artifact, syslog, context)).toBe(12_000);
    const years = db.prepare('SELECT DISTINCT ts FROM log_lines WHERE artifact_id = ? AND line IN (1, 5001, 12000)').all(artifact) as { ts: number }[];
    expect(years.map((r) => new Date(r.ts).getUTCFullYear())).toEqual([2024, 2024, 2024]);
    const last = db.prepare('SELECT ts FROM log_lines WHERE artifact_id = ? AND line = 12000').get(artifact) as { ts: number };
    expect(new Date(last.ts).toISOString()).toBe('2024-11-05T10:19:59.000Z');
    // The artifact's summary of its times follows (the Logs view places the log by it): the minutes of
    // this log wrap every hour, so its time steps back.
    const summary = db.prepare('SELECT log_first_ts AS first, log_max_ts AS max, log_steps_back AS back FROM artifacts WHERE id = ?').get(artifact);
    expect(summary).toEqual({ first: Date.UTC(2024, 10, 5, 10, 0, 0), max: Date.UTC(2024, 10, 5, 10, 59, 59), back: 1 });
  });

  it('reads each page from the index in line order, never the rest of the artifact sorted again (quadratic in its lines)', () => {
    for (const [name, sql] of Object.entries(RETIME_SQL)) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => 1)) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan, name).toContain('USING INDEX log_lines_artifact');
      expect(plan, name).not.toContain('TEMP B-TREE');
    }
  });

  it('times again thousands of small logs once the year is known, preparing its queries once, not once a log', async () => {
    const pods = 2000;
    const line = 'Nov  5 10:00:00 node1 app[1]: started\n';
    const entries = Array.from({ length: pods }, (_, i) => ({ name: `var/log/app/pod-${i}.log`, content: line }));
    await ingestBundle(db, await writeTar(path.join(dir, 'pods.tar.gz'), entries));
    const ids = db.prepare("SELECT id FROM artifacts WHERE path LIKE 'var/log/app/%'").pluck().all() as number[];
    const logs = new TimedLogs();
    for (const id of ids) logs.add(id, syslog, { collectedAtMs: Date.UTC(2026, 11, 1), timezone: null, bootTimeMs: null }, false);

    const prepared = recordStatements(db);
    logs.retime(db, { collectedAtMs: Date.UTC(2024, 11, 1), timezone: null, bootTimeMs: null });

    const years = db.prepare("SELECT DISTINCT ts FROM log_lines WHERE artifact_id IN (SELECT id FROM artifacts WHERE path LIKE 'var/log/app/%')").pluck().all() as number[];
    expect(years.map((ts) => new Date(ts).toISOString())).toEqual(['2024-11-05T10:00:00.000Z']);
    // Once per connection (the ingest itself may have prepared them already): 2 a log was 4,000 here.
    expect(prepared.filter((sql) => sql === RETIME_SQL.head).length).toBeLessThanOrEqual(1);
    expect(prepared.length).toBeLessThan(10);
  });
});
