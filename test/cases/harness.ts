import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../shared/api/findings';
import { diagnoseBundle } from '../../main/engine/rules';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { storeBundle, type StoredBundle, type StoredFile } from './store-bundle';

export function fixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rules', name), 'utf8');
}

/** A fresh in-memory workspace holding one bundle made of these files. */
export function workspaceWith(bundle: StoredBundle): { db: Db; bundleId: number } {
  const db = openWorkspace(':memory:');
  return { db, bundleId: storeBundle(db, bundle) };
}

export function diagnose(files: StoredFile[], facts?: Record<string, string>, manifest?: object): Finding[] {
  const { db, bundleId } = workspaceWith({ files, facts, manifest });
  try {
    return diagnoseBundle(db, bundleId);
  } finally {
    db.close();
  }
}

/** The findings of one rule on a bundle of these files. */
export function findingsOf(rule: string, files: StoredFile[], facts?: Record<string, string>): Finding[] {
  return diagnose(files, facts).filter((f) => f.rule === rule);
}

/** Lines as `dmesg` prints them (raw form, seconds since boot). */
export function dmesg(...lines: string[]): string {
  return lines.map((l, i) => `[${(1000 + i).toFixed(6).padStart(12)}] ${l}`).join('\n') + '\n';
}

export function log(path: string, kind: string, text: string): StoredFile {
  return { path, kind, data: text.endsWith('\n') ? text : text + '\n' };
}

/** Lines as `journalctl -o short-iso-precise -u <unit>` prints them. */
export function journal(unit: string, ...messages: string[]): StoredFile {
  const text = messages
    .map((m, i) => `2026-11-22T04:${String(10 + i).padStart(2, '0')}:00.000000+00:00 node-1 ${unit}[1234]: ${m}`)
    .join('\n');
  return log(`logs/journal/${unit}.log`, 'journal', text);
}

/** A container log file as the CRI writes it (one `<time> stdout F <line>` per line). */
export function podLog(ns: string, pod: string, container: string, ...lines: string[]): StoredFile {
  const text = lines.map((l, i) => `2026-11-22T04:${String(10 + i).padStart(2, '0')}:00.000000000Z stdout F ${l}`).join('\n');
  return log(`logs/pods/${ns}_${pod}_0c3a9b1e-1111-2222-3333-444455556666/${container}/0.log`, 'cri-log', text);
}
