import fs from 'node:fs';
import path from 'node:path';
import { parseObjectList, type Obj } from './objects';

export function k8sFixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '../../../test/fixtures/k8s', name), 'utf8');
}

export function k8sItems(name: string): Obj[] {
  return parseObjectList(k8sFixture(name)).items;
}
