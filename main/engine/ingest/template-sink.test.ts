import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/tarball';
import { countedLinesSql, countStoredLines, ROWS_PER_READ, storedTemplates, TemplateCounter } from '../compare/template-store';
import { openWorkspace } from '../store/workspace';

/**
 * The template counts of an ingest are made by the compiled worker thread once every line is read, and
 * what it has left at publishing in two halves with the ingest's thread (test/global-setup.ts builds
 * dist/): driven here through the CLI.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * A script for a child process on dist/: the template sink of bundle 1 counts while a wait of `waitMs`
 * lasts, then finishes. It prints the counts and how many slices this thread counted before finish().
 */
function countWhileWaiting(workspace: string, waitMs: number, first: number, last: number): string {
  const dist = (m: string) => JSON.stringify(path.join(REPO, 'dist', 'main', 'engine', m));
  return `
    const store = require(${dist('compare/template-store.js')});
    const { templateSink } = require(${dist('ingest/template-sink.js')});
    const { openWorkspace } = require(${dist('store/workspace.js')});
    const count = store.countStoredLines;
    let early = 0, finishing = false;
    // Each slice counted while waiting takes 100 ms more: the wait ends with part of the lines counted.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    store.countStoredLines = (...args) => {
      if (!finishing) { early++; Atomics.wait(pause, 0, 0, 100); }
      return count(...args);
    };
    const db = openWorkspace(${JSON.stringify(workspace)});
    const sink = templateSink(db, 1, ${first}, () => null);
    const wait = new Promise((resolve) => setTimeout(resolve, ${waitMs}));
    sink.countWhile(wait, ${last}).then(() => { finishing = true; return sink.finish(${last}); }).then((r) => {
      process.stdout.write(JSON.stringify({ early, lines: r.lines, overflow: r.overflow, templates: [...r.templates] }));
      db.close();
    });`;
}

const tmp = tempDir('nodescope-templates-');
const dir = tmp.dir;
afterAll(tmp.cleanup);

describe('log template counts stored at ingest', () => {
  it('equal a count of the stored lines, however the worker and the ingest thread shared them', () => {
    const logs = path.join(dir, 'node', 'var', 'log');
    fs.mkdirSync(logs, { recursive: true });
    // Enough lines for two halves of several reads each, in messages of a few dozen templates.
    const lines = Array.from({ length: 6 * ROWS_PER_READ }, (_, i) => {
      const pod = `web-${(i * 2654435761) >>> 20}`;
      const what = ['probe failed', 'back-off restarting failed container', 'volume mounted', 'image pulled'][i % 4];
      return `Nov  5 10:${String((i >> 10) % 60).padStart(2, '0')}:00 node1 kubelet[2101]: pod ${pod} ${what} after ${i % 97} ms\n`;
    });
    fs.writeFileSync(path.join(logs, 'syslog'), lines.join(''));
    // A sosreport's kind of text: thousands of distinct lines, stored to browse and search, no log messages.
    const commands = path.join(dir, 'node', 'sos_commands', 'process');
    fs.mkdirSync(commands, { recursive: true });
    const openFiles = Array.from({ length: 3 * ROWS_PER_READ }, (_, i) => {
      return `kubelet 2101 root mem REG 253,1 ${(i * 2654435761) >>> 8} ${(i * 40503) >>> 4} /usr/lib/x86_64-linux-gnu/lib${i}.so\n`;
    });
    fs.writeFileSync(path.join(commands, 'lsof_M_-n_-l'), openFiles.join(''));
    const bundle = path.join(dir, 'node.tar.gz');
    expect(spawnSync('tar', ['-czf', bundle, '-C', dir, 'node']).status).toBe(0);
    const file = path.join(dir, 'ws.db');
    const r = spawnSync(process.execPath, [path.join(REPO, 'main', 'nodescope.cjs'), 'ingest', bundle, '--db', file], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);

    const db = openWorkspace(file);
    const range = db.prepare('SELECT log_first, log_last FROM bundles WHERE id = 1').get() as { log_first: number; log_last: number };
    const counter = new TemplateCounter(null);
    countStoredLines(db, counter, 1, range.log_first, range.log_last);
    const expected = counter.result();
    const stored = storedTemplates(db, 1);
    const lsof = db.prepare("SELECT a.kind, count(l.id) AS n FROM artifacts a JOIN log_lines l ON l.artifact_id = a.id WHERE a.path LIKE '%/lsof_M_-n_-l'").get();
    db.close();
    expect(lsof).toEqual({ kind: 'text', n: openFiles.length });
    // The syslog's lines, not the open files'.
    expect(expected.lines).toBe(lines.length);
    expect(stored?.lines).toBe(expected.lines);
    expect(stored?.overflow).toBe(expected.overflow);
    expect(new Map([...(stored?.templates ?? [])].sort())).toEqual(new Map([...expected.templates].sort()));

    // While an ingest waits for its index, its thread counts the first lines; the worker and the half it
    // hands back count the rest: the same counts as one pass, whether the wait was long or none.
    for (const waitMs of [600, 0]) {
      const sink = spawnSync(process.execPath, ['-e', countWhileWaiting(file, waitMs, range.log_first, range.log_last)], { encoding: 'utf8', timeout: 120_000 });
      expect(sink.status, sink.stderr).toBe(0);
      const out = JSON.parse(sink.stdout) as { early: number; lines: number; overflow: number; templates: [string, unknown][] };
      // Part of the 9 slices of ROWS_PER_READ lines while waiting 600 ms (250 ms before starting, then 100 ms a
      // slice), none when the wait is over at once.
      if (waitMs) expect([out.early > 0, out.early < 9]).toEqual([true, true]);
      else expect(out.early).toBe(0);
      expect(out.lines).toBe(expected.lines);
      expect(out.overflow).toBe(expected.overflow);
      expect(new Map(out.templates.sort())).toEqual(new Map([...expected.templates].sort()));
    }
  });

  it('walks the lines by id, whatever the artifacts: never every line of every artifact once per slice', () => {
    const db = openWorkspace(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${countedLinesSql()}`).all(1, ROWS_PER_READ, 1) as { detail: string }[]).map((r) => r.detail);
    db.close();
    expect(plan[0]).toMatch(/^SEARCH l USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)$/);
    // Each line's artifact by its key: no list of artifacts made per slice.
    expect(plan.slice(1)).toEqual(['SEARCH a USING INTEGER PRIMARY KEY (rowid=?)']);
    expect(plan.join('\n')).not.toMatch(/log_lines_artifact/);
  });
});
