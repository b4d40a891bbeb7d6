import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, sharedFixture, sharedSkipReason } from '../../../test/support/shared-fixtures';
import { ingestBundle } from '../ingest';
import { dnsView } from '../dns/load';
import { storedFindings } from '../findings/api';
import { k8sEventsOf } from '../k8s/api';
import { bundlesApi } from '../library/api';
import { searchLogs } from '../search/api';
import { findArtifact } from '../store/artifacts';
import type { Db } from '../store/workspace';
import type { LayoutName } from './types';
import { useTempWorkspace } from '../../../test/support/workspace';

/**
 * Every real bundle of another tool in ../shared/fixtures/peer-bundles (see its SOURCES.md), read from
 * there: its layout recognised, its node facts filled, and nothing reported missing that the tool did
 * not mean to leave out.
 */
interface Expected {
  layout: LayoutName;
  facts: Record<string, string>;
  nodes?: number;
  /** Year of the first timed log line, when the bundle's logs carry year-less stamps. */
  year?: number;
}

const BUNDLES: Record<string, Expected> = {
  'harvester-support-bundle-kit-node1.zip': { layout: 'support-bundle-kit', facts: { hostname: 'node1', os: 'Harvester ada3f1a-dirty' }, year: 2022 },
  'harvester-support-bundle-kit-sample.tar.gz': {
    layout: 'support-bundle-kit',
    facts: { hostname: 'node1', kubeletVersion: 'v1.21.7+rke2r1', collectedAt: '2022-03-22T23:49:32.000Z' },
    nodes: 1,
    year: 2022,
  },
  'insights-client-heartbeat-archive.tar.gz': {
    layout: 'insights-client',
    facts: { kernel: '3.17.4-301.fc21.x86_64', os: 'Fedora release 21 (Twenty One)' },
  },
  'openshift-insights-operator-archive-sample.tar.gz': {
    layout: 'insights-operator',
    // Packed again in 2026 (its files' times): collected when its nodes last reported.
    facts: { kubeletVersion: 'v1.20.0+2817867', os: 'Red Hat Enterprise Linux CoreOS 47.83.202106032343-0 (Ootpa)', collectedAt: '2021-07-13T07:18:14.000Z' },
    nodes: 2,
  },
  'openshift-must-gather-4.x-aws.tar.xz': {
    layout: 'must-gather',
    facts: { kubeletVersion: 'v1.21.1+38b3ecc', collectedAt: '2021-08-03T10:14:13.000Z' },
    nodes: 6,
    year: 2021,
  },
  'openshift-must-gather-4.x-azure.tar.xz': { layout: 'must-gather', facts: { kubeletVersion: 'v1.21.1+9807387' }, nodes: 6, year: 2021 },
  'openshift-must-gather-4.x-metal.tar.xz': { layout: 'must-gather', facts: { kubeletVersion: 'v1.22.0-rc.0+75ee307' }, nodes: 6, year: 2021 },
  'openshift-must-gather-4.x-vsphere.tar.xz': { layout: 'must-gather', facts: { kubeletVersion: 'v1.21.1+9807387' }, nodes: 6, year: 2021 },
  // A tree kept in a repository: its files' times are 2026's checkout, its nodes last reported in April 2022.
  'sbctl-kurl-support-bundle-tree.tar.gz': { layout: 'troubleshoot', facts: { kubeletVersion: 'v1.23.5', containerRuntime: 'docker://20.10.5', collectedAt: '2022-04-12T00:56:06.000Z' }, nodes: 3 },
  'sonobuoy-results-0.10.tar.gz': { layout: 'sonobuoy', facts: { kubeletVersion: 'v1.8.4' }, nodes: 3 },
  'sonobuoy-results-0.8.tar.gz': { layout: 'sonobuoy', facts: { kubeletVersion: 'v1.7.2' }, nodes: 3 },
  'sonobuoy-results-0.9.tar.gz': { layout: 'sonobuoy', facts: { kubeletVersion: 'v1.8.4' }, nodes: 3 },
  'sonobuoy-results-4-e2e-failures.tar.gz': { layout: 'sonobuoy', facts: { hostname: 'kind-control-plane' }, nodes: 1 },
  'sonobuoy-results-missing-e2e.tar.gz': { layout: 'sonobuoy', facts: { kubeletVersion: 'v1.8.4' }, nodes: 3 },
  'sonobuoy-results-quick-no-failures.tar.gz': { layout: 'sonobuoy', facts: { hostname: 'kind-control-plane' }, nodes: 1 },
  'sonobuoy-testResultsOutput.tar.gz': { layout: 'sonobuoy', facts: { hostname: 'kind-control-plane', kubeletVersion: 'v1.14.2' }, nodes: 1 },
  'sosreport-4.2-ubuntu-charmed-kubernetes-node-hotsos.tar.gz': {
    layout: 'sosreport',
    facts: { hostname: 'juju-110cc2-k8stest-4', kernel: '5.4.0-99-generic', os: 'Ubuntu 20.04.3 LTS', timezone: 'Etc/UTC', collectedAt: '2022-02-11T19:23:39.000Z' },
    year: 2022,
  },
  'sosreport-partial-sunbeam-k8s-node-hotsos.tar.gz': { layout: 'sosreport', facts: { hostname: 'noble-sunbeam', collectedAt: '2025-05-14T14:22:18.000Z' } },
  'troubleshoot-missing-version-yaml-bundle.tar.gz': { layout: 'troubleshoot', facts: {} },
  'troubleshoot-v0.10-k3s-kots-support-bundle-2021-03-24T00_39_51.tar.gz': {
    layout: 'troubleshoot',
    facts: { hostname: 'repldev-salah-new', kubeletVersion: 'v1.20.2+k3s1', collectedAt: '2021-03-24T00:39:51.000Z' },
    nodes: 1,
  },
  'troubleshoot-v0.123-k3s-baseline-support-bundle.tar.gz': { layout: 'troubleshoot', facts: { hostname: 'primary-node', kubeletVersion: 'v1.31.2+k3s1' }, nodes: 1 },
  'troubleshoot-v0.123-k3s-preflight-v1beta2-bundle.tar.gz': { layout: 'troubleshoot', facts: { hostname: 'primary-node', collectedAt: '2025-12-10T17:26:50.000Z' }, nodes: 1 },
  'troubleshoot-v0.123-k3s-preflight-v1beta3-bundle.tar.gz': { layout: 'troubleshoot', facts: { hostname: 'primary-node' }, nodes: 1 },
  'troubleshoot-v0.50-k3d-arm64-support-bundle.tar.gz': {
    layout: 'troubleshoot',
    facts: { hostname: 'k3d-mycluster-server-0', kernel: '5.15.49-linuxkit', containerRuntime: 'containerd://1.6.6-k3s1' },
    nodes: 1,
  },
};

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws), 'whole file');

describe.skipIf(!hasSharedFixtures)(`real peer bundles (${hasSharedFixtures ? 'peer-bundles/' : sharedSkipReason})`, () => {
  it.each(Object.entries(BUNDLES))('%s: layout, node facts, nothing falsely missing', async (name, want) => {
    const r = await ingestBundle(db, sharedFixture(`peer-bundles/${name}`));
    expect(r.errors).toEqual([]);
    expect(r.incomplete).toBe(false);
    const d = await bundlesApi(db).getBundle(r.id);
    expect(d.facts.layoutName).toBe(want.layout);
    expect(d.facts).toMatchObject(want.facts);
    if (want.nodes !== undefined) expect(d.facts.nodes?.split(', ')).toHaveLength(want.nodes);
    expect(d.facts.timeSource).toBeTruthy();
    if (want.year !== undefined) {
      // Year-less stamps (journalctl short, klog) dated from evidence inside the bundle, not the file's date.
      const years = db
        .prepare("SELECT DISTINCT strftime('%Y', ts / 1000, 'unixepoch') AS y FROM log_lines WHERE bundle_id = ? AND ts IS NOT NULL")
        .all(r.id) as { y: string }[];
      expect(years.map((y) => Number(y.y))).toContain(want.year);
      expect(years.map((y) => Number(y.y)).every((y) => y <= want.year! && y >= want.year! - 1)).toBe(true);
    }
  }, 240_000);

  it('the k3s troubleshoot bundle feeds its events, with their counts and times, to the Kubernetes tables', async () => {
    const r = await ingestBundle(db, sharedFixture('peer-bundles/troubleshoot-v0.10-k3s-kots-support-bundle-2021-03-24T00_39_51.tar.gz'));
    const events = k8sEventsOf(db, r.id);
    expect(events.problems).toEqual([]);
    const total = (reason: string) => events.items.filter((e) => e.reason === reason).reduce((n, e) => n + e.count, 0);
    expect([total('BackOff'), total('Failed'), total('FailedMount')]).toEqual([16383, 16161, 32844]);
    const backoff = events.items.find((e) => e.reason === 'BackOff' && e.count === 8206);
    expect(backoff).toMatchObject({ firstTime: '2021-03-22T17:39:18Z', lastTime: '2021-03-24T00:39:20Z' });
    // The event rules (image pull, failed mount) see them, counts as evidence.
    const findings = storedFindings(db, r.id);
    expect(findings.find((f) => f.rule === 'image-pull-backoff')?.summary).toMatch(/32544 events/);
    expect(findings.find((f) => f.rule === 'failed-mount')?.summary).toMatch(/32844 events/);
  });

  it("the hotsos sosreport's journals packed as .xz are read: the kube-apiserver's lines are there and searchable", async () => {
    const r = await ingestBundle(db, sharedFixture('peer-bundles/sosreport-4.2-ubuntu-charmed-kubernetes-node-hotsos.tar.gz'));
    expect(r.errors).toEqual([]);
    const dir = 'tests/unit/fake_data_root/kubernetes/sos_commands/kubernetes/journalctl_--no-pager_--unit_snap.kube-apiserver.daemon';
    const journal = findArtifact(db, r.id, `${dir}/journalctl_--no-pager_--unit_snap.kube-apiserver.daemon`);
    expect(journal?.kind).toBe('journal');
    const lines = db.prepare('SELECT count(*) AS n FROM log_lines WHERE artifact_id = ?').get(journal!.id) as { n: number };
    expect(lines.n).toBe(19814);
    const hits = searchLogs(db, { bundle: r.id, text: '"Starting watch" persistentvolumes' }).lines;
    expect(hits.some((l) => l.artifact === journal!.path)).toBe(true);
  }, 240_000);

  it("the Harvester bundle's kube-system ConfigMaps give the DNS view CoreDNS's live Corefile, and are no log lines", async () => {
    const r = await ingestBundle(db, sharedFixture('peer-bundles/harvester-support-bundle-kit-sample.tar.gz'));
    const corefiles = dnsView(db, r.id).corefiles;
    const live = corefiles.find((c) => c.configMap === 'kube-system/rke2-coredns-rke2-coredns');
    expect(live).toMatchObject({ origin: 'configmap', artifact: expect.stringMatching(/yamls\/namespaced\/kube-system\/v1\/configmaps\.yaml$/) });
    const configMaps = db.prepare("SELECT kind, line_count AS lines FROM artifacts WHERE bundle_id = ? AND path LIKE '%/v1/configmaps.yaml'").all(r.id) as { kind: string; lines: number }[];
    expect(configMaps).toHaveLength(10);
    for (const c of configMaps) expect(c.kind).toBe('k8s-configmap');
    expect(db.prepare("SELECT count(*) FROM log_lines l JOIN artifacts a ON a.id = l.artifact_id WHERE a.bundle_id = ? AND a.kind = 'k8s-configmap'").pluck().get(r.id)).toBe(0);
  }, 240_000);

  it('must-gather events.yaml (kubectl -o yaml) are read as events', async () => {
    const r = await ingestBundle(db, sharedFixture('peer-bundles/openshift-must-gather-4.x-aws.tar.xz'));
    const events = k8sEventsOf(db, r.id);
    expect(events.problems).toEqual([]);
    expect(events.items.length).toBeGreaterThan(1000);
  });
});
