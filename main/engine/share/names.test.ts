import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/cases/harness';
import { knownValues } from './names';

describe('the names share collects from the kubectl listings', () => {
  it('collects every namespace and pod of a pods listing past 16 MiB (read object by object): none goes out as it is', () => {
    const pod = (i: number) => ({ metadata: { name: `acme-web-${i}`, namespace: `acme-payments-${i % 7}` }, spec: { nodeName: 'node1', containers: [{ name: 'app', args: ['x'.repeat(1200)] }] } });
    const data = JSON.stringify({ kind: 'PodList', items: Array.from({ length: 14_000 }, (_, i) => pod(i)) }, null, 2);
    expect(data.length).toBeGreaterThan(17 * 2 ** 20);
    const nodes = JSON.stringify({ kind: 'NodeList', items: [{ metadata: { name: 'worker-7.acme.example' } }] });
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'cluster-resources/pods/all.json', kind: 'k8s-pods', data },
        { path: 'cluster-resources/nodes.json', kind: 'k8s-nodes', data: nodes },
      ],
    });
    const known = knownValues(db, bundleId, { k8sNames: true, words: [] });
    expect(known.names.get('acme-web-13999')).toBe('pod');
    expect(known.names.get('acme-payments-6')).toBe('namespace');
    expect([...known.names.values()].filter((k) => k === 'pod')).toHaveLength(14_000);
    expect(known.names.get('worker-7')).toBe('hostname');
    expect(known.domains.has('acme.example')).toBe(true);
  });

  it('collects the user of a home folder named only at the end of a 20 MiB journal, and across a chunk boundary', () => {
    const filler = 'Nov  5 10:00:00 node1 kubelet[1]: I1105 10:00:00.000000 1 kubelet.go:1] syncing\n';
    const head = filler.repeat(Math.ceil((20 * 2 ** 20) / filler.length));
    // A path cut by the 1 MiB chunk boundary: "/home/bob" in one chunk, "byt" in the next.
    const cut = filler.repeat(Math.floor(2 ** 20 / filler.length));
    const across = `${cut}${'x'.repeat(2 ** 20 - cut.length - 9)}/home/bobbyt is full\n`;
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'logs/journal/sshd.log', kind: 'journal', data: `${head}Nov  5 10:00:01 node1 sshd[2]: Accepted key for alice: /home/alice/.ssh/authorized_keys\n` },
        { path: 'logs/text/df.txt', kind: 'text', data: across },
      ],
    });
    const known = knownValues(db, bundleId, { k8sNames: false, words: [] });
    expect(known.names.get('alice')).toBe('user');
    expect(known.names.get('bobbyt')).toBe('user');
    // Not the part of it the first chunk holds.
    expect(known.names.has('bob')).toBe(false);
    expect(known.inContext?.users.has('bob')).toBe(false);
  });

  // insights-client's heartbeat archive: insights_commands/hostname says "insights-heartbeat-9cd6…"
  // (the node's name as the layout reads it) but uname -a and sysctl -a say vm218.gsslab.rdu2.redhat.com.
  it("takes the node's own name from uname -a and sysctl -a when the layout names the node otherwise", () => {
    const { db, bundleId } = workspaceWith({
      facts: { hostname: 'insights-heartbeat-9cd6f607' },
      files: [
        { path: 'insights_commands/uname_-a', kind: 'uname', data: 'Linux vm218.gsslab.rdu2.example.com 3.17.4-301.fc21.x86_64 #1 SMP Thu Nov 27 19:09:10 UTC 2014 x86_64 x86_64 x86_64 GNU/Linux\n' },
        { path: 'insights_commands/sysctl_-a', kind: 'sysctl', data: 'kernel.domainname = (none)\nkernel.hostname = db7.lab2.example.org\nkernel.io_delay_type = 0\n' },
        { path: 'etc/hostname', kind: 'text', data: 'build-host-4\n' },
      ],
    });
    const known = knownValues(db, bundleId, { k8sNames: false, words: [] });
    for (const name of ['vm218', 'db7', 'build-host-4']) expect(known.names.get(name), name).toBe('hostname');
    expect([...known.domains]).toEqual(expect.arrayContaining(['gsslab.rdu2.example.com', 'lab2.example.org']));
  });

  // insights' ps_auxwwww ran `/home/rdu/difernan/...`; kotsadm's goroutine dump carries its build path
  // /home/salahalsaleh1993/go/...; pod specs mount their images' /home/weave, /home/minio.
  it('collects users of home folders from process listings and goroutine dumps, not from pod specs, nor the images\' common users', () => {
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'insights_commands/ps_auxwwww', kind: 'ps', data: 'USER PID COMMAND\ndifernan 28144 /home/difernan/custard_virtenv/bin/python\ncore 1 /home/core/bin/x\n' },
        { path: 'kots/kotsadm-goroutines-stdout.txt', kind: 'goroutine-dump', data: 'goroutine 1 [running]:\nmain.main()\n\t/home/salahalsaleh1993/go/src/github.com/replicatedhq/kots/cmd/kotsadm/main.go:12 +0x1d\n' },
        { path: 'cluster-resources/pods/kube-system.json', kind: 'k8s-pods', data: JSON.stringify({ kind: 'PodList', items: [{ metadata: { name: 'weave-net-1', namespace: 'kube-system' }, spec: { containers: [{ command: ['sh', '-c', '/home/weave/launch.sh'] }] } }] }) },
      ],
    });
    const known = knownValues(db, bundleId, { k8sNames: false, words: [] });
    expect(known.names.get('difernan')).toBe('user');
    expect(known.names.get('salahalsaleh1993')).toBe('user');
    expect(known.names.has('weave')).toBe(false);
    expect(known.names.has('core')).toBe(false);
  });

  // A host called `vm`, `k1` was dropped (shorter than 3 characters) and so left as it is; a user
  // called `remote` was replaced wherever the word stood alone ("remote endpoint").
  it('keeps short host names and users named by a common word to be replaced where they stand as such', () => {
    const { db, bundleId } = workspaceWith({
      files: [
        { path: 'sos_commands/kernel/uname_-a', kind: 'uname', data: 'Linux vm 6.18.44-fc-v1300 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\n' },
        { path: 'sos_commands/host/hostname_-f', kind: 'text', data: 'k1.lab.example.org\n' },
        { path: 'sos_commands/process/ps_auxwww', kind: 'ps', data: 'USER PID COMMAND\nremote 4242 /home/remote/bin/sync\nalice 4243 /home/alice/bin/x\njenkins 4244 /home/jenkins/agent.jar\nmiclark 4245 /usr/bin/python /home/remote/miclark/.local/bin/powerline-daemon -q\n' },
      ],
    });
    const known = knownValues(db, bundleId, { k8sNames: false, words: [] });
    expect([...known.inContext!.hosts].sort()).toEqual(['k1', 'vm']);
    expect([...known.inContext!.users].sort()).toEqual(['jenkins', 'remote']);
    expect(known.names.get('alice')).toBe('user');
    // Under /home/remote/ (a folder named by a word), the next folder is the user.
    expect(known.names.get('miclark')).toBe('user');
    for (const word of ['vm', 'k1', 'remote', 'jenkins']) expect(known.names.has(word), word).toBe(false);
    expect(known.domains.has('lab.example.org')).toBe(true);
  });

  it('keeps a host named by a common word (a cloud image\'s `ubuntu`) to be replaced where it stands as the host', () => {
    const { db, bundleId } = workspaceWith({
      files: [{ path: 'sos_commands/kernel/uname_-a', kind: 'uname', data: 'Linux ubuntu 5.15.0-91-generic #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023 x86_64 GNU/Linux\n' }],
    });
    const known = knownValues(db, bundleId, { k8sNames: false, words: [] });
    expect([...known.inContext!.hosts]).toEqual(['ubuntu']);
    expect(known.names.has('ubuntu')).toBe(false);
  });
});
