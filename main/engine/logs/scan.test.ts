import { describe, expect, it } from 'vitest';
import { readIso, scan, utcDay } from './scan';

describe('timestamp readers', () => {
  it('computes calendar days like Date.UTC, leap years and centuries included', () => {
    for (let year = 1896; year <= 2104; year++) {
      for (const [month, day] of [[1, 1], [2, 28], [2, 29], [3, 1], [12, 31]]) {
        expect(utcDay(year, month, day)).toBe(Date.UTC(year, month - 1, day));
      }
    }
  });

  it('reads every RFC 3339 shape the runtimes write, to the millisecond', () => {
    const shapes = [
      '2022-06-01T08:00:00Z', '2022-06-01T08:00:00.5Z', '2022-06-01T08:00:00.123456789Z',
      '2022-06-01T16:00:00.123456789+08:00', '2022-06-01T16:00:00,123456+08:00', '2022-06-01T16:00:00.123+0800',
      '2022-06-01T03:30:00.123-04:30',
    ];
    for (const text of shapes) {
      expect([text, readIso(`${text} rest`, 0), scan.zoned]).toEqual([text, Math.floor(Date.parse(text.replace(',', '.').replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'))), true]);
      expect(`${text} rest`.slice(scan.end)).toBe(' rest');
    }
    expect(readIso('2022-06-01 08:00:00 x', 0)).toBe(Date.UTC(2022, 5, 1, 8));
    expect(scan.zoned).toBe(false);
    expect(readIso('2022-13-01T08:00:00Z', 0)).toBeNaN();
    expect(readIso('20220601T080000Z', 0)).toBeNaN();
  });
});
