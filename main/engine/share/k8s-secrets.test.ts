import { describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/cases/harness';
import { listArtifacts } from '../store/artifacts';
import { redactValues, secretValuesOf } from './k8s-secrets';

function redacted(path: string, kind: string, data: string): string {
  const { db, bundleId } = workspaceWith({ files: [{ path, kind, data }] });
  const a = listArtifacts(db, bundleId)[0]!;
  return redactValues(data, secretValuesOf(db, a), '[REDACTED]', () => undefined);
}

const CERT = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIDMjCCAhqgAwIBAgIIP/J/ZYm05AUwDQYJ\n-----END CERTIFICATE-----\n').toString('base64');
const TOKEN = Buffer.from('eyJhbGciOiJSUzI1NiJ9.payload.signature-of-the-service-account').toString('base64');

describe('the values of Kubernetes Secrets', () => {
  // An OpenShift must-gather's namespaces/*/core/secrets.yaml: `data:` comes before `kind: Secret`,
  // keys say nothing of secrecy (ca.crt, .dockercfg), and base64 hides the site's names from every other pass.
  it('replaces every data value of a must-gather secrets.yaml, whatever its key, and keeps the rest of the YAML', () => {
    const yaml = [
      '---', 'apiVersion: v1', 'items:', '- apiVersion: v1', '  data:', `    ca.crt: ${CERT}`, `    token: ${TOKEN}`, '    .dockercfg: e30=',
      '  kind: Secret', '  metadata:', '    name: builder-token-jd722', '    namespace: openshift-ingress', '  type: kubernetes.io/service-account-token',
      '- apiVersion: v1', '  data:', `    ca.crt: ${CERT}`, '  kind: ConfigMap', '  metadata:', '    name: not-a-secret', 'kind: List', '',
    ].join('\n');
    const out = redacted('namespaces/openshift-ingress/core/secrets.yaml', 'text', yaml);
    expect(out).not.toContain(TOKEN);
    expect(out).toContain('    token: [REDACTED]\n    .dockercfg: [REDACTED]\n');
    expect(out).toContain('    name: builder-token-jd722\n');
    // The same certificate stands in a ConfigMap of the file: it goes too, as a Secret's value.
    expect(out).not.toContain(CERT);
  });

  // kubectl get secrets -o json, with the last-applied-configuration annotation quoting the data again.
  it('replaces the values of a kubectl JSON SecretList, also where an annotation quotes them, and the JSON still parses', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', annotations: {} as Record<string, string> }, data: { password: 'aHVudGVyMjIyMg==' }, stringData: { 'config.yaml': 'user: app\npass: hunter2222\n' }, type: 'Opaque' };
    secret.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: secret.data, stringData: secret.stringData });
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [secret] }, null, 2);
    const out = redacted('cluster-resources/secrets/default.json', 'k8s-object', json);
    expect(out).not.toMatch(/aHVudGVyMjIyMg|hunter2222/);
    const parsed = JSON.parse(out) as { items: { data: Record<string, string>; metadata: { name: string } }[] };
    expect(parsed.items[0]!.data.password).toBe('[REDACTED]');
    expect(parsed.items[0]!.metadata.name).toBe('db');
  });

  it('reads nothing more of a file that holds no Secret', () => {
    const pods = JSON.stringify({ kind: 'PodList', items: [{ metadata: { name: 'web' }, spec: { volumes: [{ secret: { secretName: 'tls' } }] } }] });
    const { db, bundleId } = workspaceWith({ files: [{ path: 'cluster-resources/pods/default.json', kind: 'k8s-pods', data: pods }] });
    expect(secretValuesOf(db, listArtifacts(db, bundleId)[0]!)).toEqual([]);
  });
});
