import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../collector/fake-node';
import { cli, findingCounts, members } from './shared-bundle';

/**
 * A node's kubelet serving certificate names the node in its subject (CN=acme-worker-3…); a
 * kubeconfig carries the site CA as certificate-authority-data (base64 of the PEM); an OpenShift
 * MachineConfig carries files as `data:;base64,` URLs, one of them a kubeconfig naming the API server.
 * Shared, all of these went out as they were: encoded, the names escaped the scan. The certificates are
 * made here by openssl, the rest written by this script, the bundle packed by tar.
 */
const HOST = 'acme-worker-3';
const FQDN = `${HOST}.prod.acme-corp.com`;
const openssl = spawnSync('openssl', ['version']);
const skip = openssl.error ? 'openssl is not installed' : null;

function certificate(dir: string, cn: string, days: number): string {
  const key = path.join(dir, `${cn}.key`);
  const crt = path.join(dir, `${cn}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', String(days), '-subj', `/O=Acme Corp/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn},IP:10.20.30.40`], { stdio: 'pipe' });
  return fs.readFileSync(crt, 'utf8');
}

function bundle(dir: string): string {
  const root = path.join(dir, HOST);
  const put = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const serving = certificate(dir, FQDN, 365);
  const ca = certificate(dir, 'acme-corp-root-ca', 3650);
  const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
  const kubeconfig = `apiVersion: v1\nkind: Config\nclusters:\n- name: acme\n  cluster:\n    server: https://api.prod.acme-corp.com:6443\n    certificate-authority-data: ${b64(ca)}\n`;
  put('etc/hostname', `${HOST}\n`);
  put('etc/resolv.conf', 'nameserver 10.20.30.1\nsearch prod.acme-corp.com\n');
  put('var/lib/kubelet/pki/kubelet.crt', serving);
  // 1.4 MB of certificates: share reads a file in 1 MiB pieces cut at line ends, and a block was cut.
  put('etc/pki/tls/certs/ca-bundle.crt', `${ca}${serving}`.repeat(600));
  put('etc/kubernetes/kubelet.conf', kubeconfig);
  // A TLS bundle (certificate, then its key) in base64: the key's base64 rule read only the first block.
  put('etc/kubernetes/tls-bundle.b64', `${b64(serving + fs.readFileSync(path.join(dir, `${FQDN}.key`), 'utf8'))}\n`);
  put('k8s/configmap-ca.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-root-ca.crt\n  namespace: kube-system\ndata:\n  ca.crt: |\n${ca.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}\n`);
  put('k8s/machineconfig.json', JSON.stringify({
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'MachineConfig',
    metadata: { name: '99-worker-kubeconfig' },
    spec: { config: { storage: { files: [
      { path: '/etc/kubernetes/kubeconfig', contents: { source: `data:text/plain;charset=utf-8;base64,${b64(kubeconfig)}` } },
      { path: '/etc/hosts.d/acme', contents: { compression: 'gzip', source: `data:;base64,${b64(zlib.gzipSync(`10.20.30.40 ${FQDN} ${HOST}\n`))}` } },
      { path: '/etc/motd.png', contents: { source: `data:image/png;base64,${b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, ...Buffer.from(FQDN)]))}` } },
    ] } } },
  }, null, 2));
  put('var/log/kubelet.log', `I1207 08:00:00.000000 1 server.go:1] Loaded serving certificate\n${serving}`);
  const out = path.join(dir, `${HOST}.tar.gz`);
  execFileSync('tar', ['-czf', out, '-C', dir, HOST]);
  return out;
}

/** Every base64 run of the text decoded (and gunzipped when it is gzip), with the text itself: what a reader could recover. */
function decodedToo(text: string): string {
  const runs = text.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? [];
  return [text, ...runs.map((r) => {
    const bytes = Buffer.from(r, 'base64');
    try {
      return zlib.gunzipSync(bytes).toString('latin1');
    } catch {
      return bytes.toString('latin1');
    }
  })].join('\n');
}

describe.skipIf(skip !== null)(`nodescope share of certificates and data URLs${skip ? ` (${skip})` : ''}`, () => {
  const dir = tmpDir('share-encoded');
  const db = path.join(dir, 'ws.db');
  const out = path.join(dir, 'shared.tar.gz');
  let original = '';
  let files = new Map<string, string>();
  beforeAll(() => {
    original = bundle(dir);
    cli(db, 'share', original, '-o', out, '--map', path.join(dir, 'map.json'));
    files = members(out);
  }, 60_000);
  const text = (suffix: string): string => [...files].find(([name]) => name.endsWith(suffix))![1];

  it('leaves no name a certificate, a base64 kubeconfig or a data URL encodes', () => {
    for (const [name, t] of files) {
      const all = decodedToo(t).toLowerCase();
      for (const value of ['acme-worker-3', 'acme-corp', 'acme corp', '10.20.30.40']) expect(all.includes(value), `${value} in ${name}`).toBe(false);
      // The DER of the address 10.20.30.40 in the subjectAltName.
      expect(all.includes('\x0a\x14\x1e\x28'), `the address's bytes in ${name}`).toBe(false);
    }
  });

  it('keeps each certificate\'s BEGIN and END lines around a marker with its validity, in PEM, YAML and base64', () => {
    const marker = /-----BEGIN CERTIFICATE-----\n {0,4}\[certificate removed by nodescope share; valid \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT to \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT\]\n {0,4}-----END CERTIFICATE-----/;
    expect(text('pki/kubelet.crt')).toMatch(marker);
    const bundled = text('ca-bundle.crt');
    expect(bundled.match(new RegExp(marker.source, 'g'))).toHaveLength(1200);
    expect(bundled.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(1200);
    expect(text('var/log/kubelet.log')).toMatch(marker);
    const cm = yaml.load(text('configmap-ca.yaml')) as { data: Record<string, string> };
    expect(cm.data['ca.crt']).toMatch(marker);
    const kubeconfig = yaml.load(text('kubelet.conf')) as { clusters: { cluster: { 'certificate-authority-data': string } }[] };
    expect(Buffer.from(kubeconfig.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString()).toMatch(marker);
  });

  it('removes the private key of a base64 TLS bundle whose first block is its certificate', () => {
    const decoded = Buffer.from(text('tls-bundle.b64').trim(), 'base64').toString();
    expect(decoded).toMatch(/^-----BEGIN CERTIFICATE-----\n\[certificate removed by nodescope share; valid [^\]]+\]\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n\[REDACTED\]\n-----END PRIVATE KEY-----\n$/);
  });

  it('cleans the text inside data URLs and keeps them data URLs of the same kind; a binary one gets a placeholder', () => {
    const mc = JSON.parse(text('machineconfig.json')) as { spec: { config: { storage: { files: { contents: { source: string } }[] } } } };
    const [kubeconfig, hosts, png] = mc.spec.config.storage.files.map((f) => f.contents.source);
    expect(kubeconfig).toMatch(/^data:text\/plain;charset=utf-8;base64,/);
    const inner = Buffer.from(kubeconfig!.split(',')[1]!, 'base64').toString();
    expect(inner).toMatch(/server: https:\/\/node-[0-9a-f]{6}\.d-[0-9a-f]{6}\.example\.invalid:6443/);
    expect(Buffer.from((yaml.load(inner) as { clusters: { cluster: Record<string, string> }[] }).clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString()).toContain('[certificate removed by nodescope share;');
    expect(zlib.gunzipSync(Buffer.from(hosts!.split(',')[1]!, 'base64')).toString()).toMatch(/^2[45]\d\.\d+\.\d+\.40 node-[0-9a-f]{6}\.d-[0-9a-f]{6}\.example\.invalid node-[0-9a-f]{6}\n$/);
    expect(Buffer.from(png!.split(',')[1]!, 'base64').toString()).toBe('[binary data removed by nodescope share]');
  });

  it('ingests to the same findings as the original', () => {
    cli(db, 'ingest', out);
    expect(findingCounts(db, out)).toEqual(findingCounts(db, original));
  });
});
