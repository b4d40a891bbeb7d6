/**
 * The collector on hostile node trees (--root): links and config paths that point out of the tree,
 * a gzip bomb under a short --deadline, a sparse 5 GiB log. Nothing of the analysing machine may
 * reach the bundle; every refusal is recorded; sizes are exact integers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, makeNodeTree, openBundle, tmpDir, unlistedOrWrong } from './fake-node';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});
function temp(prefix: string): string {
  const d = tmpDir(prefix);
  cleanup.push(d);
  return d;
}
const QUICK = ['--no-profiles', '--deadline', '60', '--step-timeout', '10'];
const UP = '../../../../../../../../../..';

function link(root: string, rel: string, target: string): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.rmSync(p, { force: true });
  fs.symlinkSync(target, p);
}
function put(root: string, rel: string, text: string | Buffer): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}
/** Lines of a file of this machine that must never reach a bundle (empty when unreadable). */
function hostLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length >= 8);
  } catch {
    return [];
  }
}
/** A gzip file of this machine (Debian keeps changelogs gzipped), or null. */
function hostGzip(): string | null {
  const doc = '/usr/share/doc';
  if (!fs.existsSync(doc)) return null;
  for (const d of fs.readdirSync(doc)) {
    const f = path.join(doc, d, 'changelog.Debian.gz');
    if (fs.existsSync(f) && fs.statSync(f).size > 200) return f;
  }
  return null;
}

describe('a node tree whose links and config paths lead out of --root', () => {
  for (const shell of [['dash'], ['busybox', 'ash']]) {
    it(`${shell.join(' ')}: reads none of this machine's files, refuses and records each escape`, async () => {
      const root = makeNodeTree();
      cleanup.push(root);
      // The three forms: a config path with '..' above the top, relative links at depth.
      put(root, 'var/lib/kubelet/config.yaml', `kind: KubeletConfiguration\nresolvConf: "/${UP}/etc/shadow"\n`);
      link(root, 'var/log/containers/x.log', `${UP}/etc/shadow`);
      link(root, 'var/log/dmesg', `${UP}/etc/passwd`);
      // An absolute link with '..' in it, a chain of links, a link to a folder out of the tree.
      link(root, 'etc/nginx/conf.d/evil.conf', `/${UP}/etc/shadow`);
      link(root, 'var/log/syslog', 'syslog.a');
      link(root, 'var/log/syslog.a', 'cache/../syslog.b');
      fs.mkdirSync(path.join(root, 'var/log/cache'), { recursive: true });
      link(root, 'var/log/syslog.b', `../${UP}/etc/passwd`);
      link(root, 'var/log/pods/ns_evil_0000/c', `${UP}/etc`);
      link(root, 'var/lib/docker/containers', `${UP}/var/log`);
      // Files read before anything else: the node's name and time zone.
      link(root, 'etc/hostname', `${UP}/etc/hostname`);
      fs.rmSync(path.join(root, 'etc/localtime'));
      link(root, 'etc/timezone', `${UP}/etc/passwd`);
      // Per-process files, and a whole process folder that is this machine's own process.
      link(root, 'proc/26235/status', `${UP}/etc/shadow`);
      link(root, 'proc/4444', `${UP}/proc/self`);
      link(root, 'etc/kubernetes/manifests/kube-apiserver.yaml', `${UP}/etc/shadow`);
      link(root, 'etc/containerd/config.toml', '/etc/../../../etc/shadow');
      const gz = hostGzip();
      if (gz) link(root, 'var/log/messages.1.gz', `${UP}${gz}`);

      const out = temp('out');
      const run = await collect(['--root', root, '--output', out, ...QUICK], { shell });
      expect(run.stderr).not.toMatch(/syntax error|bad substitution|unexpected/i);
      expect(run.code).toBe(0);
      const tar = zlib.gunzipSync(fs.readFileSync(run.tarball!)).toString('latin1');
      const secret = [...hostLines('/etc/shadow'), ...hostLines('/etc/passwd')];
      expect(secret.length).toBeGreaterThan(0);
      for (const line of secret) expect(tar.includes(line), `a line of this machine leaked: ${line.slice(0, 12)}…`).toBe(false);
      if (gz) {
        const host = zlib.gunzipSync(fs.readFileSync(gz)).toString('latin1').split('\n').filter((l) => l.length > 20).slice(0, 5);
        for (const line of host) expect(tar.includes(line)).toBe(false);
      }
      const b = openBundle(run.tarball!);
      cleanup.push(b.dir);
      expect(unlistedOrWrong(b)).toEqual([]);
      expect(b.manifest.node.hostname).toBe('unknown');
      expect(b.text('node/timezone.txt').split('\n')[0]).toBe('unknown');
      const refused = b.manifest.items.filter((i) => i.status === 'refused');
      const paths = refused.map((i) => i.path);
      for (const p of [
        'dns/kubelet-resolv.conf',
        'logs/containers/x.log',
        'logs/dmesg.log',
        'node/nginx/conf.d/evil.conf',
        'logs/syslog',
        'proc/26235/status',
        'proc/4444/stat',
        'node/kubernetes/manifests/kube-apiserver.yaml',
        'runtime/containerd-config.toml',
        'logs/docker',
        'logs/pods/ns_evil_0000/c',
      ]) {
        expect(paths, p).toContain(p);
      }
      if (gz) expect(paths).toContain('logs/messages.1');
      for (const r of refused) expect(r.skipped).toMatch(/^refused: .* leads outside --root/);
      // Not even the names of this machine's files: a folder link out of the tree is refused before it is listed.
      expect(b.manifest.items.filter((i) => i.path.startsWith('logs/pods/ns_evil_0000/')).map((i) => i.path)).toEqual(['logs/pods/ns_evil_0000/c']);
      // The tree's own files are still read, through links that stay inside it.
      expect(b.text('etc/resolv.conf')).toContain('nameserver 127.0.0.53');
      expect(b.text('proc/31337/stack')).toContain('iterate_supers');
      // The operator is told.
      expect(run.stderr).toMatch(/refused/);
    });
  }
});

describe('exact sizes and bounded decompression', () => {
  it('a 5 GiB sparse log is listed with its exact size, its newest bytes kept', async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    const f = path.join(root, 'var/log/kern.log');
    fs.writeFileSync(f, '');
    execFileSync('truncate', ['-s', '5G', f]);
    const last = "\nNov 10 14:18:02 worker-1 kernel: the last line\n";
    fs.appendFileSync(f, last);
    const size = fs.statSync(f).size;
    expect(size).toBe(5 * 1024 ** 3 + last.length);
    const out = temp('out');
    const run = await collect(['--root', root, '--output', out, ...QUICK, '--max-log-bytes', '1M']);
    expect(run.code).toBe(0);
    const b = openBundle(run.tarball!);
    cleanup.push(b.dir);
    const raw = fs.readFileSync(path.join(b.top, 'manifest.json'), 'utf8');
    expect(raw).toContain(`"originalBytes":${size},`);
    expect(raw).not.toMatch(/\d e\+\d|\de\+\d/);
    expect(b.item('logs/kern.log')).toMatchObject({ originalBytes: size, truncated: true });
    expect(b.text('logs/kern.log').endsWith('the last line\n')).toBe(true);
  });

  it('a gzip bomb (6 GiB of zeros in 6 MB) under --deadline 20 ends within the deadline, recorded as not collected', async () => {
    const root = makeNodeTree();
    cleanup.push(root);
    // Concatenated gzip members decompress one after the other: 96 x 64 MiB.
    const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const fd = fs.openSync(path.join(root, 'var/log/messages.1.gz'), 'w');
    for (let i = 0; i < 96; i++) fs.writeSync(fd, member);
    fs.closeSync(fd);
    const out = temp('out');
    // --max-log-bytes 200M: the byte bound (32 x 200M) is beyond 6 GiB; only the time bound can stop it.
    const run = await collect(['--root', root, '--output', out, '--no-profiles', '--deadline', '20', '--max-log-bytes', '200M']);
    expect(run.code).toBe(0);
    // The deadline includes the reserve kept for redaction and packing; 2 s for process start and exit.
    expect(run.ms).toBeLessThan(22_000);
    const b = openBundle(run.tarball!);
    cleanup.push(b.dir);
    const it = b.item('logs/messages.1');
    expect(it.skipped).toMatch(/decompressing did not end within|deadline reached/);
    expect(b.has('logs/messages.1')).toBe(false);
    // With the default byte bound the same file is refused as a bomb, quickly.
    const out2 = temp('out');
    const run2 = await collect(['--root', root, '--output', out2, ...QUICK, '--max-log-bytes', '4M']);
    const b2 = openBundle(run2.tarball!);
    cleanup.push(b2.dir);
    expect(b2.item('logs/messages.1').skipped).toMatch(/decompresses to more than 134217728 bytes/);
  }, 60_000);
});
