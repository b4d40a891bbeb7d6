import { describe, expect, it } from 'vitest';
import type { FindingRef } from '../../../shared/api/compare';
import { compareFindings } from './findings';

const crashloop = (count: number): FindingRef => ({
  rule: 'crashloop-backoff',
  severity: 'warning',
  title: 'Containers in CrashLoopBackOff',
  summary: 'Container controller is crash-looping (back-off 5m0s)',
  count,
});

describe('findings of two bundles', () => {
  it('says a rule firing for one more container on B is new there, once', () => {
    expect(compareFindings([crashloop(1)], [crashloop(2)])).toEqual({ new: [crashloop(1)], gone: [], changed: [], identical: false });
  });

  it('says it is gone when B has fewer', () => {
    expect(compareFindings([crashloop(3)], [crashloop(1)]).gone).toEqual([crashloop(2)]);
  });

  it('reports a changed severity, not a new finding', () => {
    const info = { ...crashloop(1), severity: 'info' as const };
    expect(compareFindings([info], [crashloop(1)])).toEqual({
      new: [],
      gone: [],
      changed: [{ rule: 'crashloop-backoff', title: 'Containers in CrashLoopBackOff', a: 'info', b: 'warning' }],
      identical: false,
    });
  });

  it('finds nothing between a list and itself', () => {
    expect(compareFindings([crashloop(2)], [crashloop(2)])).toEqual({ new: [], gone: [], changed: [], identical: true });
  });
});
