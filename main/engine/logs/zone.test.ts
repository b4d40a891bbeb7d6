import { describe, expect, it } from 'vitest';
import { fixtureLines } from '../../../test/fixtures/logs/read';
import { parseFixedOffset, utcToWall, wallToUtc, zoneOf } from './zone';

const wall = (text: string) => Date.parse(`${text}Z`);
const utc = (ms: number) => new Date(ms).toISOString();

describe('node clock: local wall time to UTC with Intl only', () => {
  it('agrees with journalctl, which printed the same instants in New York time', () => {
    const ny = zoneOf('America/New_York');
    const shown = fixtureLines('journal-short-precise-new-york.log').map((l) => l.slice(0, 22));
    const truth = fixtureLines('journal-json.log').map((l) => Math.floor(Number((JSON.parse(l) as { __REALTIME_TIMESTAMP: string }).__REALTIME_TIMESTAMP) / 1000));
    shown.forEach((stamp, i) => {
      const [, day, clock, ms] = /^Nov (\d\d) ([\d:]{8})\.(\d{3})/.exec(stamp) ?? [];
      expect(utcToWall(ny, truth[i])).toBe(wall(`2023-11-${day}T${clock}.${ms}`));
      expect(wallToUtc(ny, utcToWall(ny, truth[i]))).toBe(truth[i]);
    });
  });

  it('reads a wall time in the hour clocks skip (spring forward) as if the clock had not moved yet', () => {
    // 2026-03-08 02:30 never happened in New York: clocks went from 02:00 EST to 03:00 EDT
    expect(utc(wallToUtc(zoneOf('America/New_York'), wall('2026-03-08T02:30:00')))).toBe('2026-03-08T07:30:00.000Z');
    expect(utc(wallToUtc(zoneOf('America/New_York'), wall('2026-03-08T03:30:00')))).toBe('2026-03-08T07:30:00.000Z');
    expect(utc(wallToUtc(zoneOf('America/New_York'), wall('2026-03-08T01:59:59')))).toBe('2026-03-08T06:59:59.000Z');
  });

  it('reads a wall time the clocks show twice (fall back) as the first of the two', () => {
    // 2026-11-01 01:30 happened at 05:30Z (EDT) and again at 06:30Z (EST)
    expect(utc(wallToUtc(zoneOf('America/New_York'), wall('2026-11-01T01:30:00')))).toBe('2026-11-01T05:30:00.000Z');
    expect(utc(wallToUtc(zoneOf('America/New_York'), wall('2026-11-01T02:30:00')))).toBe('2026-11-01T07:30:00.000Z');
  });

  it('handles half-hour and southern-hemisphere zones, fixed offsets, and falls back to UTC', () => {
    expect(utc(wallToUtc(zoneOf('Asia/Kolkata'), wall('2026-07-01T12:00:00')))).toBe('2026-07-01T06:30:00.000Z');
    expect(utc(wallToUtc(zoneOf('Australia/Sydney'), wall('2026-01-15T12:00:00')))).toBe('2026-01-15T01:00:00.000Z');
    expect(utc(wallToUtc(zoneOf('Australia/Sydney'), wall('2026-07-15T12:00:00')))).toBe('2026-07-15T02:00:00.000Z');
    expect(utc(wallToUtc(zoneOf('+08:00'), wall('2026-07-01T08:00:00')))).toBe('2026-07-01T00:00:00.000Z');
    expect(utc(wallToUtc(zoneOf('-0530'), wall('2026-07-01T00:00:00')))).toBe('2026-07-01T05:30:00.000Z');
    expect(utc(wallToUtc(zoneOf('Not/AZone'), wall('2026-07-01T00:00:00')))).toBe('2026-07-01T00:00:00.000Z');
    expect(utc(wallToUtc(zoneOf(null), wall('2026-07-01T00:00:00')))).toBe('2026-07-01T00:00:00.000Z');
    expect(parseFixedOffset('Asia/Shanghai')).toBeNaN();
  });
});
