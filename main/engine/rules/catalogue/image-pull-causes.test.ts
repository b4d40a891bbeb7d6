import { describe, expect, it } from 'vitest';
import { findingsOf, journal } from '../../../../test/cases/harness';
import { hasSharedFixtures, readSharedText, sharedSkipReason } from '../../../../test/support/shared-fixtures';
import { causeOf, causesText } from './causes';
import { PULL_CAUSES } from './image-pull-causes';

/** kubelet's line for a failed pull (pkg/kubelet/cri/remote/remote_image.go), around the runtime's error. */
function failedPull(image: string, runtimeError: string): string {
  return `E1122 04:10:00.000000 1234 log.go:32] "PullImage from image service failed" err="rpc error: code = Unknown desc = ${runtimeError.replace(/"/g, '\\"')}" image="${image}"`;
}

/**
 * Each error is written from the format strings of the runtime that returns it (containerd's remotes and
 * CRI plugin, dockerd's distribution client, CRI-O, Go's net and crypto/x509) and the kubelet's image
 * manager: what an operator reads after "Failed to pull image".
 */
const errors: [cause: string, runtimeError: string][] = [
  ['rate-limit', 'failed to pull and unpack image "docker.io/library/ubuntu:latest": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/ubuntu/manifests/sha256:0123: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.'],
  ['rate-limit', 'too many requests to registry'],
  ['kubelet-qps', 'pull QPS exceeded'],
  ['not-found', 'failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found'],
  ['not-found', 'Error response from daemon: manifest for nginx:1.999 not found: manifest unknown: manifest unknown'],
  ['denied', "Error response from daemon: pull access denied for acme/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"],
  ['unauthorized', 'failed to pull and unpack image "registry.acme.io/app:v2": failed to resolve reference "registry.acme.io/app:v2": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized'],
  ['certificate', 'failed to pull and unpack image "registry.acme.io/app:v2": failed to resolve reference "registry.acme.io/app:v2": failed to do request: Head "https://registry.acme.io/v2/app/manifests/v2": tls: failed to verify certificate: x509: certificate signed by unknown authority'],
  ['unreachable', 'Error response from daemon: Get "https://registry.acme.io/v2/": net/http: TLS handshake timeout'],
  ['unreachable', 'failed to pull and unpack image "registry.acme.io/app:v2": failed to resolve reference "registry.acme.io/app:v2": failed to do request: Head "https://registry.acme.io/v2/app/manifests/v2": dial tcp 10.0.0.5:443: i/o timeout'],
  ['unreachable', 'failed to do request: Head "https://registry.acme.io/v2/app/manifests/v2": dial tcp 10.0.0.5:443: connect: connection refused'],
  ['dns', 'failed to do request: Head "https://registry.acme.io/v2/app/manifests/v2": dial tcp: lookup registry.acme.io on 10.96.0.10:53: no such host'],
  ['dns', 'failed to do request: Head "https://registry.acme.io/v2/app/manifests/v2": dial tcp: lookup registry.acme.io on 10.96.0.10:53: read udp 10.0.0.7:40000->10.96.0.10:53: i/o timeout'],
  ['platform', 'failed to pull and unpack image "docker.io/acme/app:v2": no match for platform in manifest: not found'],
  ['platform', 'Error response from daemon: no matching manifest for linux/arm64/v8 in the manifest list entries'],
  ['disk-full', 'failed to pull and unpack image "docker.io/acme/app:v2": failed to extract layer sha256:0123: write /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/81/fs/usr/lib/libx.so: no space left on device: unknown'],
  ['invalid-name', 'couldn\'t parse image reference "Acme/App:v2": invalid reference format: repository name must be lowercase'],
];

describe('why an image pull failed, named from the runtime error', () => {
  it.each(errors)('%s: %s', (cause, runtimeError) => {
    expect(causeOf(PULL_CAUSES, runtimeError)?.id).toBe(cause);
  });

  it('names nothing when the error says nothing it knows', () => {
    expect(causeOf(PULL_CAUSES, 'failed to pull and unpack image "docker.io/acme/app:v2": unexpected EOF')).toBeNull();
    expect(causesText(PULL_CAUSES, [{ message: 'unexpected EOF', count: 3 }], 'line')).toBeNull();
  });

  it('counts each cause, the most frequent first', () => {
    const text = causesText(PULL_CAUSES, 
      [
        { message: 'dial tcp 10.0.0.5:443: i/o timeout', count: 1 },
        { message: '429 Too Many Requests', count: 5 },
        { message: 'dial tcp 10.0.0.5:443: connect: connection refused', count: 2 },
      ],
      'event',
    );
    expect(text).toBe("Causes: the registry's pull rate limit (HTTP 429), 5 events; the registry is unreachable from the node (timeout, refused, no route, proxy), 3 events.");
  });
});

describe('the image-pull finding says why the pulls fail', () => {
  it('a node pulling from Docker Hub anonymously hits its rate limit: the finding names the limit, not only the image', () => {
    const limited = failedPull('ubuntu:latest', errors[0][1]);
    const [found] = findingsOf('image-pull-failures', [journal('kubelet', limited, limited, limited)]);
    expect(found?.summary).toBe("3 lines in logs/journal/kubelet.log report failed pulls of ubuntu:latest. Cause: the registry's pull rate limit (HTTP 429), 3 lines.");
  });

  it('a private registry behind a certificate the node does not trust, and a tag that does not exist', () => {
    const lines = [failedPull('registry.acme.io/app:v2', errors[7][1]), failedPull('registry.acme.io/app:v2', errors[7][1]), failedPull('nginx:1.999', errors[3][1])];
    const [found] = findingsOf('image-pull-failures', [journal('kubelet', ...lines)]);
    expect(found?.summary).toContain("Causes: the registry's certificate is not trusted by the node, 2 lines; the image or tag does not exist in the registry, 1 line.");
  });

  it.skipIf(!hasSharedFixtures)(`minikube's events of a registry with a wrong certificate, then a handshake that timed out (real events; ${sharedSkipReason})`, () => {
    const events = JSON.parse(readSharedText('nodes-events/troubleshoot-minikube-events-failedscheduling-backoff.json')) as { items: { message?: string; count?: number }[] };
    const pulls = events.items.filter((e) => e.message?.startsWith('Failed to pull image'));
    expect(pulls.length).toBeGreaterThan(0);
    expect(pulls.map((e) => causeOf(PULL_CAUSES, e.message ?? '')?.id)).not.toContain(undefined);
    expect(new Set(pulls.map((e) => causeOf(PULL_CAUSES, e.message ?? '')?.id))).toEqual(new Set(['certificate', 'unreachable']));
  });
});
