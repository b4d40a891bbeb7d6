/**
 * The CLI facing hostile bundles: no control character from a bundle reaches the terminal, a closed
 * pipe ends quietly, a busy or unwritable workspace has its own exit code and names the workspace, and
 * a damaged archive is ingested as far as GNU tar reads it, with the reason.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, nodescope, REPO } from '../support/cli';
import { tempDir as makeTemp, writeTar } from '../support/tarball';
import { describeWorkspaceFailure, workspaceFailure } from '../../main/cli/failures';
import { EXIT } from '../../main/cli/command';
import { DEMO_FILES, demoTarGz, GZIP_DAMAGE } from './archives';

const EVIL_NAME = 'logs/evil\x1b]0;pwned\x07\n  error: forged line \x1b[31m.log';
const EVIL_LINE = '2026-11-05T09:50:27.583544+0000 node1 kubelet[1]: boom \x1b]0;title\x07 \x1b[31mred\x1b[0m \x9b2J';

let tmp: ReturnType<typeof makeTemp>;
let db: string;
let evil: string;

beforeAll(async () => {
  tmp = makeTemp();
  db = path.join(tmp.dir, 'ws.db');
  const lines = Array.from({ length: 6000 }, (_, i) => `2026-11-05T09:50:27.583544+0000 node1 kubelet[1]: boom number ${i}`);
  evil = await writeTar(path.join(tmp.dir, 'evil.tar.gz'), [
    { name: 'logs/kubelet.log', content: `${EVIL_LINE}\n${lines.join('\n')}\n` },
    { name: EVIL_NAME, type: 'symlink', linkname: '/etc/passwd' },
  ]);
});
afterAll(() => tmp.cleanup());

const hasControl = (s: string) => /[\x00-\x08\x0b-\x1f\x7f\x9b]/.test(s);

describe('terminal injection', () => {
  it('ingest and search print bundle text with control characters escaped and no forged lines', () => {
    const r = nodescope(['ingest', evil, '--db', db]);
    expect(r.status).toBe(0);
    const out = r.stdout + r.stderr;
    expect(hasControl(out)).toBe(false);
    expect(out).toContain('evil\\x1b]0;pwned\\x07\\x0a  error: forged line');
    expect(out.split('\n').filter((l) => l.startsWith('  error: forged'))).toEqual([]);
    const s = nodescope(['search', '1', 'title', '--db', db]);
    expect(s.status).toBe(0);
    expect(hasControl(s.stdout)).toBe(false);
    expect(s.stdout).toContain('boom \\x1b]0;title\\x07 \\x1b[31mred\\x1b[0m \\xc2\\x9b2J'.replace('\\xc2\\x9b', '\\x9b'));
    // JSON keeps the text as the node wrote it, JSON-escaped.
    const j = nodescope(['search', '1', 'title', '--json', '--db', db]);
    expect(JSON.parse(j.stdout)[0].text).toBe(EVIL_LINE);
  });
});

describe('a closed pipe', () => {
  it('ends `nodescope search … | head -1` quietly', () => {
    const cmd = `"${process.execPath}" "${BIN}" search 1 boom --limit 10000 --db "${db}" 2>"${tmp.dir}/err" | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: REPO, encoding: 'utf8' });
    expect(r.stdout).toMatch(/status=0/);
    expect(fs.readFileSync(path.join(tmp.dir, 'err'), 'utf8')).toBe('');
  });
});

describe('workspace busy or unwritable', () => {
  it('exits 4 naming the workspace when another nodescope is ingesting into it', async () => {
    const other = new Database(db);
    other
      .prepare(`INSERT INTO bundles (sha256, name, source_path, node, format, ingested_at, size_bytes, state, ingest_pid) VALUES ('x', 'x', 'x', 'n', 'plain', '2026-01-01', 1, 'ingesting', ?)`)
      .run(process.pid);
    const second = await writeTar(path.join(tmp.dir, 'second.tar.gz'), [{ name: 'logs/a.log', content: 'a\n' }]);
    const r = nodescope(['ingest', second, '--db', db]);
    other.prepare("DELETE FROM bundles WHERE sha256 = 'x'").run();
    other.close();
    expect(r.status).toBe(EXIT.busy);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`nodescope: ${db}: the workspace is busy: `)]);
  });

  it('exits 4 when SQLite stays locked past its timeout', async () => {
    const other = new Database(db);
    other.exec('BEGIN EXCLUSIVE');
    const third = await writeTar(path.join(tmp.dir, 'third.tar.gz'), [{ name: 'logs/b.log', content: 'b\n' }]);
    const r = nodescope(['ingest', third, '--db', db]);
    other.exec('ROLLBACK');
    other.close();
    expect(r.status).toBe(EXIT.busy);
    expect(r.stderr).toContain(`${db}: the workspace is busy`);
    expect(nodescope(['bundles', '--json', '--db', db]).stdout).not.toContain('third');
  });

  it('classifies a full disk and a read-only workspace as unwritable (exit 5), naming the file', () => {
    const file = path.join(tmp.dir, 'small.db');
    const small = new Database(file);
    small.exec('CREATE TABLE t (x BLOB)');
    small.pragma('max_page_count = 8');
    let full: unknown;
    try {
      for (let i = 0; i < 100; i++) small.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(4096));
    } catch (e) {
      full = e;
    }
    small.close();
    expect(workspaceFailure(full)).toBe('unwritable');
    expect(describeWorkspaceFailure('unwritable', file, full)).toEqual({ code: 5, message: expect.stringMatching(new RegExp(`^${file}: the workspace cannot be written: the disk is full`)) });
    const ro = new Database(file, { readonly: true });
    let readOnly: unknown;
    try {
      ro.exec('INSERT INTO t VALUES (1)');
    } catch (e) {
      readOnly = e;
    }
    ro.close();
    expect(workspaceFailure(readOnly)).toBe('unwritable');
    expect(workspaceFailure(new Error('something else'))).toBe(null);
  });

  it('documents codes 4 and 5 in --help', () => {
    const r = nodescope(['--help']);
    expect(r.stdout).toMatch(/4 the workspace is busy/);
    expect(r.stdout).toMatch(/5 the workspace cannot be written/);
  });
});

describe('a damaged demo bundle through the CLI', () => {
  it('keeps every file of the demo bundle cut before its gzip trailer, and says why it is incomplete', () => {
    const gz = demoTarGz(tmp.dir);
    const cut = path.join(tmp.dir, 'demo-cut.tar.gz');
    fs.writeFileSync(cut, GZIP_DAMAGE['cut before its 8-byte trailer'](gz));
    const r = nodescope(['ingest', cut, '--json', '--db', path.join(tmp.dir, 'demo.db')]);
    expect(r.status).toBe(0);
    const [b] = JSON.parse(r.stdout).bundles;
    expect(b.incomplete).toBe(true);
    expect(b.errors).toEqual([{ path: null, message: expect.stringMatching(new RegExp(String.raw`^archive is truncated: the gzip data ends at byte \d+, before the end of member 1 .* \(after ${DEMO_FILES} files\)$`)) }]);
  });

  it('reads a demo bundle with trailing garbage whole, and a bad CRC as incomplete with every file', () => {
    const gz = demoTarGz(tmp.dir);
    for (const [damage, incomplete] of [['trailing garbage', false], ['bad CRC', true]] as const) {
      const f = path.join(tmp.dir, `demo-${damage.replace(/\W/g, '-')}.tar.gz`);
      fs.writeFileSync(f, GZIP_DAMAGE[damage](gz));
      const r = nodescope(['ingest', f, '--json', '--db', path.join(tmp.dir, 'demo2.db')]);
      expect(r.status, damage).toBe(0);
      const [b] = JSON.parse(r.stdout).bundles;
      expect(b.incomplete, damage).toBe(incomplete);
      const ws = new Database(path.join(tmp.dir, 'demo2.db'), { readonly: true });
      // Every file is an artifact (the manifest too).
      expect(ws.prepare('SELECT count(*) AS n FROM artifacts WHERE bundle_id = ?').get(b.id), damage).toEqual({ n: DEMO_FILES });
      ws.close();
    }
  });
});
