import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodescope, REPO } from '../support/cli';
import { manifestFor } from '../support/manifest';
import { tempDir, writeTar } from '../support/tarball';

const PLEG =
  '2026-11-05T09:50:27.583544+0000 node1 kubelet[548093]: E1105 09:50:27.583544  548093 kubelet.go:1829] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 58h29m3.043779855s ago; threshold is 3m0s]';

const QUIET = '2026-11-05T09:50:28.000001+0000 node1 kubelet[548093]: I1105 09:50:28.000001  548093 kubelet.go:1829] "SyncLoop (housekeeping)"';

let tmp: ReturnType<typeof tempDir>;
let bundle: string;
let db: string;

beforeAll(async () => {
  tmp = tempDir();
  db = path.join(tmp.dir, 'ws.db');
  const top = 'nodescope-node1-20261105T100000Z';
  bundle = await writeTar(path.join(tmp.dir, `${top}.tar.gz`), [
    { name: `${top}/manifest.json`, content: JSON.stringify(manifestFor('node1', [{ path: 'logs/journal/kubelet.service.log', kind: 'journal' }])) },
    { name: `${top}/logs/journal/kubelet.service.log`, content: `${PLEG}\n${QUIET}\n` },
  ]);
});
afterAll(() => tmp.cleanup());

describe('nodescope ingest', () => {
  it('ingests, then recognises the same bundle', () => {
    const first = nodescope(['ingest', bundle, '--json', '--db', db]);
    expect(first.status).toBe(0);
    const out = JSON.parse(first.stdout) as { bundles: { id: number; node: string; status: string; incomplete: boolean; errors: unknown[] }[] };
    expect(out.bundles).toEqual([expect.objectContaining({ id: 1, node: 'node1', status: 'new', incomplete: false, errors: [] })]);
    const second = nodescope(['--db', db, 'ingest', bundle]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/already in the workspace as bundle 1 \(node1\); not read again/);
  });

  it('exits 3 with one line naming an unreadable file', () => {
    const r = nodescope(['ingest', path.join(tmp.dir, 'missing.tgz'), '--db', db]);
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([`nodescope: ${path.join(tmp.dir, 'missing.tgz')}: no such file or folder`]);
  });

  it('exits 2 on a usage error', () => {
    const r = nodescope(['ingest', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/name at least one bundle/);
    expect(nodescope(['ingest', bundle, '--bogus', '--db', db]).status).toBe(2);
    expect(nodescope(['frobnicate']).status).toBe(2);
  });
});

describe('nodescope search for lines without a word', () => {
  it('says that -word goes after --, and finds those lines when it does', () => {
    const wrong = nodescope(['search', bundle, 'kubelet', '-PLEG', '--db', db]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/unknown option -PLEG \(an argument that starts with "-", such as a search's word to leave out, goes after "--"\)/);
    const right = nodescope(['search', bundle, '--json', '--db', db, '--', 'kubelet', '-PLEG']);
    expect(right.status).toBe(0);
    expect((JSON.parse(right.stdout) as { text: string }[]).map((l) => l.text)).toEqual([QUIET]);
  });
});

describe('nodescope search', () => {
  it('returns the line as the node wrote it, with artifact path and line number', () => {
    const r = nodescope(['search', bundle, 'PLEG', 'healthy', '--json', '--db', db]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { artifact: 'logs/journal/kubelet.service.log', line: 1, time: '2026-11-05T09:50:27.583Z', source: 'kubelet', level: 'error', text: PLEG },
    ]);
  });

  it('accepts text FTS5 would reject, by quoting it', () => {
    const r = nodescope(['search', '1', 'kubelet.go:1829]', '--json', '--db', db]);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(2);
  });

  it('filters by level', () => {
    const r = nodescope(['search', '1', 'kubelet', '--level', 'error', '--json', '--db', db]);
    expect((JSON.parse(r.stdout) as { line: number }[]).map((l) => l.line)).toEqual([1]);
  });
});

describe('nodescope findings, --help and --version', () => {
  it('prints findings as JSON', () => {
    const r = nodescope(['findings', '1', '--json', '--db', db]);
    expect(r.status).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });

  it('has help for every command and a version', () => {
    expect(nodescope(['--version']).stdout).toMatch(/^nodescope \d+\.\d+\.\d+/);
    const help = nodescope(['--help']);
    expect(help.status).toBe(0);
    for (const cmd of ['ingest', 'search', 'findings']) {
      expect(help.stdout).toContain(cmd);
      const h = nodescope([cmd, '--help']);
      expect(h.status).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^Usage: nodescope ${cmd}`));
    }
  });

  it('uses NODESCOPE_DB when --db is not given', () => {
    const r = nodescope(['findings', '1', '--json'], { NODESCOPE_DB: db });
    expect(r.status).toBe(0);
  });
});

describe('a workspace that cannot be opened', () => {
  it('fails with one line naming the workspace file', () => {
    const r = nodescope(['findings', '1', '--db', '/etc/passwd/ws.db']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^nodescope: \/etc\/passwd\/ws\.db: cannot open the workspace: /)]);
  });
});

describe('nodescope start', () => {
  it('loads only the command it runs: an ingest loads neither the server, the sharing nor the report code', () => {
    // The modules the CLI loads, listed by a process that runs one command as nodescope.cjs does.
    const script = `const cli = require('./dist/main/cli.js');
cli.main(process.argv.slice(1), { stdout: () => {}, stderr: () => {}, stderrIsTty: false }).then((code) => {
  const loaded = Object.keys(require.cache).map((f) => require('node:path').relative('dist/main', f));
  process.stdout.write(JSON.stringify({ code, loaded }));
});`;
    const r = spawnSync(process.execPath, ['-e', script, 'ingest', bundle, '--db', path.join(tmp.dir, 'start.db')], { cwd: REPO, encoding: 'utf8' });
    const { code, loaded } = JSON.parse(r.stdout) as { code: number; loaded: string[] };
    expect(code).toBe(0);
    expect(loaded).toContain(path.join('cli', 'ingest.js'));
    for (const other of ['server.js', path.join('cli', 'serve.js'), path.join('engine', 'share', 'bundle.js'), path.join('engine', 'report', 'build.js')]) {
      expect(loaded).not.toContain(other);
    }
  });
});
