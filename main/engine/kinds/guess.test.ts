import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../../shared/api';
import { makeTar } from '../../../test/support/tarball';
import { useTempWorkspace } from '../../../test/support/workspace';
import { ingestBundle } from '../ingest';
import { bundlesApi } from '../library/api';
import { searchLogs } from '../search/api';
import { artifactsOfKind, readArtifactText } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { guessKindFromPath } from './guess';

describe('the kernel symbol tables of a peer bundle', () => {
  it('are told by their path, wherever the bundle puts its root', () => {
    for (const p of [
      'sosreport-node1/proc/kallsyms',
      // hotsos keeps it packed, as proc/kallsyms.tgz: its member reads as proc/kallsyms/kallsyms.
      'tests/unit/fake_data_root/kubernetes/proc/kallsyms/kallsyms',
      'sosreport-node1/boot/System.map-5.4.0-99-generic',
      'sosreport-node1/sys/kernel/debug/tracing/available_filter_functions',
      'node/sys/kernel/tracing/available_filter_functions_addrs',
      'sosreport-node1/sys/kernel/debug/tracing/available_events',
    ]) {
      expect(guessKindFromPath(p), p).toBe('kernel-symbols');
    }
    // A sysctl whose name ends in kallsyms, and the loaded modules, are something else.
    expect(guessKindFromPath('sosreport-node1/proc/sys/net/core/bpf_jit_kallsyms')).not.toBe('kernel-symbols');
    expect(guessKindFromPath('sosreport-node1/proc/modules')).toBe('kernel-modules');
  });

  describe('in a sosreport', () => {
    let db: Db;
    let dir: string;
    useTempWorkspace((ws) => ({ db, dir } = ws));

    it('are kept as files, not log lines: nf_conntrack finds the kernel saying its table is full, not a thousand symbol names', async () => {
      const kallsyms = symbols(1000, (i) => `ffffffffc0${(0xa10000 + i * 16).toString(16)} t nf_conntrack_helper_${i}\t[nf_conntrack]`);
      const tableFull = 'Feb 11 19:20:01 node1 kernel: [  812.123456] nf_conntrack: nf_conntrack: table full, dropping packet';
      const r = await ingestSosreport(db, dir, [
        { name: 'sosreport-node1/var/log/kern.log', content: `${tableFull}\n` },
        { name: 'sosreport-node1/proc/kallsyms', content: kallsyms },
        { name: 'sosreport-node1/sys/kernel/debug/tracing/available_filter_functions', content: symbols(500, (i) => `nf_conntrack_tuple_${i} [nf_conntrack]`) },
        { name: 'sosreport-node1/boot/System.map-5.4.0-99-generic', content: symbols(500, (i) => `ffffffff8${(0x1000000 + i * 16).toString(16)} T nf_conntrack_in_${i}`) },
      ]);

      const tables = artifactsOfKind(db, r.id, 'kernel-symbols');
      expect(tables.map((a) => a.path).sort()).toEqual([
        'sosreport-node1/boot/System.map-5.4.0-99-generic',
        'sosreport-node1/proc/kallsyms',
        'sosreport-node1/sys/kernel/debug/tracing/available_filter_functions',
      ]);
      for (const a of tables) expect(storedLines(db, a.id), a.path).toBe(0);

      const found = searchLogs(db, { bundle: r.id, text: 'nf_conntrack', limit: 50 }).lines;
      expect(found.map((l) => [l.artifact, l.text])).toEqual([['sosreport-node1/var/log/kern.log', tableFull]]);
      // The table itself is still there, byte for byte, for the Files view.
      expect(readArtifactText(db, tables.find((a) => a.path.endsWith('kallsyms'))!.id)).toBe(kallsyms);
    });
  });
});

describe("a process's memory maps and sos's report of its own run", () => {
  it('are told by their path', () => {
    for (const p of [
      'tests/unit/fake_data_root/kubernetes/proc/701/smaps',
      'sosreport-node1/proc/1/maps',
      'sosreport-node1/proc/self/numa_maps',
      'sosreport-node1/proc/2101/task/2107/smaps_rollup',
    ]) {
      expect(guessKindFromPath(p), p).toBe('proc-pid-maps');
    }
    // The node's mounts and a process's status stay what they were.
    expect(guessKindFromPath('sosreport-node1/proc/mounts')).toBe('mounts');
    expect(guessKindFromPath('sosreport-node1/proc/1/status')).toBe('proc-pid-status');
  });

  describe('in a sosreport', () => {
    let db: Db;
    let dir: string;
    useTempWorkspace((ws) => ({ db, dir } = ws));

    it('are kept as files, not log lines: libssl finds the kubelet failing to load it, not 160 processes mapping it', async () => {
      const maps = (pid: number) =>
        symbols(160, (i) => `7f3a${(0x1000 + i).toString(16)}000-7f3a${(0x1001 + i).toString(16)}000 r-xp 00000000 fd:01 ${pid * 1000 + i} /usr/lib/x86_64-linux-gnu/libssl.so.3\nRss:                   4 kB`);
      const failed = 'Feb 11 19:20:01 node1 kubelet[2101]: E0211 19:20:01.123456    2101 server.go:302] "Failed to load" err="libssl.so.3: cannot open shared object file"';
      const r = await ingestSosreport(db, dir, [
        { name: 'sosreport-node1/var/log/syslog', content: `${failed}\n` },
        { name: 'sosreport-node1/proc/1/smaps', content: maps(1) },
        { name: 'sosreport-node1/proc/2101/maps', content: maps(2101) },
        { name: 'sosreport-node1/sos_reports/sos.txt', content: 'openssl\n  openssl version -a\n  ls -alR /usr/lib/x86_64-linux-gnu/libssl.so.3\n' },
        { name: 'sosreport-node1/sos_reports/manifest.json', content: '{"version": "1.0", "start_time": "2022-02-11 19:21:00.000000", "components": {"report": {"plugins": {"openssl": {}}}}}\n' },
      ]);

      const kept = [...artifactsOfKind(db, r.id, 'proc-pid-maps'), ...artifactsOfKind(db, r.id, 'collection-report')];
      expect(kept.map((a) => `${a.kind} ${a.path}`).sort()).toEqual([
        'collection-report sosreport-node1/sos_reports/manifest.json',
        'collection-report sosreport-node1/sos_reports/sos.txt',
        'proc-pid-maps sosreport-node1/proc/1/smaps',
        'proc-pid-maps sosreport-node1/proc/2101/maps',
      ]);
      for (const a of kept) expect(storedLines(db, a.id), a.path).toBe(0);

      const found = searchLogs(db, { bundle: r.id, text: 'libssl', limit: 50 }).lines;
      expect(found.map((l) => [l.artifact, l.text])).toEqual([['sosreport-node1/var/log/syslog', failed]]);
      // The maps are still there, byte for byte, for the Files view; sos's manifest still dates the bundle.
      expect(readArtifactText(db, kept.find((a) => a.path.endsWith('/1/smaps'))!.id)).toBe(maps(1));
      expect((await bundlesApi(db).getBundle(r.id)).facts.timeSource).toMatch(/sos_reports\/manifest\.json/);
    });
  });
});

describe('a journal exported as JSON into a .json file (journalctl -o json > kubelet.json)', () => {
  let db: Db;
  let dir: string;
  useTempWorkspace((ws) => ({ db, dir } = ws));

  it('is a journal, not a Kubernetes object: its entries are log lines with their times', async () => {
    // journalctl -o json as systemd 252 printed it (test/fixtures/logs/journal-json.log, 15 entries)
    const journal = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/logs/journal-json.log'), 'utf8');
    const file = path.join(dir, 'node1-logs.tar.gz');
    fs.writeFileSync(file, await makeTar([
      { name: 'node1-logs/logs/journal/kubelet.json', content: journal },
      { name: 'node1-logs/kubelet-journal.json', content: journal },
    ]));
    const r = await ingestBundle(db, file);
    expect(r.errors).toEqual([]);
    const journals = artifactsOfKind(db, r.id, 'journal-json');
    expect(journals.map((a) => a.path).sort()).toEqual(['node1-logs/kubelet-journal.json', 'node1-logs/logs/journal/kubelet.json']);
    for (const a of journals) expect(storedLines(db, a.id), a.path).toBe(15);
    const first = searchLogs(db, { bundle: r.id, text: '"Error syncing pod"', limit: 50 }).lines[0];
    expect([first.time, first.source, first.level]).toEqual(['2023-11-10T14:17:41.900Z', 'kubelet', 'error']);
  });
});

/** A sosreport of node1 (its uname, then `files`) ingested into `db`, read without errors. */
async function ingestSosreport(db: Db, dir: string, files: { name: string; content: string }[]): Promise<IngestResult> {
  const file = path.join(dir, 'sosreport-node1.tar.gz');
  fs.writeFileSync(file, await makeTar([
    { name: 'sosreport-node1/sos_commands/kernel/uname_-a', content: 'Linux node1 5.4.0-99-generic #112-Ubuntu SMP Thu Feb 3 13:50:55 UTC 2022 x86_64 x86_64 x86_64 GNU/Linux\n' },
    ...files,
  ]));
  const r = await ingestBundle(db, file);
  expect(r.errors).toEqual([]);
  return r;
}

function storedLines(db: Db, artifactId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM log_lines WHERE artifact_id = ?').get(artifactId) as { n: number }).n;
}

function symbols(count: number, line: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => line(i)).join('\n') + '\n';
}
