import { expect } from 'vitest';
import type { Finding } from '../../shared/api/findings';
import { findArtifact, readArtifactText } from '../../main/engine/store/artifacts';
import type { Db } from '../../main/engine/store/workspace';

/** Every quote with a line range is the artifact's own bytes at those lines. */
export function expectQuotedExactly(db: Db, bundleId: number, findings: Finding[]): void {
  for (const e of findings.flatMap((f) => f.evidence)) {
    if (e.line === null) continue;
    const a = findArtifact(db, bundleId, e.artifact);
    expect(a, e.artifact).toBeDefined();
    const lines = readArtifactText(db, (a as { id: number }).id).split('\n');
    expect(lines.slice(e.line - 1, e.lineEnd ?? e.line).join('\n'), `${e.artifact}:${e.line}`).toBe(e.text);
  }
}
