import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import { bundlesApi } from '../library/api';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';
import { journalBannerEvidence, neighbourLinesEvidence } from './year-evidence';
import { useTempWorkspace } from '../../../test/support/workspace';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const NOW = new Date();
const KUBELET = [
  'Oct 02 07:12:01 master-0 hyperkube[1433]: I1002 07:12:01.000000    1433 kubelet.go:1] "Starting kubelet"',
  'Oct 03 09:59:59 master-0 hyperkube[1433]: E1003 09:59:59.000000    1433 kubelet.go:2] "PLEG is not healthy"',
];

/** Years of the timed lines of a bundle. */
function years(bundleId: number): number[] {
  const rows = db.prepare("SELECT DISTINCT CAST(strftime('%Y', ts / 1000, 'unixepoch') AS INTEGER) AS y FROM log_lines WHERE bundle_id = ? AND ts IS NOT NULL ORDER BY y").all(bundleId) as { y: number }[];
  return rows.map((r) => r.y);
}

async function bundle(entries: { name: string; content: string }[]): Promise<string> {
  // Entries and archive both dated today: only evidence inside the files can give the right year.
  const f = await writeTar(path.join(dir, 'b.tar.gz'), entries.map((e) => ({ ...e, mtime: NOW })));
  fs.utimesSync(f, NOW, NOW);
  return f;
}

describe('the year of year-less stamps', () => {
  it('a 2019 journal in a bundle made today gets 2019, from its own "Logs begin at" banner', async () => {
    const f = await bundle([
      {
        name: 'mg/host_service_logs/masters/kubelet_service.log',
        content: ['-- Logs begin at Wed 2019-10-02 07:00:00 UTC, end at Thu 2019-10-03 10:00:00 UTC. --', ...KUBELET, ''].join('\n'),
      },
    ]);
    const r = await ingestBundle(db, f);
    expect(years(r.id)).toEqual([2019]);
    expect((await bundlesApi(db).getBundle(r.id)).facts.timeSource).toMatch(/1 log file\(s\) dated by their own lines/);
  });

  it('a banner with only a beginning: lines after New Year go to the next year', async () => {
    const f = await bundle([
      {
        name: 'logs/kubelet.log',
        content: ['-- Journal begins at Mon 2019-12-30 07:00:00 UTC. --', 'Dec 31 23:00:00 n kubelet[1]: last of 2019', 'Jan 01 01:00:00 n kubelet[1]: first of 2020', ''].join('\n'),
      },
    ]);
    const r = await ingestBundle(db, f);
    expect(years(r.id)).toEqual([2019, 2020]);
  });

  it('a journal without a banner is dated again by sos\'s `date` output found later in the archive', async () => {
    const f = await bundle([
      { name: 'sosreport-master-0/sos_commands/logs/journalctl_--no-pager_--unit_kubelet', content: `${KUBELET.join('\n')}\n` },
      { name: 'sosreport-master-0/sos_commands/date/date_--utc', content: 'Thu Oct  3 10:00:00 UTC 2019\n' },
    ]);
    const r = await ingestBundle(db, f);
    expect(years(r.id)).toEqual([2019]);
    const facts = (await bundlesApi(db).getBundle(r.id)).facts;
    expect(facts.collectedAt).toBe('2019-10-03T10:00:00.000Z');
    expect(facts.timeSource).toBe('sosreport-master-0/sos_commands/date/date_--utc (evidence inside the bundle)');
  });

  it("a node's pod logs, whose CRI stamps carry their year, are not counted as logs dated by their own lines", async () => {
    const cri = (k: number) => `2019-10-02T07:12:0${k}.000000000Z stderr F request ${k} served`;
    const f = await bundle([
      { name: 'var/log/pods/default_web-1_u1/app/0.log', content: `${[1, 2, 3, 4, 5, 6].map(cri).join('\n')}\n` },
      { name: 'logs/kubelet.log', content: ['-- Logs begin at Wed 2019-10-02 07:00:00 UTC, end at Thu 2019-10-03 10:00:00 UTC. --', ...KUBELET, ''].join('\n') },
    ]);
    const r = await ingestBundle(db, f);
    expect(years(r.id)).toEqual([2019]);
    // The journal alone, dated by its banner: the pod log's six full dates used to count it as well.
    expect((await bundlesApi(db).getBundle(r.id)).facts.timeSource).toMatch(/; 1 log file\(s\) dated by their own lines/);
  });

  it("a troubleshoot bundle packed again today: its year-less lines take the year its nodes last reported in, not the files'", async () => {
    const nodes = { kind: 'NodeList', items: [{ kind: 'Node', metadata: { name: 'master-0' }, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2019-10-03T09:58:00Z' }] } }] };
    const f = await bundle([
      { name: 'support-bundle/cluster-resources/nodes.json', content: JSON.stringify(nodes) },
      { name: 'support-bundle/host-collectors/run-host/kubelet.log', content: `${KUBELET.join('\n')}\n` },
    ]);
    const r = await ingestBundle(db, f);
    expect(years(r.id)).toEqual([2019]);
    const facts = (await bundlesApi(db).getBundle(r.id)).facts;
    expect(facts.collectedAt).toBe('2019-10-03T09:58:00.000Z');
    expect(facts.timeSource).toMatch(/^the newest heartbeat of the bundle's nodes \(support-bundle\/cluster-resources\/nodes\.json\): its files' modification times, \d{4}-\d\d-\d\d, are \d+ days later \(packed again after collection\)$/);
    // A heartbeat is when the cluster last reported, not when it was looked at: rules do not take it as that.
    expect(facts.collectedAtFrom).toBeUndefined();
  });

  it('with no evidence at all, the archive\'s date is the last resort, and the facts say so', async () => {
    const f = await bundle([{ name: 'logs/kubelet.log', content: `${KUBELET.join('\n')}\n` }]);
    const r = await ingestBundle(db, f);
    const y = NOW.getUTCFullYear();
    expect(years(r.id).every((x) => x === y || x === y - 1)).toBe(true);
    expect((await bundlesApi(db).getBundle(r.id)).facts.timeSource).toMatch(/^the newest modification time of the files inside the archive/);
  });
});

describe('evidence readers', () => {
  it('reads both journal banners, with numeric offsets', () => {
    expect(journalBannerEvidence('-- Logs begin at Wed 2019-10-02 07:00:00 UTC, end at Thu 2019-10-03 10:00:00 UTC. --\nx')).toEqual({
      endMs: Date.UTC(2019, 9, 3, 10),
      quote: '-- Logs begin at Wed 2019-10-02 07:00:00 UTC, end at Thu 2019-10-03 10:00:00 UTC. --',
    });
    expect(journalBannerEvidence('-- Journal begins at Mon 2021-06-21 08:01:02 +0200, ends at Tue 2021-06-22 09:00:00 +0200. --')?.endMs).toBe(Date.UTC(2021, 5, 22, 7));
    expect(journalBannerEvidence('Oct 02 07:12:01 master-0 kubelet: -- Logs begin at Wed 2019-10-02')).toBeNull();
  });

  it('needs most first lines to carry full dates of one year', () => {
    const line = (d: string) => `Mar 22 22:07:48 node1 agent[1]: time="${d}T22:07:48Z" level=debug msg="probe"`;
    expect(neighbourLinesEvidence(Array.from({ length: 6 }, () => line('2022-03-22')))?.beginMs).toBe(Date.UTC(2022, 2, 21, 22, 7, 48));
    expect(neighbourLinesEvidence([line('2019-01-01'), ...Array.from({ length: 10 }, () => 'Mar 22 22:07:48 node1 agent[1]: no date')])).toBeNull();
    expect(neighbourLinesEvidence([...Array.from({ length: 3 }, () => line('2021-12-31')), ...Array.from({ length: 3 }, () => line('2022-01-01'))])).toBeNull();
  });

  it('quotes the line of the earliest date, after lines without one', () => {
    const at = (d: string) => `Mar 22 22:07:48 node1 agent[1]: time="${d}" level=debug msg="probe"`;
    const lines = ['Mar 22 22:07:40 node1 agent[1]: starting', at('2022-03-22T22:07:49Z'), at('2022-03-22 22:07:48'), ...Array.from({ length: 4 }, () => at('2022-03-23T01:00:00Z'))];
    expect(neighbourLinesEvidence(lines)).toEqual({ beginMs: Date.UTC(2022, 2, 21, 22, 7, 48), quote: lines[2] });
  });
});

describe('dmesg wall time', () => {
  const dmesgTimes = (bundleId: number): (number | null)[] =>
    (db.prepare("SELECT l.ts FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE l.bundle_id = ? AND a.kind = 'dmesg' ORDER BY l.line").all(bundleId) as { ts: number | null }[]).map((x) => x.ts);

  const DMESG = '[    0.000000] Linux version 6.1.0-13-amd64\n[ 3600.500000] oom-kill:constraint=CONSTRAINT_NONE\n';

  it('from proc/stat btime, even when proc/stat comes after dmesg in the archive', async () => {
    const f = await bundle([
      { name: 's/sos_commands/kernel/dmesg', content: DMESG },
      { name: 's/proc/stat', content: 'cpu  1 2 3 4\nbtime 1570000000\n' },
    ]);
    const r = await ingestBundle(db, f);
    const ts = dmesgTimes(r.id);
    expect(ts).toEqual([1570000000000, 1570003600500]);
  });

  it('from proc/uptime and the date the bundle itself gives', async () => {
    const f = await bundle([
      { name: 's/sos_commands/kernel/dmesg', content: DMESG },
      { name: 's/proc/uptime', content: '7200.00 14000.00\n' },
      { name: 's/sos_commands/date/date_--utc', content: 'Thu Oct  3 10:00:00 UTC 2019\n' },
    ]);
    const r = await ingestBundle(db, f);
    const ts = dmesgTimes(r.id);
    expect(ts).toEqual([Date.UTC(2019, 9, 3, 8), Date.UTC(2019, 9, 3, 9, 0, 0, 500)]);
  });

  it('without either, dmesg lines have no time rather than a wrong one', async () => {
    const f = await bundle([{ name: 's/sos_commands/kernel/dmesg', content: DMESG }]);
    const r = await ingestBundle(db, f);
    expect(dmesgTimes(r.id)).toEqual([null, null]);
  });
});
