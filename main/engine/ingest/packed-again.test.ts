import { describe, expect, it } from 'vitest';
import { collectionTime } from './packed-again';

const DAY = 86_400_000;
const heartbeat = { ms: Date.parse('2022-04-12T00:56:06Z'), from: 'cluster-resources/nodes.json' };

describe("a bundle's collection time when it states none: its files' times, unless its nodes' heartbeats say otherwise", () => {
  it('a kURL bundle kept in a repository: files of August 2026, nodes last reporting in April 2022, collected then', () => {
    const t = collectionTime(Date.parse('2026-08-19T22:35:54Z'), heartbeat);
    expect(new Date(t.ms).toISOString()).toBe('2022-04-12T00:56:06.000Z');
    expect(t.packedAgain).toBe(
      "the newest heartbeat of the bundle's nodes (cluster-resources/nodes.json): its files' modification times, 2026-08-19, are 1591 days later (packed again after collection)",
    );
  });

  it('a bundle collected as it was packed: files minutes to days after the last heartbeat keep their time', () => {
    expect(collectionTime(heartbeat.ms + 5 * 60_000, heartbeat)).toEqual({ ms: heartbeat.ms + 5 * 60_000, packedAgain: null });
    // A lone node that stopped reporting, collected three weeks later: its files' time stands.
    expect(collectionTime(heartbeat.ms + 21 * DAY, heartbeat).packedAgain).toBeNull();
  });

  it("files dated long before the nodes' last report (a zip's 1980 dates) are not the collection's", () => {
    const t = collectionTime(Date.parse('1980-01-01T00:00:00Z'), heartbeat);
    expect(t.ms).toBe(heartbeat.ms);
    expect(t.packedAgain).toMatch(/modification times, 1980-01-01, are \d+ days before it$/);
    // Clocks a few hours apart are not that.
    expect(collectionTime(heartbeat.ms - 3 * 3_600_000, heartbeat).packedAgain).toBeNull();
  });

  it('without Node objects, the files say', () => {
    expect(collectionTime(Date.parse('2026-08-19T22:35:54Z'), null)).toEqual({ ms: Date.parse('2026-08-19T22:35:54Z'), packedAgain: null });
  });
});
