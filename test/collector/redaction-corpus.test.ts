/**
 * The redaction table (collector/README.md) against a corpus of 44 credential forms planted where
 * they are found on real nodes: logs, a rotated .gz log, containerd's config.toml, docker's
 * config.json, nginx, a kubeconfig, a static pod manifest, a daemon's command line and environment.
 * Every planted value must be absent from the tarball, and the manifest must count each redaction
 * by file and rule, exactly.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { addProcess, busyboxBin, collect, have, makeNodeTree, openBundle, tmpDir, unlistedOrWrong } from './fake-node';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

type Where = 'syslog' | 'gz' | 'containerd' | 'docker-config' | 'nginx' | 'kubeconfig' | 'manifest' | 'cmdline' | 'environ';
interface Form {
  where: Where;
  rule: string;
  value: string;
  /** The line(s) as found on a node; for cmdline and environ, NUL-separated entries. */
  text: (v: string) => string[];
}

const FORMS: Form[] = [
  { where: 'syslog', rule: 'bearer-token', value: 'Zm9vYmFyYmF6-bearer-01', text: (v) => [`curl -H "Authorization: Bearer ${v}" https://10.0.0.1:6443/api`] },
  { where: 'syslog', rule: 'basic-auth', value: 'dXNlcjpzM2NyZXQwMg==', text: (v) => [`request header Authorization: Basic ${v}`] },
  { where: 'nginx', rule: 'basic-auth', value: 'YWRtaW46czNjcmV0MDM=', text: (v) => [`proxy_set_header Authorization "Basic ${v}";`] },
  { where: 'syslog', rule: 'url-password', value: 'Pa55-url-04', text: (v) => [`git fetch https://deploy:${v}@git.example.com/repo.git`] },
  { where: 'containerd', rule: 'url-password', value: 'Pa55-mirror-05', text: (v) => [`  endpoint = ["https://mirror:${v}@harbor.example.cn"]`] },
  { where: 'containerd', rule: 'registry-auth', value: 'bWlycm9yOnMzY3JldDA2', text: (v) => [`  auth = "${v}"`] },
  { where: 'containerd', rule: 'registry-auth', value: 'idtok-0000-secret-07', text: (v) => [`  identitytoken = "${v}"`] },
  { where: 'syslog', rule: 'registry-auth', value: 'aGFyYm9yOnMzY3JldDA4', text: (v) => [`saved {"auths":{"harbor.example.cn":{"auth":"${v}"}}}`] },
  { where: 'docker-config', rule: 'registry-auth', value: 'ZG9ja2VyOnMzY3JldDA5', text: (v) => [`      "auth": "${v}"`] },
  { where: 'syslog', rule: 'secret-key', value: 'wJalrXUtnFEMIK7MDENGbPxRfiCY10', text: (v) => [`aws_secret_access_key = ${v}`] },
  { where: 'syslog', rule: 'header-secret', value: 'xauth-token-value-11', text: (v) => [`sending X-Auth-Token: ${v}`] },
  { where: 'syslog', rule: 'jwt', value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMiJ9.c2lnbmF0dXJlMTI', text: (v) => [`refreshing token ${v} for sa default`] },
  { where: 'syslog', rule: 'password', value: 'pwd-value-13', text: (v) => [`db connect host=db pwd=${v} sslmode=disable`] },
  { where: 'syslog', rule: 'secret-key', value: 'apikey-value-14', text: (v) => [`config {"apiKey": "${v}"}`] },
  { where: 'manifest', rule: 'secret-key', value: 'xs15', text: (v) => [`  secret: ${v}`] },
  { where: 'manifest', rule: 'key-data', value: 'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tMTY=', text: (v) => [`  tls.key: ${v}`] },
  { where: 'gz', rule: 'private-key', value: 'lQOYBGPGPprivatekeyBody17', text: (v) => ['-----BEGIN PGP PRIVATE KEY BLOCK-----', '', v, '=Ab17', '-----END PGP PRIVATE KEY BLOCK-----'] },
  { where: 'manifest', rule: 'cli-flag', value: 'basic-auth-pass-18', text: (v) => ['    - --basic-auth-password', `    - ${v}`] },
  { where: 'environ', rule: 'env-secret', value: 'db-pass-19', text: (v) => [`DB_PASS=${v}`] },
  { where: 'kubeconfig', rule: 'kubeconfig-credential', value: 'LS0tLS1CRUdJTiBSU0EgS0VZMjA=', text: (v) => [`    client-key-data: ${v}`] },
  { where: 'kubeconfig', rule: 'kubeconfig-credential', value: 'kubeconfig-token-21', text: (v) => [`    token: ${v}`] },
  { where: 'manifest', rule: 'password', value: 'yaml-password-22', text: (v) => [`  password: ${v}`] },
  { where: 'nginx', rule: 'bearer-token', value: 'nginx-bearer-token-23', text: (v) => [`proxy_set_header Authorization "Bearer ${v}";`] },
  { where: 'syslog', rule: 'private-key', value: 'MIIEowIBAAKCAQEA24pem', text: (v) => ['-----BEGIN RSA PRIVATE KEY-----', v, '-----END RSA PRIVATE KEY-----'] },
  { where: 'cmdline', rule: 'cli-flag', value: 'cmdline-token-25', text: (v) => [`--token=${v}`] },
  { where: 'cmdline', rule: 'cli-flag', value: 'cmdline-pass-26', text: (v) => ['--password', v] },
  { where: 'environ', rule: 'env-secret', value: 'AwsSecretUpper27xyz', text: (v) => [`AWS_SECRET_ACCESS_KEY=${v}`] },
  { where: 'manifest', rule: 'env-secret', value: 'env-pair-value-28', text: (v) => ['    - name: API_TOKEN', `      value: ${v}`] },
  { where: 'syslog', rule: 'bootstrap-token', value: 'q29zzz.0123456789q29zzz', text: (v) => [`kubeadm join 10.0.0.1:6443 with ${v} accepted`] },
  { where: 'gz', rule: 'bearer-token', value: 'gz-bearer-token-30', text: (v) => [`Authorization: Bearer ${v}`] },
  { where: 'gz', rule: 'password', value: 'gz-password-31', text: (v) => [`connecting with password=${v}`] },
  { where: 'cmdline', rule: 'cli-flag', value: 'oidc-secret-32', text: (v) => [`--oidc-client-secret=${v}`] },
  { where: 'syslog', rule: 'query-secret', value: 'azsig33value', text: (v) => [`GET https://blob.example/x?sv=2021&sig=${v}&se=2026`] },
  { where: 'syslog', rule: 'user-password', value: 'curl-p-34', text: (v) => [`running curl -u admin:${v} https://registry.example/v2/`] },
  { where: 'syslog', rule: 'header-secret', value: 'cookie-session-35', text: (v) => [`Cookie: session=${v}`] },
  { where: 'syslog', rule: 'vendor-token', value: 'ghp_Abc36TokenFromGitHub00000000000', text: (v) => [`cloning with ${v}`] },
  { where: 'syslog', rule: 'vendor-token', value: 'AKIAIOSFODNN7EXAMP37', text: (v) => [`using access key ${v}`] },
  { where: 'syslog', rule: 'vendor-token', value: 'xoxb-3800-slack-token38', text: (v) => [`notifier ${v} posted`] },
  { where: 'containerd', rule: 'password', value: 'toml-password-39', text: (v) => [`  password = "${v}"`] },
  { where: 'nginx', rule: 'header-secret', value: 'nginx-apikey-40', text: (v) => [`proxy_set_header X-Api-Key ${v};`] },
  { where: 'syslog', rule: 'basic-auth', value: 'cHJveHk6czNjcmV0NDE=', text: (v) => [`Proxy-Authorization: Basic ${v}`] },
  { where: 'syslog', rule: 'private-key', value: 'MIIEv42gcpkey', text: (v) => [`{"private_key": "-----BEGIN PRIVATE KEY-----\\n${v}\\n-----END PRIVATE KEY-----\\n"}`] },
  { where: 'manifest', rule: 'secret-key', value: 'minio-secret-43', text: (v) => [`  secretKey: ${v}`] },
  { where: 'gz', rule: 'url-password', value: 'redis-pass-44', text: (v) => [`connecting to redis://:${v}@redis:6379/0`] },
];

const BUNDLE_PATH: Record<Where, string> = {
  syslog: 'logs/messages',
  gz: 'logs/messages.1',
  containerd: 'runtime/containerd-config.toml',
  'docker-config': 'runtime/docker-config.json',
  nginx: 'node/nginx/conf.d/corpus.conf',
  kubeconfig: 'node/kubernetes/kubelet.conf',
  manifest: 'node/kubernetes/manifests/corpus.yaml',
  cmdline: 'proc/4242/cmdline',
  environ: 'proc/4242/environ',
};

/** What must stay: paths, names, certificates, words. */
const KEPT: [Where, string][] = [
  ['manifest', '    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key'],
  ['manifest', '  secretName: kube-proxy-token'],
  ['manifest', '  tokenFile: /var/run/secrets/token'],
  ['syslog', 'http: Basic authentication required'],
  ['syslog', 'certificate-authority-data: MIIC5zCCAc+gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJlcm5ldGVz'],
  ['environ', 'PWD=/var/lib/kubelet'],
  ['containerd', '[plugins."io.containerd.grpc.v1.cri".registry.configs."harbor.example.cn".auth]'],
];

function plant(root: string): void {
  const lines = (w: Where): string[] => FORMS.filter((f) => f.where === w).flatMap((f) => f.text(f.value));
  const kept = (w: Where): string[] => KEPT.filter(([k]) => k === w).map(([, t]) => t);
  const put = (rel: string, text: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const log = (w: Where): string => [...lines(w), ...kept(w)].map((l) => (l.startsWith('-----') || /^[=A-Za-z0-9]*$/.test(l) ? l : `Nov 10 14:18:02 worker-1 app[42]: ${l}`)).join('\n') + '\n';
  put('var/log/messages', log('syslog'));
  put('var/log/messages.1.gz', zlib.gzipSync(log('gz')));
  fs.utimesSync(path.join(root, 'var/log/messages.1.gz'), new Date(Date.now() - 86400_000), new Date(Date.now() - 86400_000));
  put('etc/containerd/config.toml', ['version = 2', ...kept('containerd'), ...lines('containerd')].join('\n') + '\n');
  put('root/.docker/config.json', ['{', '  "auths": {', '    "registry.example": {', ...lines('docker-config'), '    }', '  }', '}'].join('\n') + '\n');
  put('etc/nginx/conf.d/corpus.conf', ['location / {', ...lines('nginx'), '}'].join('\n') + '\n');
  put('etc/kubernetes/kubelet.conf', ['apiVersion: v1', 'users:', '- name: default-auth', '  user:', ...lines('kubeconfig')].join('\n') + '\n');
  put('etc/kubernetes/manifests/corpus.yaml', ['apiVersion: v1', 'kind: Pod', 'spec:', '  containers:', '  - command:', '    - kube-apiserver', ...kept('manifest'), ...lines('manifest')].join('\n') + '\n');
  addProcess(root, { pid: 4242, comm: 'kube-apiserver', state: 'S', cmdline: ['kube-apiserver', ...lines('cmdline'), '--secure-port=6443'], wchan: 'ep_poll', stack: '' });
  put('proc/4242/environ', Buffer.from([...kept('environ'), ...lines('environ'), 'GOMAXPROCS=4'].map((e) => `${e}\0`).join('')));
}

describe('the redaction table against 44 credential forms', () => {
  it('has 44 forms, each value distinct', () => {
    expect(FORMS).toHaveLength(44);
    expect(new Set(FORMS.map((f) => f.value)).size).toBe(44);
  });

  const variants: [string, () => { shell?: string[]; env?: NodeJS.ProcessEnv }][] = [
    ['dash with the system awk', () => ({ shell: ['dash'] })],
    ['busybox ash with busybox awk, sed, grep and tr', () => {
      const dir = tmpDir('bb');
      cleanup.push(dir);
      const bin = busyboxBin(dir);
      return { shell: [path.join(bin, 'ash')], env: { PATH: bin, HOME: bin } };
    }],
  ];
  for (const [name, runner] of variants) {
    it.skipIf(name.startsWith('busybox') && !have('busybox'))(`${name}: no planted value reaches the tarball; each redaction counted by file and rule`, async () => {
      const root = makeNodeTree();
      cleanup.push(root);
      plant(root);
      const out = tmpDir('out');
      cleanup.push(out);
      const run = await collect(['--root', root, '--output', out, '--no-profiles', '--deadline', '60', '--step-timeout', '10'], runner());
      expect(run.code).toBe(0);
      const tar = zlib.gunzipSync(fs.readFileSync(run.tarball!)).toString('latin1');
      const leaked = FORMS.filter((f) => tar.includes(f.value)).map((f) => `${f.where}/${f.rule}: ${f.value}`);
      expect(leaked).toEqual([]);
      const b = openBundle(run.tarball!);
      cleanup.push(b.dir);
      expect(unlistedOrWrong(b)).toEqual([]);
      for (const [w, text] of KEPT) {
        const body = b.bytes(BUNDLE_PATH[w]).toString('latin1');
        expect(body.includes(text), `${w} kept "${text}"`).toBe(true);
      }
      const expected = new Map<string, number>();
      for (const f of FORMS) {
        const k = `${BUNDLE_PATH[f.where]} ${f.rule}`;
        expected.set(k, (expected.get(k) ?? 0) + 1);
      }
      const ours = new Set(Object.values(BUNDLE_PATH));
      const counted = new Map<string, number>();
      for (const r of b.manifest.redactions ?? []) {
        if (!ours.has(r.path)) continue;
        const k = `${r.path} ${r.rule}`;
        counted.set(k, (counted.get(k) ?? 0) + r.count);
      }
      expect(Object.fromEntries([...counted].sort())).toEqual(Object.fromEntries([...expected].sort()));
      expect(b.item('proc/4242/environ').kind).toBe('proc-pid-environ');
    });
  }
});
