import fs from 'node:fs';
import path from 'node:path';

/** Text of a file under test/fixtures/system/ (tests only). */
export function systemFixture(relative: string): string {
  return fs.readFileSync(path.join(__dirname, '../../../test/fixtures/system', relative), 'utf8');
}
