import { describe, expect, it } from 'vitest';
import { findingsOf, log } from '../../../../test/cases/harness';

// A master's kubelet journal (`journalctl -o short-iso-precise`; the messages as OpenShift 4.8's kubelet
// prints them in a must-gather's host_service_logs/masters/kubelet_service.log): [seconds after 09:00, message].
function kubeletLog(lines: [number, string][]) {
  const at = (s: number) => new Date(Date.UTC(2021, 7, 3, 9, 0, 0) + s * 1000).toISOString();
  const text = lines.map(([s, m]) => {
    const t = at(s);
    return `${t.slice(0, 23)}000+00:00 ip-10-0-189-142 hyperkube[1359]: ${m.replace('%T', `0803 ${t.slice(11, 23)}000`)}`;
  });
  return log('host_service_logs/masters/kubelet_service.log', 'journal', text.join('\n'));
}
const notFound = (s: number): [number, string] => [s, 'E%T    1359 kubelet.go:2303] "Error getting node" err="node \\"ip-10-0-189-142.ec2.internal\\" not found"'];
const ready = (s: number): [number, string] => [s, 'I%T    1359 kubelet_node_status.go:554] "Recording event message for node" node="ip-10-0-189-142.ec2.internal" event="NodeReady"'];
/** `n` lines from `from` s, `every` s apart. */
const times = (from: number, n: number, every: number) => Array.from({ length: n }, (_, i) => from + i * every);

describe('node-not-found', () => {
  it('takes a master kubelet waiting for its own API server (320 lines in 32 s at start) for the start-up burst it is', () => {
    const [f, ...rest] = findingsOf('node-not-found', [kubeletLog([...times(0, 320, 0.1).map(notFound), ...times(40, 54, 60).map(ready)])]);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('info');
    expect(f?.summary).toContain('320 times over 32 s. A short burst at kubelet start');
    expect(f?.why?.ruledOut.join(' ')).not.toMatch(/5 min or more/);
  });

  it('says nothing of "not over" about a start-up burst it calls normal (Sonobuoy 0.10: 10 lines in 34 s, 7 min before the log ends)', () => {
    const [f] = findingsOf('node-not-found', [kubeletLog([...times(0, 10, 3.4).map(notFound), ...times(60, 7, 60).map(ready)])]);
    expect(f?.severity).toBe('info');
    expect(f?.why?.ruledOut).toEqual([]);
  });

  it('takes two kubelet starts two hours apart for two bursts, not a storm of two hours', () => {
    const [f] = findingsOf('node-not-found', [kubeletLog([...times(0, 40, 0.5).map(notFound), ...times(7200, 40, 0.5).map(notFound), ...times(7300, 60, 60).map(ready)])]);
    expect(f?.severity).toBe('info');
    expect(f?.summary).toContain('80 times in 2 bursts over 2 h, the longest 20 s. Short bursts at kubelet starts');
  });

  it('warns when registration keeps failing: a line every 10 s for 20 min, up to the end of the log', () => {
    const [f] = findingsOf('node-not-found', [kubeletLog(times(0, 120, 10).map(notFound))]);
    expect(f?.severity).toBe('warning');
    expect(f?.why?.firedBecause).toContain('it went on for 20 min (5 min or more)');
  });

  it('warns when a burst of many lines is still coming when the log ends (collected right after a start)', () => {
    const [f] = findingsOf('node-not-found', [kubeletLog([...times(0, 10, 60).map(ready), ...times(600, 150, 0.2).map(notFound)])]);
    expect(f?.severity).toBe('warning');
    expect(f?.why?.ruledOut).toContain('the start-up burst before registration: it was still going when the log ends (150 lines in 30 s)');
  });
});
