import fs from 'node:fs';
import path from 'node:path';
import { k3dBundleText, readSharedText } from '../../../test/support/shared-fixtures';
import { parseObjectList, type Obj } from './objects';

export function k8sFixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '../../../test/fixtures/k8s', name), 'utf8');
}

export function k8sItems(name: string): Obj[] {
  return parseObjectList(k8sFixture(name)).items;
}

/** Objects of the demo node (test/demo/nodescope-demo-worker-1/k8s, written by test/demo/node-shapes.mjs). */
export function demoK8sItems(name: string): Obj[] {
  return parseObjectList(fs.readFileSync(path.join(__dirname, '../../../test/demo/nodescope-demo-worker-1/k8s', name), 'utf8')).items;
}

/** Objects of a file of ../shared/fixtures (tests skipped without the share). */
export function sharedK8sItems(rel: string): Obj[] {
  return parseObjectList(readSharedText(rel)).items;
}

/** Objects of the real k3d support bundle of troubleshoot v0.50 (../shared peer-bundles), e.g. 'pods/kube-system.json'. */
export function k3dItems(member: string): Obj[] {
  return parseObjectList(k3dBundleText(`cluster-resources/${member}`)).items;
}

/** A listing's text cut into chunks of the given sizes, in turn: a boundary falls anywhere (in a string, an escape, a key, a line's indentation). */
export function chunked(text: string, sizes: number[]): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length] as number;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}
