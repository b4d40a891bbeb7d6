import type { HostsEntry } from '../../../shared/api/dns';
import { parseNet } from '../network/ip';

export interface ParsedHosts {
  entries: HostsEntry[];
  invalid: { line: number; text: string }[];
}

/** hosts(5): `IP canonical_name [aliases...]`, `#` comments. A line whose first word is no IP is invalid. */
export function parseHosts(text: string, firstLine = 1): ParsedHosts {
  const entries: HostsEntry[] = [];
  const invalid: { line: number; text: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const [ip, ...names] = line.split(/\s+/);
    const n = firstLine + i;
    if (parseNet(ip) === null || ip.includes('/') || names.length === 0) invalid.push({ line: n, text: raw.trim() });
    else entries.push({ line: n, ip, names });
  });
  return { entries, invalid };
}

/** Does this text look like a hosts file (most non-comment lines `IP name`)? For ConfigMap keys like NodeHosts. */
export function looksLikeHosts(text: string): boolean {
  const { entries, invalid } = parseHosts(text);
  return entries.length > 0 && invalid.length === 0;
}
