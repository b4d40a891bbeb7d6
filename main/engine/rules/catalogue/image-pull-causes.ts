import type { CauseTable } from './causes';

/**
 * Why an image pull failed, read from the error the runtime returned (kubelet's "PullImage from image
 * service failed" and "Failed to pull image" lines and events carry it whole). In this order: a
 * message often holds several of the words (containerd's "no match for platform in manifest: not
 * found", Docker's "TLS handshake timeout" that is no certificate problem, "pull access denied ...
 * repository does not exist"), so the more specific causes come first.
 */
export const PULL_CAUSES: CauseTable = [
  [/pull QPS exceeded/, { id: 'kubelet-qps', label: "the kubelet's own pull rate limit (registryPullQPS)" }],
  [/429 Too Many Requests|toomanyrequests|too many requests|pull rate limit/i, { id: 'rate-limit', label: "the registry's pull rate limit (HTTP 429)" }],
  [/no space left on device/, { id: 'disk-full', label: "no space left on the node's image disk" }],
  [/no match(?:ing manifest)? for platform|no matching manifest for|exec format error/, { id: 'platform', label: "no image for the node's platform (OS/architecture)" }],
  [/ErrImageNeverPull|pull policy of Never/, { id: 'never-pull', label: 'the image is not on the node and its pull policy is Never' }],
  [/InvalidImageName|invalid reference format/, { id: 'invalid-name', label: 'an invalid image name' }],
  [/no such host|server misbehaving|Temporary failure in name resolution|lookup \S+ on \S+:53\b/, { id: 'dns', label: "the registry's name does not resolve on the node" }],
  [/i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded|DeadlineExceeded|network is unreachable|no route to host|connection refused|connection reset by peer|proxyconnect tcp/, { id: 'unreachable', label: 'the registry is unreachable from the node (timeout, refused, no route, proxy)' }],
  [/x509:|certificate signed by unknown authority|certificate is not valid|certificate has expired|tls: failed to verify/, { id: 'certificate', label: "the registry's certificate is not trusted by the node" }],
  [/pull access denied|requested access to the resource is denied/, { id: 'denied', label: 'access denied: no such repository, or credentials are needed' }],
  [/401 Unauthorized|403 Forbidden|unauthorized|authentication required|failed to authorize/i, { id: 'unauthorized', label: 'the registry refused the credentials (imagePullSecrets)' }],
  [/manifest unknown|not found|NotFound/, { id: 'not-found', label: 'the image or tag does not exist in the registry' }],
];
