import zlib from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { storedBlock } from './stored-block';
import { artifactsOfKind, artifactsOfKindSql, chunkContent } from './artifacts';
import { openWorkspace } from './workspace';

describe('artifacts of some kinds', () => {
  // A sosreport: thousands of generic text files beside the few artifacts a rule asks for.
  const db = openWorkspace(':memory:');
  db.prepare("INSERT INTO bundles (id, sha256, name, source_path, node, format, ingested_at, size_bytes) VALUES (1, 'x', 'sos', 'sos.tar.xz', 'node1', 'plain', '2026-12-03', 0)").run();
  const add = db.prepare("INSERT INTO artifacts (bundle_id, path, kind, bytes, sha256) VALUES (1, ?, ?, 0, '')");
  for (let i = 0; i < 3000; i++) add.run(`sos_commands/proc/${String(i).padStart(5, '0')}`, 'text');
  add.run('sos_commands/kubernetes/Corefile', 'corefile');
  add.run('etc/coredns/Corefile', 'corefile');

  it('come sorted by path', () => {
    expect(artifactsOfKind(db, 1, 'corefile').map((a) => a.path)).toEqual(['etc/coredns/Corefile', 'sos_commands/kubernetes/Corefile']);
    expect(artifactsOfKind(db, 1, 'text', 'corefile')).toHaveLength(3002);
  });

  it('are read by kind, not by walking every artifact of the bundle in path order', () => {
    for (const n of [1, 3]) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${artifactsOfKindSql(n)}`).all(1, ...Array(n).fill('corefile')) as { detail: string }[]).map((r) => r.detail);
      expect(plan[0]).toMatch(/USING INDEX artifacts_kind \(bundle_id=\? AND kind=\?\)/);
    }
  });
});

describe("a stored chunk's bytes", () => {
  const text = Buffer.from('S (sleeping)\n');

  it('are read in place from one uncompressed block (a per-process file), without an inflater', () => {
    const inflates = vi.spyOn(zlib, 'inflateRawSync');
    try {
      const out = chunkContent(storedBlock(text));
      expect(out.equals(text)).toBe(true);
      expect(chunkContent(storedBlock(Buffer.alloc(0)))).toHaveLength(0);
      expect(inflates).not.toHaveBeenCalled();
    } finally {
      inflates.mockRestore();
    }
  });

  it('are inflated otherwise: a deflated chunk, or a stored block followed by more', () => {
    const big = Buffer.from('kubelet[812]: Failed to pull image\n'.repeat(100));
    expect(chunkContent(zlib.deflateRawSync(big, { level: 1 })).equals(big)).toBe(true);
    // Not final, then a final empty fixed-Huffman block: the same bytes, but no longer one block.
    const notFinal = storedBlock(text);
    notFinal[0] = 0x00;
    expect(chunkContent(Buffer.concat([notFinal, Buffer.from([0x03, 0x00])])).equals(text)).toBe(true);
    // Level 0: zlib's own stored blocks read in place or inflated, the same bytes either way.
    expect(chunkContent(zlib.deflateRawSync(big, { level: 0 })).equals(big)).toBe(true);
  });
});
