import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../../test/support/tarball';
import { useTempWorkspace } from '../../../test/support/workspace';
import type { Db } from '../store/workspace';
import { ingestBundle } from './index';

/** A hand-made `tar czf` of a node's /var/log: no manifest, no uname; its lines name the node. */
let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const syslog = (host: string) => `Dec  1 10:00:00 ${host} kubelet[1]: E1201 10:00:00.000000       1 pod_workers.go:1] "Error syncing pod"\n`.repeat(3);
const journalIso = (host: string) => `2026-12-01T10:00:00.123456+0000 ${host} containerd[812]: level=error msg="failed to pull image"\n`.repeat(3);

describe('the node of a bundle without a manifest, from its log lines', () => {
  it('is the one host its syslog and journal lines name', async () => {
    const file = await writeTar(path.join(dir, 'var-log-backup.tar.gz'), [
      { name: 'var/log/syslog', content: syslog('worker-7') },
      { name: 'var/log/journal.txt', content: journalIso('worker-7') },
    ]);
    expect((await ingestBundle(db, file)).node).toBe('worker-7');
  });

  it("stays the bundle's name when the lines name several hosts (a cluster's logs)", async () => {
    const file = await writeTar(path.join(dir, 'cluster-logs.tar.gz'), [
      { name: 'a/syslog', content: syslog('worker-7') },
      { name: 'b/syslog', content: syslog('worker-8') },
    ]);
    expect((await ingestBundle(db, file)).node).toBe('cluster-logs');
  });

  it('gives way to uname, which says the node outright', async () => {
    const file = await writeTar(path.join(dir, 'node.tar.gz'), [
      { name: 'sos_commands/kernel/uname_-a', content: 'Linux node-from-uname 6.1.0-13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29) x86_64 GNU/Linux\n' },
      { name: 'var/log/syslog', content: syslog('worker-7') },
    ]);
    expect((await ingestBundle(db, file)).node).toBe('node-from-uname');
  });
});
