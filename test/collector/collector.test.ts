/**
 * The collector against fake node trees (--root) and PATH stubs: what it must do when the node is
 * broken, the disk is full, a tool hangs or is missing, and secrets lie around.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEMO_K8S,
  FIXTURES,
  LOGS,
  PROCESSES,
  REPO,
  SCRIPT,
  STUBS,
  addProcess,
  busyboxBin,
  collect,
  have,
  ingest,
  isRoot,
  makeNodeTree,
  openBundle,
  sha256,
  statusText,
  tmpDir,
  unlistedOrWrong,
} from './fake-node';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});
function temp(prefix: string): string {
  const d = tmpDir(prefix);
  cleanup.push(d);
  return d;
}

/** A process's state letter, "Z" for a zombie nobody reaped yet, or "gone". */
function processState(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  } catch {
    return 'gone';
  }
}

const QUICK = ['--no-profiles', '--deadline', '60', '--step-timeout', '10'];

describe('a dead node read with --root, under each POSIX shell', () => {
  const shells: [string, string[]][] = [
    ['bash', ['bash']],
    ['dash', ['dash']],
    ['busybox ash', ['busybox', 'ash']],
  ];
  for (const [name, shell] of shells) {
    it(`${name}: writes a valid bundle of the tree, files only, live commands skipped`, async () => {
      const root = makeNodeTree();
      const out = temp('out');
      cleanup.push(root);
      const run = await collect(['--root', root, '--output', out, ...QUICK], { shell });
      expect(run.stderr).not.toMatch(/syntax error|not found|bad substitution|unexpected/i);
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^\/.*\/nodescope-worker-1-\d{8}T\d{6}Z\.tar\.gz$/);
      expect(lines[0]).toBe(sha256(fs.readFileSync(lines[1])));
      const b = openBundle(run.tarball!);
      expect(b.entries[0]).toMatch(/^nodescope-worker-1-\d{8}T\d{6}Z\/manifest\.json$/);
      expect(unlistedOrWrong(b)).toEqual([]);

      const m = b.manifest;
      expect(m.node).toMatchObject({ hostname: 'worker-1', kernel: '3.10.0-862.el7.x86_64', os: 'Ubuntu 22.04.4 LTS' });
      expect(m.node.cgroupVersion).toBe(1);
      expect(m.node.timezone).toBe('Asia/Shanghai');
      expect(m.collection.root).toBe(fs.realpathSync(root));
      expect(m.collection.options.noProfiles).toBe(true);

      // Files come from the tree, byte-exact, including through an absolute link inside it.
      expect(b.bytes('logs/messages')).toEqual(fs.readFileSync(path.join(LOGS, 'kubelet-journal-short-precise.log')));
      expect(b.item('logs/messages')).toMatchObject({ kind: 'syslog', source: '/var/log/messages', truncated: false });
      expect(b.text('etc/resolv.conf')).toContain('nameserver 127.0.0.53');
      expect(b.text('dns/kubelet-resolv.conf')).toContain('nameserver 10.0.0.2');
      expect(b.item('logs/dmesg.log').kind).toBe('dmesg');
      expect(b.text('node/timezone.txt').split('\n')[0]).toBe('Asia/Shanghai');
      expect(b.item('proc/stat').kind).toBe('proc-stat');
      expect(b.text('proc/cgroups')).toContain('65533');
      expect(b.text('runtime/containerd-config.toml')).toContain('sandbox_image');
      expect(b.item('node/nginx/nginx.conf').kind).toBe('nginx-config');
      const pod = 'logs/pods/kube-system_coredns-6d4b75cb6d-7xk2p_1f9a3c52-0b5e-4c4b-9a57-3f0c1e2d4b6a/coredns/0.log';
      expect(b.item(pod).kind).toBe('cri-log');
      // /var/log/containers links into /var/log/pods: not copied twice.
      expect(b.entries.some((e) => e.includes('logs/containers/'))).toBe(false);

      // Per-process data under the kernel's own names; ns as readlink prints it, without *_for_children.
      expect(b.bytes('proc/26235/status')).toEqual(statusText(PROCESSES.find((p) => p.pid === 26235)!));
      expect(b.text('proc/31337/stack')).toContain('iterate_supers');
      expect(b.text('proc/31337/ns').split('\n')).toContain('net:[4026532712]');
      expect(b.text('proc/31337/ns').match(/^pid:/gm)).toHaveLength(1);
      expect(b.text('proc/31337/fd-count').trim()).toBe('3');
      expect(b.bytes('proc/26235/cmdline').toString()).toBe('/usr/local/bin/kube-proxy\0--config=/var/lib/kube-proxy/config.conf\0--hostname-override=worker-1\0');
      expect(b.item('proc/31337/wchan').kind).toBe('proc-pid-wchan');

      // Everything that would ask the live machine is skipped, and says why.
      for (const p of ['node/uname.txt', 'network/iptables-save.txt', 'node/ss-listening.txt', 'k8s/nodes.json', 'runtime/crictl-ps.txt']) {
        expect(b.item(p).skipped).toMatch(/--root/);
      }
      expect(b.item('pprof').skipped).toMatch(/--root/);
      // nodescope reads what a dead node left, skipped items and all.
      const ingested = ingest(run.tarball!, path.join(out, 'workspace.db'));
      expect(ingested.stderr).toBe('');
      expect(ingested.bundles[0]).toMatchObject({ status: 'new', node: 'worker-1', incomplete: false, errors: [] });
    });
  }
});

describe('logs bigger than --max-log-bytes', () => {
  it('keep the newest whole lines of each source, newest file first, and record the cut and the original size', async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    fs.mkdirSync(path.join(root, 'var/log/journal'), { recursive: true });
    // An older rotation of /var/log/messages, and a gzipped rotation of a pod log.
    const older = path.join(root, 'var/log/messages-20261104');
    fs.writeFileSync(older, 'Nov  4 23:59:59 worker-1 kernel: the day before\n');
    fs.utimesSync(older, new Date('2026-11-04T23:59:59Z'), new Date('2026-11-04T23:59:59Z'));
    const podDir = path.join(root, 'var/log/pods/kube-system_coredns-6d4b75cb6d-7xk2p_1f9a3c52-0b5e-4c4b-9a57-3f0c1e2d4b6a/coredns');
    const rotated = '2026-11-04T09:50:27.000000001Z stdout F [INFO] CoreDNS-1.9.3 starting\n';
    fs.writeFileSync(path.join(podDir, '0.log.20261104-095027.gz'), zlib.gzipSync(rotated));
    fs.utimesSync(path.join(podDir, '0.log.20261104-095027.gz'), new Date('2026-11-04T09:50:27Z'), new Date('2026-11-04T09:50:27Z'));
    const out = temp('out');
    const run = await collect(['--root', root, '--output', out, ...QUICK, '--max-log-bytes', '10K'], {
      env: { ...process.env, PATH: `${path.join(STUBS, 'chatty')}:${process.env.PATH}` },
    });
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    expect(unlistedOrWrong(b)).toEqual([]);

    // Units are discovered from the journal, not from a fixed list.
    const units = b.manifest.items.filter((i) => i.kind === 'journal').map((i) => i.path).sort();
    expect(units).toEqual(['logs/journal/containerd.log', 'logs/journal/k3s-agent.log', 'logs/journal/kubelet.log']);
    const kubelet = b.item('logs/journal/kubelet.log');
    expect(kubelet).toMatchObject({ truncated: true, originalBytes: 408000 });
    expect(kubelet.bytes).toBeLessThanOrEqual(10240);
    const lines = b.text('logs/journal/kubelet.log').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines[lines.length - 1]).toMatch(/ line 003999 of the journal/);
    for (const l of lines) expect(l).toMatch(/^2026-11-05T09:\d\d:\d\d\.\d{6}\+0800 worker-1 kubelet\[2296\]: I1105 line \d{6} of the journal x{12}$/);

    // A copied file: its newest 10 KiB from a line start; the older rotation no longer fits.
    const fixture = fs.readFileSync(path.join(LOGS, 'kubelet-journal-short-precise.log'));
    const messages = b.item('logs/messages');
    expect(messages).toMatchObject({ truncated: true, originalBytes: fixture.length });
    const kept = b.bytes('logs/messages');
    expect(kept.length).toBeLessThanOrEqual(10240);
    expect(fixture.subarray(fixture.length - kept.length).equals(kept)).toBe(true);
    expect(fixture[fixture.length - kept.length - 1]).toBe(0x0a);
    expect(b.item('logs/messages-20261104').skipped).toMatch(/^older than the newest --max-log-bytes 10240/);

    // A rotated gzip is stored gunzipped, beside the current file.
    const rel = 'logs/pods/kube-system_coredns-6d4b75cb6d-7xk2p_1f9a3c52-0b5e-4c4b-9a57-3f0c1e2d4b6a/coredns';
    expect(b.text(`${rel}/0.log.20261104-095027`)).toBe(rotated);
    expect(b.item(`${rel}/0.log.20261104-095027`)).toMatchObject({ kind: 'cri-log', source: expect.stringMatching(/0\.log\.20261104-095027\.gz$/) });
    expect(b.has(`${rel}/0.log`)).toBe(true);
  });
});

describe('the journal of an old systemd (CentOS 7, systemd 219)', () => {
  it('is read with -o short-iso, which it knows (short-iso-precise came with systemd 234)', async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    fs.mkdirSync(path.join(root, 'var/log/journal'), { recursive: true });
    const out = temp('out');
    const run = await collect(['--root', root, '--output', out, ...QUICK], {
      env: { ...process.env, PATH: `${path.join(STUBS, 'chatty')}:${process.env.PATH}`, STUB_SYSTEMD: '219' },
    });
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    expect(b.item('logs/journal/kubelet.log').command).toMatch(/ -o short-iso --no-pager -u kubelet\.service$/);
  });
});

describe('planted secrets of every kind', () => {
  const secrets = {
    bearer: 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LWJlYXJlcg.Zm9vYmFyYmF6',
    clientKeyData: 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpTRUNSRVQtQ0xJRU5ULUtFWQ==',
    kubeconfigToken: 'abcdef.0123456789abcdef',
    pemBody: 'MIIEowIBAAKCAQEAsecretPEMbodyLineOnlyInTheKey0123456789',
    password: 'hunter2-db-password',
    envToken: 'ghp_S3cr3tT0k3nFromTheEnvironment',
    envSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY',
    flagToken: 'flag-token-0a1b2c3d4e5f',
    flagPassword: 'flag-password-spaced-9z8y',
    custom: 'ACME-CASE-20261105',
  };
  const certBody = 'MIIC5zCCAc+gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJlcm5ldGVz';

  const variants: [string, () => { shell?: string[]; env?: NodeJS.ProcessEnv }][] = [
    ['dash with the system awk', () => ({})],
    ['busybox ash with busybox awk, sed, grep and tr', () => {
      const bin = busyboxBin(temp('bb'));
      return { shell: [path.join(bin, 'ash')], env: { PATH: bin, HOME: bin } };
    }],
  ];
  for (const [name, runner] of variants) it.skipIf(name.startsWith('busybox') && !have('busybox'))(`${name}: never reach the tarball, and each redaction is counted by file and rule`, async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    const w = (rel: string, text: string | Buffer): void => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    fs.appendFileSync(
      path.join(root, 'var/log/messages'),
      `Nov 10 14:18:02.000001 worker-1 kubenswrapper[2296]: I1110 round_trippers.go:466] curl -v -XGET -H "Authorization: Bearer ${secrets.bearer}" 'https://10.0.0.1:6443/api'\n` +
        `Nov 10 14:18:03.000001 worker-1 app[42]: GITHUB_TOKEN=${secrets.envToken} AWS_SECRET_ACCESS_KEY=${secrets.envSecret}\n` +
        `Nov 10 14:18:04.000001 worker-1 ticket[7]: escalated as ${secrets.custom}\n`,
    );
    w(
      'etc/kubernetes/kubelet.conf',
      `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${certBody}\n    server: https://10.0.0.1:6443\n  name: default\n` +
        `users:\n- name: default-auth\n  user:\n    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n` +
        `    client-key-data: ${secrets.clientKeyData}\n    token: ${secrets.kubeconfigToken}\n`,
    );
    w(
      'etc/kubernetes/manifests/kube-apiserver.yaml',
      `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --token-auth-file=/etc/kubernetes/tokens.csv\n` +
        `    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\n    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key\n` +
        `    - --etcd-password=${secrets.password}\n    env:\n    - name: DB_PASSWORD\n      value: ${secrets.password}\n`,
    );
    w(
      'etc/nginx/conf.d/tls.conf',
      `# pasted by someone in a hurry\n-----BEGIN CERTIFICATE-----\n${certBody}\n-----END CERTIFICATE-----\n` +
        `-----BEGIN RSA PRIVATE KEY-----\n${secrets.pemBody}\n${secrets.pemBody}\n-----END RSA PRIVATE KEY-----\nserver { listen 443 ssl; }\n`,
    );
    addProcess(root, {
      pid: 4242,
      comm: 'kube-apiserver',
      state: 'S',
      cmdline: ['kube-apiserver', `--token=${secrets.flagToken}`, '--basic-password', secrets.flagPassword, '--secure-port=6443'],
      wchan: 'ep_poll',
      stack: '',
    });
    // Odd but legal file names: the manifest must still name them exactly (JSON escapes, sha256sum's "\\" marker).
    w('etc/nginx/conf.d/we"ird\\name.conf', 'server { listen 8080; }\n');
    w("etc/nginx/conf.d/sp ace's.conf", `proxy_set_header Authorization "Bearer ${secrets.bearer}";\n`);
    const docker = 'var/lib/docker/containers/0123abcd/0123abcd-json.log';
    w(docker, `{"log":"connecting with password=${secrets.password}\\n","stream":"stderr","time":"2026-11-05T09:50:27.583544123Z"}\n`);

    const out = temp('out');
    const run = await collect(['--root', root, '--output', out, ...QUICK, '--redact-pattern', 'ACME-CASE-[0-9]+'], runner());
    expect(run.code).toBe(0);

    // The whole tarball, decompressed, holds none of them.
    const tar = zlib.gunzipSync(fs.readFileSync(run.tarball!)).toString('latin1');
    for (const [kind, value] of Object.entries(secrets)) {
      expect(tar.includes(value), `${kind} leaked`).toBe(false);
    }
    const b = openBundle(run.tarball!);
    expect(unlistedOrWrong(b)).toEqual([]);
    // Public parts and file paths stay.
    expect(b.text('node/nginx/conf.d/tls.conf')).toContain(certBody);
    expect(b.text('node/kubernetes/kubelet.conf')).toContain(`certificate-authority-data: ${certBody}`);
    expect(b.text('node/kubernetes/manifests/kube-apiserver.yaml')).toContain('--token-auth-file=/etc/kubernetes/tokens.csv');
    expect(b.text('node/kubernetes/manifests/kube-apiserver.yaml')).toContain('--tls-private-key-file=/etc/kubernetes/pki/apiserver.key');
    expect(b.text('node/kubernetes/manifests/kube-apiserver.yaml')).toContain('--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key');
    expect(b.bytes('proc/4242/cmdline').toString()).toBe('kube-apiserver\0--token=REDACTED\0--basic-password\0REDACTED\0--secure-port=6443\0');
    // The patterns themselves are not in the manifest: only how many there were.
    expect(b.manifest.collection.options.redactPatterns).toBe(1);

    const counted = (p: string, rule: string): number =>
      b.manifest.redactions!.filter((r) => r.path === p && r.rule === rule).reduce((n, r) => n + r.count, 0);
    expect(counted('logs/messages', 'bearer-token')).toBe(1);
    expect(counted('logs/messages', 'env-secret')).toBe(2);
    expect(counted('logs/messages', 'redact-pattern-1')).toBe(1);
    expect(counted('node/kubernetes/kubelet.conf', 'kubeconfig-credential')).toBe(2);
    expect(counted('node/kubernetes/manifests/kube-apiserver.yaml', 'cli-flag')).toBe(1);
    expect(counted('node/kubernetes/manifests/kube-apiserver.yaml', 'env-secret')).toBe(1);
    expect(counted('node/nginx/conf.d/tls.conf', 'private-key')).toBe(1);
    expect(counted('proc/4242/cmdline', 'cli-flag')).toBe(2);
    expect(counted('logs/docker/0123abcd-json.log', 'password')).toBe(1);
    expect(b.item('logs/docker/0123abcd-json.log').kind).toBe('docker-json-log');
    expect(b.item('node/nginx/conf.d/we"ird\\name.conf').sha256).toBe(sha256(Buffer.from('server { listen 8080; }\n')));
    expect(counted("node/nginx/conf.d/sp ace's.conf", 'bearer-token')).toBe(1);
  });
});

describe('a tool that never returns', () => {
  const env = (pids: string): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${path.join(STUBS, 'hang')}:${process.env.PATH}`, STUB_PIDS: pids });

  it('is cut by the per-step timeout and killed, with the rest collected and a blocked /proc read abandoned', async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    fs.mkdirSync(path.join(root, 'var/log/journal'), { recursive: true });
    // A /proc file whose read blocks forever, as with a D-state process: a FIFO nobody writes.
    fs.rmSync(path.join(root, 'proc/31337/wchan'));
    spawnSync('mkfifo', [path.join(root, 'proc/31337/wchan')]);
    const out = temp('out');
    const pids = path.join(out, 'stub-pids');
    const run = await collect(['--root', root, '--output', out, '--no-profiles', '--deadline', '90', '--step-timeout', '3'], {
      env: env(pids),
    });
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    const journal = b.item('logs/journal/kubelet.log');
    expect(journal.timedOut).toBe(true);
    expect(journal.command).toContain('journalctl --directory');
    expect(b.text('logs/journal/kubelet.log')).toContain('Logs begin at');
    expect(b.manifest.collection.deadlineReached).toBe(false);
    // The stub ignored SIGTERM: it was killed anyway.
    for (const pid of fs.readFileSync(pids, 'utf8').trim().split('\n')) {
      expect(processState(pid), `stub ${pid}`).toMatch(/^(gone|Z)$/);
    }
    expect(b.item('proc/31337/wchan')).toMatchObject({ timedOut: true, skipped: expect.stringMatching(/blocked/) });
    // The files after the blocked one, and the logs after the hung journal, are there.
    expect(b.text('proc/31337/stack')).toContain('sys_sync');
    expect(b.has('logs/messages')).toBe(true);
    expect(unlistedOrWrong(b)).toEqual([]);
  });

  it.skipIf(!have('busybox') || !have('dash'))('is cut by the collector\'s own watchdog on a node without a timeout binary', async () => {
    const bin = busyboxBin(temp('no-timeout-bin'), ['timeout']);
    fs.symlinkSync(path.join(STUBS, 'hang', 'journalctl'), path.join(bin, 'journalctl'));
    const root = makeNodeTree();
    cleanup.push(root);
    fs.mkdirSync(path.join(root, 'var/log/journal'), { recursive: true });
    const out = temp('out');
    const run = await collect(['--root', root, '--output', out, '--no-profiles', '--deadline', '60', '--step-timeout', '3'], {
      shell: [spawnSync('sh', ['-c', 'command -v dash'], { encoding: 'utf8' }).stdout.trim()],
      env: { PATH: bin, HOME: out, STUB_PIDS: path.join(out, 'stub-pids') },
    });
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    expect(b.text('collector.log')).toMatch(/no usable 'timeout': steps are bounded by the collector's own watchdog/);
    expect(b.item('logs/journal/kubelet.log').timedOut).toBe(true);
    expect(b.text('logs/journal/kubelet.log')).toContain('Logs begin at');
    for (const pid of fs.readFileSync(path.join(out, 'stub-pids'), 'utf8').trim().split('\n')) {
      expect(processState(pid), `stub ${pid}`).toMatch(/^(gone|Z)$/);
    }
    expect(b.has('logs/messages')).toBe(true);
    expect(unlistedOrWrong(b)).toEqual([]);
  });

  it('is cut by --deadline: the run ends on time and the tarball is still valid', async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    fs.mkdirSync(path.join(root, 'var/log/journal'), { recursive: true });
    const out = temp('out');
    const deadline = 10;
    const run = await collect(['--root', root, '--output', out, '--no-profiles', '--deadline', String(deadline), '--step-timeout', '600'], {
      env: env(path.join(out, 'stub-pids')),
    });
    expect(run.code).toBe(0);
    // The stub would run for ever; the run ended at its deadline (the margin is for a busy test machine).
    expect(run.ms).toBeLessThan((deadline + 10) * 1000);
    const b = openBundle(run.tarball!);
    const m = b.manifest;
    expect(m.collection.deadlineReached).toBe(true);
    expect(Date.parse(m.collection.endedAt) - Date.parse(m.collection.startedAt)).toBeLessThanOrEqual(deadline * 1000);
    expect(b.item('logs/journal/kubelet.log').timedOut).toBe(true);
    expect(m.items.filter((i) => i.skipped?.startsWith('deadline reached')).map((i) => i.path)).toContain('logs/messages');
    expect(run.stderr).toMatch(/deadline reached/);
    expect(unlistedOrWrong(b)).toEqual([]);
  });
});

describe('a control-plane node whose API answers (kubectl and crictl stubs serving captured data)', () => {
  it('holds the Kubernetes view, the Corefile and the API server profiles; a refused kubelet is "unauthorised"', async () => {
    const out = temp('out');
    const kubeconfig = path.join(out, 'admin.conf');
    fs.writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
    const log = path.join(out, 'kubectl.log');
    const run = await collect(
      ['--output', out, '--kubeconfig', kubeconfig, '--profile-seconds', '1', '--sample-seconds', '1', '--max-processes', '3', '--deadline', '60', '--step-timeout', '10'],
      { env: { ...process.env, PATH: `${path.join(STUBS, 'cluster')}:${process.env.PATH}`, STUB_LOG: log, STUB_FIXTURES: FIXTURES, STUB_K8S: DEMO_K8S } },
    );
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    expect(unlistedOrWrong(b)).toEqual([]);
    expect(b.bytes('k8s/nodes.json')).toEqual(fs.readFileSync(path.join(DEMO_K8S, 'nodes.json')));
    expect(b.item('k8s/nodes.json')).toMatchObject({ kind: 'k8s-nodes', exitCode: 0 });
    expect(b.bytes('k8s/events.json')).toEqual(fs.readFileSync(path.join(DEMO_K8S, 'events.json')));
    expect(b.item('k8s/pods.json').command).toMatch(/get pods -A -o json --field-selector spec\.nodeName=\S+/);
    expect(b.text('dns/Corefile')).toContain('harbor.example.cn');
    expect(b.item('dns/Corefile').kind).toBe('corefile');
    // The API server's profiles came through kubectl get --raw, byte for byte.
    const heap = b.item('pprof/kube-apiserver/heap.pb.gz');
    expect(heap).toMatchObject({ kind: 'pprof', skipped: null, command: 'kubectl get --raw /debug/pprof/heap' });
    expect(heap.sha256).toBe(sha256(fs.readFileSync(path.join(FIXTURES, 'etcd-3.4.23/heap.pb.gz'))));
    expect(b.item('pprof/kube-apiserver/cpu.pb.gz').command).toBe('kubectl get --raw /debug/pprof/profile?seconds=1');
    expect(b.text('pprof/kube-apiserver/goroutine-debug2.txt')).toMatch(/^goroutine \d+ \[/m);
    // The kubelet refused the node proxy: a status, not an error.
    expect(b.item('pprof/kubelet/cpu.pb.gz')).toMatchObject({ status: 'unauthorised', skipped: 'unauthorised' });
    expect(b.manifest.node.containerRuntime).toBe('containerd://1.7.2');
    expect(b.text('runtime/crictl-ps.txt')).toContain('coredns');
    expect(b.item('runtime/crictl-info.json').kind).toBe('crictl-info');
    // Never Secrets.
    expect(fs.readFileSync(log, 'utf8')).not.toMatch(/secret/i);
    const ingested = ingest(run.tarball!, path.join(out, 'workspace.db'));
    expect(ingested.stderr).toBe('');
    expect(ingested.bundles[0]).toMatchObject({ status: 'new', incomplete: false, errors: [] });
  });
});

describe('a kube-proxy node\'s iptables (a private network namespace with a kube-proxy-shaped ruleset)', () => {
  const canUnshare = isRoot() && have('iptables-restore') && spawnSync('unshare', ['--net', 'true']).status === 0;
  it.skipIf(!canUnshare)('are saved with counters from both the default and the nft binary, and ingested', async () => {
    const out = temp('out');
    const rules = path.join(REPO, 'test/fixtures/network/kube-proxy-demo.iptables-restore.txt');
    const run = await collect(['--output', out, '--no-profiles', '--sample-seconds', '1', '--max-processes', '2', '--deadline', '60', '--step-timeout', '10'], {
      shell: ['unshare', '--net', 'sh', '-c', 'iptables-restore < "$0" && exec sh "$@"', rules],
    });
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    const saved = b.text('network/iptables-save.txt');
    expect(saved).toMatch(/^# Generated by iptables-save v[\d.]+/);
    expect(saved).toMatch(/^:KUBE-SERVICES - \[\d+:\d+\]$/m);
    expect(saved).toMatch(/^\[\d+:\d+\] -A KUBE-SERVICES .* -j KUBE-SVC-/m);
    expect(b.item('network/iptables-save.txt')).toMatchObject({ kind: 'iptables-save', exitCode: 0, command: 'iptables-save -c' });
    if (have('iptables-nft-save')) expect(b.text('network/iptables-nft-save.txt')).toContain('-A KUBE-SERVICES');
    const ingested = ingest(run.tarball!, path.join(out, 'workspace.db'));
    expect(ingested.bundles[0]).toMatchObject({ status: 'new', incomplete: false, errors: [] });
  });
});

describe('missing tools, on a node with busybox only', () => {
  it.skipIf(!have('busybox'))('are skipped with reasons, and the bundle is still written', async () => {
    const bin = busyboxBin(temp('busybox-bin'));
    const out = temp('out');
    const run = await collect(
      ['--output', out, '--no-profiles', '--deadline', '60', '--step-timeout', '5', '--max-processes', '5', '--sample-seconds', '1'],
      { shell: [path.join(bin, 'ash')], env: { PATH: bin, HOME: out } },
    );
    expect(run.stderr).not.toMatch(/syntax error|bad substitution/i);
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    expect(unlistedOrWrong(b)).toEqual([]);
    for (const [p, tool] of [
      ['runtime/crictl-ps.txt', 'crictl'],
      ['network/iptables-save.txt', 'iptables-save'],
      ['network/ip6tables-save.txt', 'ip6tables-save'],
    ]) {
      expect(b.item(p).skipped).toBe(`${tool} is not installed`);
    }
    expect(b.item('k8s/nodes.json').skipped).toBe('kubectl is not installed');
    expect(b.item('logs/journal').skipped).toBe('journalctl is not installed');
    // What busybox has was collected from the live machine: two /proc/stat samples among them.
    expect(b.text('proc/stat.1')).toMatch(/^cpu /);
    expect(b.text('proc/stat.2')).toMatch(/^cpu /);
    expect(b.item('node/uname.txt').exitCode).toBe(0);
    expect(b.manifest.items.filter((i) => /^proc\/\d+\/status$/.test(i.path) && !i.skipped)).toHaveLength(5);
    const ns = b.manifest.items.find((i) => /^proc\/\d+\/ns$/.test(i.path) && !i.skipped)!;
    expect(b.text(ns.path)).toMatch(/^net:\[\d+\]$/m);
  });
});

describe('a run as an ordinary user', () => {
  const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  // (A checkout under /root is not readable by nobody: then there is nothing to run.)
  const canDrop = isRoot() && have('setpriv') && spawnSync(asNobody[0], [...asNobody.slice(1), 'test', '-r', SCRIPT]).status === 0;
  it.skipIf(!canDrop)('collects what it can and says, per item, what it could not read and why', async () => {
    const out = temp('out');
    fs.chmodSync(out, 0o777);
    const run = await collect(['--output', out, '--no-profiles', '--sample-seconds', '1', '--max-processes', '3', '--deadline', '60', '--step-timeout', '10'], {
      shell: [...asNobody, 'sh'],
    });
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    expect(unlistedOrWrong(b)).toEqual([]);
    expect(b.manifest.collection.user).not.toBe('root');
    // The init process belongs to root: its kernel stack and open files are not ours to read.
    expect(b.item('proc/1/stack').skipped).toMatch(/Permission denied|Operation not permitted/);
    expect(b.item('proc/1/fd-count').skipped).toMatch(/^\/proc\/1\/fd is not readable by /);
    expect(b.text('proc/1/status')).toMatch(/^Name:/m);
    expect(b.text('proc/stat.2')).toMatch(/^cpu /);
  });
});

describe('a full output disk', () => {
  const canMount = isRoot() && spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d"']).status === 0;
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) spawnSync('umount', [m]);
  });
  function tinyDisk(size: string): string {
    const d = temp('disk');
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', d], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    mounts.push(d);
    return d;
  }

  it.skipIf(!canMount)('is refused before anything is written, naming the device and the space', async () => {
    const out = tinyDisk('2m');
    const root = makeNodeTree();
    cleanup.push(root);
    const run = await collect(['--root', root, '--output', out, ...QUICK]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`not enough free space in ${out} \\(tmpfs mounted on ${out}\\): 2 MB free, at least 100 MB needed`));
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it.skipIf(!canMount)('filling up while writing: the item that filled it is dropped, collection stops, the bundle says so', async () => {
    const out = tinyDisk('4m');
    const root = makeNodeTree();
    cleanup.push(root);
    // 8 MB of log that does not compress: more than the disk holds.
    const noise = Buffer.alloc(8 << 20);
    for (let i = 0; i < noise.length; i += 4) noise.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, i);
    fs.writeFileSync(path.join(root, 'var/log/messages'), noise.toString('base64').slice(0, 8 << 20));
    const run = await collect(['--root', root, '--output', out, ...QUICK, '--min-free-mb', '1', '--max-log-bytes', '64M']);
    expect(run.stderr).toMatch(/output disk full: \d+ KB left on tmpfs/);
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    expect(b.item('logs/messages').skipped).toMatch(/^output disk full/);
    expect(b.has('logs/messages')).toBe(false);
    expect(b.item('runtime/containerd-config.toml').skipped).toMatch(/^output disk full/);
    expect(unlistedOrWrong(b)).toEqual([]);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.nodescope-tmp'))).toEqual([]);
  });
});

describe('an interrupted run', () => {
  it('removes its staging folder, which may hold unredacted data, and says so', async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    fs.mkdirSync(path.join(root, 'var/log/journal'), { recursive: true });
    const out = temp('out');
    let pid = 0;
    const running = collect(['--root', root, '--output', out, '--no-profiles', '--deadline', '120', '--step-timeout', '100'], {
      env: { ...process.env, PATH: `${path.join(STUBS, 'hang')}:${process.env.PATH}` },
      onStart: (p) => (pid = p),
    });
    // Wait until it is stuck in the hung journal, its staging folder full of data.
    for (let i = 0; i < 100 && !fs.readdirSync(out).some((f) => f.startsWith('.nodescope-tmp')); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(pid, 'SIGTERM');
    const run = await running;
    expect(run.code).toBe(143);
    expect(run.stderr).toMatch(/interrupted \(SIGTERM\): removed the staging folder .*not yet redacted; no bundle was written/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('the script itself', () => {
  it.skipIf(!have('shellcheck'))('is shellcheck clean as POSIX sh', () => {
    const r = spawnSync('shellcheck', ['-s', 'sh', SCRIPT], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('answers --help and --version, and refuses bad options with exit 2', () => {
    const help = spawnSync('sh', [SCRIPT, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--deadline SECONDS/);
    const version = spawnSync('sh', [SCRIPT, '--version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/^nodescope-collect \S+ \(bundle format 1\)/);
    const bad = spawnSync('sh', [SCRIPT, '--deadline', 'soon'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--deadline wants a whole number, got 'soon'/);
    const ftp = spawnSync('sh', [SCRIPT, '--endpoint', 'x=ftp://10.0.0.1'], { encoding: 'utf8' });
    expect(ftp.status).toBe(2);
    expect(ftp.stderr).toMatch(/--endpoint wants NAME=http\(s\):\/\/HOST:PORT or NAME=unix:\/\/\/path\/to\.sock\[:\/prefix\]/);
    expect(help.stdout).toMatch(/unix:\/\/\/path\/to\.sock/);
  });
});
