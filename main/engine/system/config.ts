import { eachLine, lines } from './text';

/** /etc/os-release: KEY=value, the value maybe in double or single quotes. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines(text)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2] as string;
    const q = /^"(.*)"$|^'(.*)'$/.exec(v);
    if (q) v = (q[1] ?? q[2] ?? '').replace(/\\(["\\$`])/g, '$1');
    out[m[1] as string] = v;
  }
  return out;
}

export function osName(release: Record<string, string>): string | null {
  if (release.PRETTY_NAME) return release.PRETTY_NAME;
  const parts = [release.NAME, release.VERSION_ID].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}

const SYSCTL_LINE = /^\s*([^\s=]+)\s*=\s?(.*)$/;

/** One `key = value` line of `sysctl -a`. */
export interface SysctlSetting {
  key: string;
  value: string;
}

/**
 * `sysctl -a` lines (`net.ipv4.ip_forward = 1`), also the `/proc/sys/net/ipv4/ip_forward = 1` form some
 * tools write: keys are normalised to the dotted form. In the file's order, as a list: the view counts
 * them and compare sorts them, and neither needs a table keyed by name (a hash table of a node's 300,000
 * veth keys costs more per key as it outgrows the CPU's caches).
 */
export function parseSysctl(text: string): SysctlSetting[] {
  const out: SysctlSetting[] = [];
  for (const line of eachLine(text)) {
    const m = SYSCTL_LINE.exec(line);
    if (!m) continue;
    let key = m[1] as string;
    if (key.startsWith('/proc/sys/')) key = key.slice('/proc/sys/'.length).replace(/\//g, '.');
    out.push({ key, value: (m[2] as string).trimEnd() });
  }
  return out;
}

export interface Mount {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string[];
}

/** Octal escapes of /proc/mounts: "\040" is a space. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** /proc/mounts: device mountpoint fstype options dump pass. */
export function parseMounts(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of lines(text)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    out.push({
      device: unescapeMount(f[0] as string),
      mountPoint: unescapeMount(f[1] as string),
      fsType: f[2] as string,
      options: (f[3] as string).split(','),
    });
  }
  return out;
}

/** node/timezone.txt: the first line is the IANA zone or a +hh:mm offset ("unknown" when the collector found none). */
export function parseTimezone(text: string): string | null {
  const first = lines(text)[0]?.trim();
  if (!first || first === 'unknown') return null;
  return /^(?:[A-Za-z_]+(?:\/[A-Za-z0-9_+-]{1,64})*|[+-]\d{2}:?\d{2})$/.test(first) ? first : null;
}

/**
 * node/versions.txt as the collector writes it: per component `name: ` and what its --version printed,
 * then a blank line; `name: not installed` for a missing one (left out here). A block starts only after
 * a blank line, so output lines such as runc's "commit: ..." or "go: ..." stay in their block.
 */
export function parseVersions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let current: string | null = null;
  let afterBlank = true;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = afterBlank ? /^([a-z][\w.-]*): ?(.*)$/.exec(line) : null;
    if (m) {
      current = m[1] as string;
      out[current] = (m[2] as string).trim();
    } else if (current && line.trim() !== '') {
      out[current] = `${out[current]}\n${line.trim()}`;
    }
    afterBlank = line.trim() === '';
  }
  for (const [name, v] of Object.entries(out)) if (v === 'not installed') delete out[name];
  return out;
}
