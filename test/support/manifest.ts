import type { BundleManifest, ManifestItem } from '../../shared/bundle-format';

/** A manifest as the collector writes it, for bundles built by tests. */
export function manifestFor(hostname: string, items: Partial<ManifestItem>[], extra: Partial<BundleManifest> = {}): BundleManifest {
  return {
    format: 'nodescope-bundle',
    formatVersion: 1,
    collector: { name: 'nodescope-collect.sh', version: '0.1.0', scriptSha256: 'a'.repeat(64) },
    node: { hostname, kernel: '5.10.0-28-amd64', os: 'Debian GNU/Linux 12 (bookworm)', timezone: 'UTC', cgroupVersion: 2 },
    collection: { startedAt: '2026-11-05T10:00:00Z', endedAt: '2026-11-05T10:01:00Z', options: {} },
    items: items.map((i) => ({ kind: 'text', exitCode: 0, timedOut: false, truncated: false, ...i }) as ManifestItem),
    redactions: [],
    ...extra,
  };
}
