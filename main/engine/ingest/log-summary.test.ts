import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import { useTempWorkspace } from '../../../test/support/workspace';
import { logFormatFor } from '../logs';
import type { LogFormat } from '../logs/format';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { blockLatestOf, LogSummary, STEP_BLOCK } from './log-summary';
import { retimeArtifact } from './retime';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

/** The latest time up to the end of each block, from the stored times: what the Logs view read before. */
function latestByBlock(times: (number | null)[]): number[] {
  const out: number[] = [];
  let max = -Infinity;
  times.forEach((t, i) => {
    if (t !== null && t > max) max = t;
    if ((i + 1) % STEP_BLOCK === 0 || i === times.length - 1) out.push(max);
  });
  return out;
}

function kept(summary: LogSummary, rows: number): number[] | null {
  const column = summary.timeColumns()[3];
  const blocks = blockLatestOf(column, rows);
  return blocks && [...blocks];
}

describe("a log's times, summed up by block as its lines pass", () => {
  it('keeps each block\'s latest time only for a log that steps back: lines before any time, a partial last block, an exact one', () => {
    for (const rows of [STEP_BLOCK * 2, STEP_BLOCK * 2 + 37, 9]) {
      const times = Array.from({ length: rows }, (_, i) => (i < 3 ? null : i % 97 === 0 ? null : 1_000_000 + i * 10 - (i > rows / 2 ? 2_000 : 0)));
      const summary = new LogSummary();
      for (const t of times) summary.row(t);
      expect(summary.stepsBack, `${rows} rows`).toBe(true);
      expect(kept(summary, rows), `${rows} rows`).toEqual(latestByBlock(times));
    }
    const inOrder = new LogSummary();
    for (let i = 0; i < 600; i++) inOrder.row(i);
    expect(inOrder.timeColumns()).toEqual([0, 599, 0, null]);
  });

  it('refuses a column of another length than the log\'s blocks', () => {
    expect(blockLatestOf(Buffer.alloc(16), STEP_BLOCK * 3)).toBeNull();
    expect(blockLatestOf('not bytes', 10)).toBeNull();
  });
});

describe('a syslog whose clock was set back twice, ingested then timed again', () => {
  /** 1,000 lines, the clock back by 5 minutes at lines 300 and 700. */
  async function steppingSyslog(): Promise<number> {
    const text = Array.from({ length: 1000 }, (_, i) => {
      const s = 3600 + i - (i >= 300 ? 300 : 0) - (i >= 700 ? 300 : 0);
      const hh = String(Math.floor(s / 3600)).padStart(2, '0');
      const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
      return `Nov  5 ${hh}:${mm}:${String(s % 60).padStart(2, '0')} node1 kubelet[548]: probe ${i} ok\n`;
    }).join('');
    await ingestBundle(db, await writeTar(path.join(dir, 'steps.tar.gz'), [{ name: 'var/log/messages', content: text }]));
    return (db.prepare("SELECT id FROM artifacts WHERE path = 'var/log/messages'").get() as { id: number }).id;
  }

  function keptAndRead(artifact: number): { kept: number[] | null; read: number[] } {
    const row = db.prepare('SELECT log_block_latest AS column, line_count AS lines FROM artifacts WHERE id = ?').get(artifact) as { column: Buffer; lines: number };
    const times = db.prepare('SELECT ts FROM log_lines WHERE artifact_id = ? ORDER BY id').pluck().all(artifact) as (number | null)[];
    const blocks = blockLatestOf(row.column, times.length);
    return { kept: blocks && [...blocks], read: latestByBlock(times) };
  }

  it('keeps the same latest times per block as its stored lines give, and keeps them right when the lines are timed again', async () => {
    const artifact = await steppingSyslog();
    const ingested = keptAndRead(artifact);
    expect(ingested.read).toHaveLength(4);
    expect(ingested.kept).toEqual(ingested.read);

    const context = { artifactPath: 'var/log/messages', collectedAtMs: Date.UTC(2023, 11, 1), timezone: null, bootTimeMs: null };
    retimeArtifact(db, artifact, logFormatFor('syslog') as LogFormat, context);
    const retimed = keptAndRead(artifact);
    expect(retimed.read).not.toEqual(ingested.read);
    expect(retimed.kept).toEqual(retimed.read);
  });
});
