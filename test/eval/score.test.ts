import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/findings';
import { score, type Label } from './score';

function finding(rule: string, severity: Finding['severity'], quoted: string[]): Finding {
  return {
    unchecked: [],
    rule,
    severity,
    title: rule,
    summary: `${rule} fired`,
    meaning: '',
    remedy: '',
    links: [],
    evidence: quoted.map((text, i) => ({ artifact: `logs/${i}.log`, line: 1, text })),
  };
}

describe('the evaluation scores what a finding quotes, when an expert asks for it', () => {
  const label: Label = { note: 'velero crash-loops on a bad argument', healthy: false, expect: [{ rule: 'crashloop-backoff', quotes: ['unknown command "server-junk"'] }] };

  it('a finding that quotes the container\'s error is a true positive', () => {
    const found = [finding('crashloop-backoff', 'warning', ['"name": "velero-1"', 'Error: unknown command "server-junk" for "velero"'])];
    expect(score('b', label, found).map((o) => o.kind)).toEqual(['tp']);
  });

  it('the same finding without the quote is a false negative that says what it lacks', () => {
    const [outcome] = score('b', label, [finding('crashloop-backoff', 'warning', ['"name": "velero-1"'])]);
    expect(outcome).toMatchObject({ kind: 'fn', detail: 'its evidence does not quote "unknown command \\"server-junk\\""' });
  });

  it('without quotes asked, the rule and its severity are all that count', () => {
    const plain: Label = { ...label, expect: [{ rule: 'crashloop-backoff' }] };
    expect(score('b', plain, [finding('crashloop-backoff', 'warning', [])]).map((o) => o.kind)).toEqual(['tp']);
    expect(score('b', plain, [finding('crashloop-backoff', 'info', [])]).map((o) => o.kind)).toEqual(['fn']);
  });
});
