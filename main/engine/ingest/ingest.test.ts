import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTar, writeTar } from '../../../test/support/tarball';
import { manifestFor } from '../../../test/support/manifest';
import { cachedBundleTemplates } from '../compare/logs';
import { storedTemplates, TemplateCounter } from '../compare/template-store';
import { bundlesApi } from '../library/api';
import { searchLogs } from '../search/api';
import type { IngestProgress } from '../../../shared/api';
import type { Db } from '../store/workspace';
import { ingestBundle, UnreadableInputError } from './index';
import { useTempWorkspace } from '../../../test/support/workspace';

const KUBELET_LINE =
  '2026-11-05T09:50:27.583544+0000 node1 kubelet[548093]: E1105 09:50:27.583544  548093 kubelet.go:1829] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 58h29m3.043779855s ago; threshold is 3m0s]';

let db: Db;
let dir: string;
useTempWorkspace((ws) => ({ db, dir } = ws));

const file = (name: string) => path.join(dir, name);
const bundleCount = () => (db.prepare('SELECT count(*) AS n FROM bundles').get() as { n: number }).n;

describe('a collector bundle', () => {
  async function collectorBundle(name = 'b.tar.gz') {
    const top = 'nodescope-node1-20261105T100000Z';
    const manifest = manifestFor('node1', [
      { path: 'logs/journal/kubelet.service.log', kind: 'journal', command: 'journalctl -u kubelet.service -o short-iso-precise' },
      { path: 'network/ipvsadm.txt', kind: 'ipvsadm', skipped: 'ipvsadm not found' },
    ]);
    return writeTar(file(name), [
      { name: `${top}/manifest.json`, content: JSON.stringify(manifest) },
      { name: `${top}/logs/journal/kubelet.service.log`, content: `${KUBELET_LINE}\n-- No entries --\n` },
    ]);
  }

  it('is ingested with paths relative to its top folder, and its log lines are searchable verbatim', async () => {
    const r = await ingestBundle(db, await collectorBundle());
    expect(r).toMatchObject({ status: 'new', node: 'node1', incomplete: false, errors: [] });
    const page = searchLogs(db, { bundle: r.id, text: 'PLEG is not healthy' });
    expect(page.lines).toHaveLength(1);
    expect(page.lines[0]).toMatchObject({ artifact: 'logs/journal/kubelet.service.log', line: 1, text: KUBELET_LINE });
    const detail = await bundlesApi(db).getBundle(r.id);
    expect(detail.format).toBe('manifest');
    expect(detail.facts.hostname).toBe('node1');
    expect(detail.completeness).toEqual([{ path: 'network/ipvsadm.txt', kind: 'ipvsadm', problem: 'skipped', detail: 'ipvsadm not found' }]);
  });

  it('adopts entries that came before a manifest packed last: listed ones take its kinds, others stay guessed', async () => {
    const top = 'nodescope-node1-20261105T100000Z';
    const manifest = manifestFor('node1', [{ path: 'logs/journal/kubelet.service.log', kind: 'journal', command: 'journalctl -u kubelet.service' }]);
    const r = await ingestBundle(
      db,
      await writeTar(file('late.tar.gz'), [
        { name: `${top}/logs/journal/kubelet.service.log`, content: `${KUBELET_LINE}\n` },
        { name: `${top}/notes/extra.txt`, content: 'not in the manifest\n' },
        { name: `${top}/manifest.json`, content: JSON.stringify(manifest) },
      ]),
    );
    const detail = await bundlesApi(db).getBundle(r.id);
    expect(detail.format).toBe('manifest');
    expect(detail.guessedCount).toBe(1);
    const artifacts = await bundlesApi(db).listArtifacts(r.id);
    expect(artifacts.find((a) => a.path === 'logs/journal/kubelet.service.log')).toMatchObject({ kind: 'journal', kindGuessed: false });
    expect(artifacts.find((a) => a.path === 'notes/extra.txt')).toMatchObject({ kind: 'text', kindGuessed: true });
  });

  it('indexes the source and the whole line (klog header, pid, message) but not prefix clock times', async () => {
    const r = await ingestBundle(db, await collectorBundle());
    const hits = (text: string) => searchLogs(db, { bundle: r.id, text }).lines.map((l) => l.line);
    expect(hits('kubelet.go:1829')).toEqual([1]);
    // The source column: both lines of the kubelet unit's export, its "-- No entries --" banner too.
    expect(hits('kubelet')).toEqual([1, 2]);
    expect(hits('583544')).toEqual([]);
    expect(hits('548093')).toEqual([1]);
    expect(hits('E1105')).toEqual([1]);
  });

  it('is recognised by sha256 the second time, not read again', async () => {
    const f = await collectorBundle();
    const first = await ingestBundle(db, f);
    const second = await ingestBundle(db, f);
    expect(second).toMatchObject({ id: first.id, status: 'known' });
    expect(bundleCount()).toBe(1);
  });

  it('keeps raw bytes so evidence can be quoted byte-exact', async () => {
    const r = await ingestBundle(db, await collectorBundle());
    const content = await bundlesApi(db).readArtifact(r.id, 'logs/journal/kubelet.service.log');
    expect(content.data).toBe(`${KUBELET_LINE}\n-- No entries --\n`);
  });

  it('refuses a manifest of a newer format version with a clear message', async () => {
    const m = { ...manifestFor('node1', []), formatVersion: 99 };
    const f = await writeTar(file('new.tar.gz'), [{ name: 'x/manifest.json', content: JSON.stringify(m) }]);
    await expect(ingestBundle(db, f)).rejects.toThrow(/format version 99 is newer than this nodescope understands/);
    expect(bundleCount()).toBe(0);
  });

  it('lists manifest items missing from the archive', async () => {
    const m = manifestFor('node1', [{ path: 'proc/loadavg', kind: 'proc-loadavg' }]);
    const f = await writeTar(file('m.tar.gz'), [{ name: 'x/manifest.json', content: JSON.stringify(m) }]);
    const r = await ingestBundle(db, f);
    expect(r.incomplete).toBe(true);
    expect(r.errors).toContainEqual({ path: 'proc/loadavg', message: 'listed in manifest.json but not in the archive' });
  });
});

describe('a plain tarball or folder without manifest', () => {
  it('has its kinds guessed from path and content, and says so', async () => {
    const f = await writeTar(
      file('plain.tgz'),
      [
        { name: 'var/log/pods/kube-system_coredns-1_uid/coredns/0.log', content: '2026-11-05T10:00:00.1Z stdout F [ERROR] plugin/errors: 2 example.org. A: read udp 10.0.0.1:53: i/o timeout\n' },
        { name: 'profiles/weird-name', content: '# Generated by iptables-save v1.8.9 (nf_tables)\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' },
      ],
      false,
    );
    const r = await ingestBundle(db, f);
    expect(r.status).toBe('new');
    expect(r.guessedCount).toBe(2);
    const artifacts = await bundlesApi(db).listArtifacts(r.id);
    expect(artifacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'var/log/pods/kube-system_coredns-1_uid/coredns/0.log', kind: 'cri-log', kindGuessed: true }),
        expect.objectContaining({ path: 'profiles/weird-name', kind: 'iptables-save', kindGuessed: true }),
      ]),
    );
    expect(searchLogs(db, { bundle: r.id, text: 'i/o timeout' }).lines).toHaveLength(1);
  });

  it('reads an unpacked folder, never following a symlink out of it', async () => {
    const folder = file('bundle-dir');
    fs.mkdirSync(path.join(folder, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'logs', 'app.log'), 'level=error msg="disk full"\n');
    fs.symlinkSync('/etc/passwd', path.join(folder, 'logs', 'passwd'));
    const r = await ingestBundle(db, folder);
    expect(r.errors).toEqual([{ path: 'logs/passwd', message: 'symbolic link to /etc/passwd leaves the bundle; not followed' }]);
    expect(searchLogs(db, { bundle: r.id, text: 'disk' }).lines[0].text).toBe('level=error msg="disk full"');
  });
});

describe('a node that churns pods (thousands of small log files)', () => {
  it('commits as its files come, so the index worker indexes them while the rest is read', async () => {
    // 640 pod logs of about 14 KiB: each is read whole as its head, 8.7 MiB in all.
    const line = (pod: number, i: number) => `2026-11-05T10:00:${String(i % 60).padStart(2, '0')}.000000000Z stderr F pod web-${pod} request ${i} failed\n`;
    const perPod = 200;
    const pods = Array.from({ length: 640 }, (_, pod) => ({
      name: `logs/pods/default_web-${pod}/app/0.log`,
      content: Array.from({ length: perPod }, (_, i) => line(pod, i)).join(''),
    }));
    const f = await writeTar(file('churn.tar.gz'), pods);
    const exec = db.exec.bind(db);
    let commits = 0;
    db.exec = (sql: string) => {
      if (sql === 'COMMIT') commits++;
      return exec(sql);
    };
    try {
      await ingestBundle(db, f);
    } finally {
      db.exec = exec;
    }
    // One commit per 4 MiB read (two), then the lines' last commit and the publication.
    expect(commits).toBeGreaterThanOrEqual(4);
    expect(searchLogs(db, { bundle: 1, text: 'web-639 request 199 failed' }).lines).toHaveLength(1);
    expect((db.prepare('SELECT count(*) AS n FROM log_lines').get() as { n: number }).n).toBe(640 * perPod);
  });
});

describe('hostile and broken archives', () => {
  it('refuses path traversal, absolute paths, links out of the archive and devices, and reads the rest', async () => {
    const f = await writeTar(file('evil.tar.gz'), [
      { name: '../../etc/cron.d/evil', content: 'pwned' },
      { name: '/etc/passwd', content: 'root::0:0' },
      { name: 'logs/link', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'logs/hard', type: 'link', linkname: 'logs/ok.log' },
      { name: 'dev/sda', type: 'block-device' },
      { name: 'logs/ok.log', content: 'fine\n' },
      { name: 'logs/ok.log', content: 'second copy\n' },
    ]);
    const r = await ingestBundle(db, f);
    expect(r.status).toBe('new');
    expect(r.incomplete).toBe(true);
    expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      '../../etc/cron.d/evil: path traversal ("..") refused',
      '/etc/passwd: absolute path refused',
      'dev/sda: device file refused',
      'logs/ok.log: duplicate entry name; the first one was kept',
      'logs/link: symbolic link to /etc/shadow leaves the bundle; not followed',
    ]);
    const paths = (await bundlesApi(db).listArtifacts(r.id)).map((a) => a.path);
    expect(paths).toEqual(['logs/ok.log']);
    expect(fs.existsSync(path.join(dir, '..', '..', 'etc', 'cron.d', 'evil'))).toBe(false);
  });

  it('stops a gzip bomb at the cap and keeps what came before', async () => {
    const letters = Buffer.alloc(64 * 1024 * 1024, 'a');
    const f = await writeTar(file('bomb.tar.gz'), [
      { name: 'logs/first.log', content: 'before the bomb\n' },
      { name: 'logs/bomb.log', content: letters },
      { name: 'logs/after.log', content: 'after\n' },
    ]);
    expect(fs.statSync(f).size).toBeLessThan(200_000);
    const r = await ingestBundle(db, f, { limits: { maxEntryBytes: 1 << 20, ratioFloorBytes: 8 << 20, maxRatio: 100 } });
    expect(r.incomplete).toBe(true);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/only the first 1048576 were kept[\s\S]*stopped reading at logs\/bomb.log: the archive expands more than 100:1 \(a decompression bomb\?\)/);
    const bomb = (await bundlesApi(db).listArtifacts(r.id)).find((a) => a.path === 'logs/bomb.log');
    expect(bomb).toMatchObject({ bytes: 1 << 20, truncated: true });
    expect(searchLogs(db, { bundle: r.id, text: 'before' }).lines).toHaveLength(1);
  });

  describe('a tar czf of /var/log whose lastlog, a sparse file, was archived whole (its holes as zeros)', () => {
    const varLog = (zeros: number) =>
      writeTar(file('var-log.tar.gz'), [
        { name: 'var/log/lastlog', content: Buffer.alloc(zeros) },
        { name: 'var/log/syslog', content: 'Dec  6 10:00:00 node1 kubelet[1]: failed to sync pod web\n' },
      ]);

    it('reads the logs after it: zeros expand past any ratio, but they are a file\'s holes, not a bomb', async () => {
      // 32 MiB of zeros in a 40 KB gzip: 800:1, past this test's 100:1, which stopped the reading there.
      const r = await ingestBundle(db, await varLog(32 << 20), { limits: { ratioFloorBytes: 8 << 20, maxRatio: 100 } });
      expect(r.errors).toEqual([]);
      expect(searchLogs(db, { bundle: r.id, text: 'sync pod' }).lines).toHaveLength(1);
      expect((await bundlesApi(db).listArtifacts(r.id)).find((a) => a.path === 'var/log/lastlog')).toMatchObject({ kind: 'binary', bytes: 32 << 20 });
    });

    it('stops past the bytes of zeros an archive may expand to, naming the file and why', async () => {
      const r = await ingestBundle(db, await varLog(32 << 20), { limits: { maxZeroBytes: 16 << 20 } });
      expect(r.incomplete).toBe(true);
      expect(r.errors.map((e) => e.message)).toContain(
        'stopped reading at var/log/lastlog: more than 16777216 bytes of zeros (the holes of a sparse file such as /var/log/lastlog, or a decompression bomb); the files before it were read',
      );
    });
  });

  it('ingests what a truncated archive holds and marks the bundle incomplete', async () => {
    const whole = await makeTar(
      Array.from({ length: 20 }, (_, i) => ({ name: `logs/f${i}.log`, content: `line of file ${i}\n`.repeat(2000) })),
    );
    const f = file('cut.tar.gz');
    fs.writeFileSync(f, whole.subarray(0, Math.floor(whole.length / 2)));
    const r = await ingestBundle(db, f);
    expect(r.incomplete).toBe(true);
    expect(r.errors.at(-1)?.message).toMatch(/archive is truncated.*after \d+ files/);
    expect((await bundlesApi(db).listArtifacts(r.id)).length).toBeGreaterThan(0);
  });

  it.each([
    ['an empty file', () => Buffer.alloc(0), /empty file \(0 bytes\)/],
    ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)), /not a bundle: neither an archive \(tar, gzip, xz, bzip2, zstd or zip\) nor a folder, nor a log file$/],
    ['a corrupt gzip header', () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0xff]), Buffer.alloc(600, 0x41)]), /gzip data is corrupt: .*before any file could be read/],
    ['a gzip of plain text', () => zlib.gzipSync('just some text, not a tar at all\n'.repeat(30)), /not a bundle: it is gzip-compressed, but what it holds is neither a tar archive nor a log file \(before any file could be read\)$/],
  ])('refuses %s as unreadable, naming the file', async (_what, bytes, message) => {
    const f = file('bad.tgz');
    fs.writeFileSync(f, bytes());
    const err = await ingestBundle(db, f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableInputError);
    expect((err as Error).message).toContain(f);
    expect((err as Error).message).toMatch(message);
    expect(bundleCount()).toBe(0);
  });

  it('says a missing file is missing', async () => {
    await expect(ingestBundle(db, file('nope.tar.gz'))).rejects.toThrow(/nope\.tar\.gz: no such file or folder/);
  });
});

describe('cancelling', () => {
  it('leaves the workspace unchanged', async () => {
    const f = await writeTar(file('c.tar.gz'), Array.from({ length: 50 }, (_, i) => ({ name: `logs/f${i}.log`, content: 'x\n'.repeat(1000) })));
    const ac = new AbortController();
    let seen = 0;
    const p = ingestBundle(db, f, {
      signal: ac.signal,
      onProgress: (pr) => {
        seen = pr.entries;
        if (pr.entries >= 10) ac.abort();
      },
    });
    await expect(p).rejects.toThrow(/ingest cancelled; the workspace is unchanged/);
    expect(seen).toBeGreaterThanOrEqual(10);
    expect(bundleCount()).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM log_lines').get() as { n: number }).n).toBe(0);
    const again = await ingestBundle(db, f);
    expect(again.status).toBe('new');
  });

  it('after the stage was committed midway, takes its artifacts, chunks and lines with it', async () => {
    // 40 files of about 300 KB: the stage commits every 4 MiB, so two commits are on disk when the cancel comes.
    const line = (i: number) => `2026-11-05T09:50:${String(i % 60).padStart(2, '0')}Z kubelet: attempt ${i} failed\n`;
    const content = Array.from({ length: 6000 }, (_, i) => line(i)).join('');
    const f = await writeTar(file('big.tar.gz'), Array.from({ length: 40 }, (_, i) => ({ name: `logs/f${i}.log`, content })));
    const ac = new AbortController();
    const p = ingestBundle(db, f, { signal: ac.signal, onProgress: (pr) => pr.entries >= 30 && ac.abort() });
    await expect(p).rejects.toThrow(/ingest cancelled/);
    const left = db.prepare('SELECT (SELECT count(*) FROM artifacts) AS artifacts, (SELECT count(*) FROM artifact_chunks) AS chunks, (SELECT count(*) FROM log_lines) AS lines').get();
    expect(left).toEqual({ artifacts: 0, chunks: 0, lines: 0 });
    // The checks the reading went without are back: a later delete cascades.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('reads the entries without foreign-key checks, and has them back for the rules and after', async () => {
    const f = await writeTar(file('keys.tar.gz'), [{ name: 'logs/kubelet.log', content: `${KUBELET_LINE}\n`.repeat(20) }]);
    const during: number[] = [];
    const r = await ingestBundle(db, f, { onProgress: (p) => during.push(db.pragma('foreign_keys', { simple: true }) as number) });
    expect(during[0]).toBe(0);
    // The last progress comes once the bundle is published, after the rules ran.
    expect(during.at(-1)).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare('DELETE FROM artifacts WHERE bundle_id = ?').run(r.id);
    expect(db.prepare('SELECT count(*) FROM log_lines WHERE bundle_id = ?').pluck().get(r.id)).toBe(0);
  });

  it('has the checks back after an ingest that failed while reading', async () => {
    const f = await writeTar(file('fails.tar.gz'), [{ name: 'logs/kubelet.log', content: `${KUBELET_LINE}\n`.repeat(20) }]);
    const boom = (): never => {
      throw new Error('disk gone');
    };
    await expect(ingestBundle(db, f, { onProgress: (p) => p.entries >= 1 && boom() })).rejects.toThrow('disk gone');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(bundleCount()).toBe(0);
  });

  it('counts a long line by template from its head alone, wide characters and all', async () => {
    // The counter reads a line's first characters from SQLite (substr counts code points, JavaScript
    // UTF-16 units): a head long enough to mask the same as the whole line.
    const pieces = (i: number) => Array.from({ length: 120 }, (_, k) => `🚀 naïve took ${(i + 1) * 7919 + k} ms`).join(', ');
    const wide = (i: number) => `2026-11-05T09:50:27Z kubelet: pod 🐳 ${pieces(i)}`;
    const f = await writeTar(file('wide.tar.gz'), [{ name: 'logs/wide.log', content: Array.from({ length: 40 }, (_, i) => wide(i)).join('\n') }]);
    const r = await ingestBundle(db, f);
    const whole = new TemplateCounter(null);
    for (const [id, level, text] of db.prepare('SELECT id, level, text FROM log_lines WHERE bundle_id = ? ORDER BY id').raw().all(r.id) as [number, number | null, string][]) {
      whole.add(id, level, text);
    }
    expect(storedTemplates(db, r.id)).toEqual(whole.result());
    expect(whole.result().lines).toBe(40);
  });

  it('once the bundle is published, keeps it: only the log template counts are left to a later compare', async () => {
    const f = await writeTar(file('late.tar.gz'), [{ name: 'logs/kubelet.log', content: `${KUBELET_LINE}\n`.repeat(50) }]);
    const ac = new AbortController();
    const readyAsSaid: boolean[] = [];
    const onProgress = (p: IngestProgress) => {
      if (p.published === null) return;
      // Said once the bundle is there for any reader: it is listed as ready.
      readyAsSaid.push((db.prepare("SELECT state FROM bundles WHERE id = ?").pluck().get(p.published) as string) === 'ready');
      ac.abort();
    };
    const r = await ingestBundle(db, f, { signal: ac.signal, onProgress });
    expect(readyAsSaid).toEqual([true]);
    expect(r.status).toBe('new');
    expect(bundleCount()).toBe(1);
    expect(storedTemplates(db, r.id)).toBeNull();
    expect(cachedBundleTemplates(db, r.id)).toMatchObject({ lines: 50, overflow: 0 });
    expect(storedTemplates(db, r.id)?.lines).toBe(50);
  });
});
