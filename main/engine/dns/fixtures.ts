import fs from 'node:fs';
import path from 'node:path';

/** Test data of this area: test/fixtures/dns (see its SOURCES.md). */
export function dnsFixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '../../../test/fixtures/dns', name), 'utf8');
}

/** The rendered k3s Corefile of the troubleshoot live capture: every line after "=== CoreDNS config: ". */
export function liveK3sCorefile(): string {
  const text = dnsFixture('troubleshoot-k3s-dns-debug-live-corefile.txt');
  return text.slice(text.indexOf('\n', text.indexOf('=== CoreDNS config: ')) + 1);
}
