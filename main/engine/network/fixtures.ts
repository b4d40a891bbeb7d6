import fs from 'node:fs';
import path from 'node:path';

/** Test data of this area: test/fixtures/network (see its SOURCES.md). */
export function networkFixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '../../../test/fixtures/network', name), 'utf8');
}
