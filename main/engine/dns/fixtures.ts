import fs from 'node:fs';
import path from 'node:path';

/** Test data of this area: test/fixtures/dns (see its SOURCES.md). */
export function dnsFixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '../../../test/fixtures/dns', name), 'utf8');
}

/** The Corefile of a DNS debug capture: every line after "=== CoreDNS config: ". */
export function corefileOfDebug(text: string): string {
  return text.slice(text.indexOf('\n', text.indexOf('=== CoreDNS config: ')) + 1);
}

/** The rendered Corefile of our k3s-style node (make-dns-twins.mjs): every line after "=== CoreDNS config: ". */
export function liveK3sCorefile(): string {
  return corefileOfDebug(dnsFixture('k3s-dns-debug-capture.txt'));
}
