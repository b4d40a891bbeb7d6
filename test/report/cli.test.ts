import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodescope } from '../support/cli';
import { tempDir } from '../support/tarball';
import { NODE, REFERENCE_NODE, writeIncidentBundle, writeReferenceBundle } from './incident';

/** `nodescope report` as an operator runs it, through the built CLI. */

let tmp: { dir: string; cleanup: () => void };
let db: string;
let bad: string;
let good: string;
const out = (name: string) => path.join(tmp.dir, 'out', name);

beforeAll(async () => {
  tmp = tempDir('nodescope-report-cli-');
  db = path.join(tmp.dir, 'workspace.db');
  bad = await writeIncidentBundle(tmp.dir);
  good = await writeReferenceBundle(tmp.dir);
});

afterAll(() => tmp?.cleanup());

describe('nodescope report', () => {
  it('writes the HTML report of a bundle path, ingesting it on the way', () => {
    const r = nodescope(['report', bad, '-o', out('incident.html'), '--summary', 'kube-proxy burns CPU', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`wrote ${out('incident.html')}: html, 4 findings, 1 profiles, ${fs.statSync(out('incident.html')).size} bytes\n`);
    const html = fs.readFileSync(out('incident.html'), 'utf8');
    expect(html).toContain(`<h1>Incident report: ${NODE}</h1>`);
    expect(html).toContain('<p class="prose">kube-proxy burns CPU</p>');
  });

  it('takes chosen findings in order, a comparison and Markdown by the file name; ids work as well as paths', () => {
    const r = nodescope(['report', '1', '--compare', good, '--finding', 'crashloop-backoff#0', '--finding', 'oom-kill', '-o', out('ticket.md'), '--json', '--db', db]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ file: out('ticket.md'), format: 'markdown', findings: 2, profiles: 0, bytes: fs.statSync(out('ticket.md')).size });
    const md = fs.readFileSync(out('ticket.md'), 'utf8');
    expect([...md.matchAll(/^### (\d+)\. WARNING: (.*)$/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      '1 Containers in CrashLoopBackOff',
      '2 Processes killed by the kernel OOM killer',
    ]);
    expect(md).toContain(`### Reference node: ${REFERENCE_NODE}`);
    expect(md).toContain('## Comparison');
  });

  it('prints a PDF with the Chromium it finds', () => {
    const r = nodescope(['report', '1', '-o', out('incident.pdf'), '--db', db]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out('incident.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('says clearly that PDF needs a Chromium when there is none', () => {
    const r = nodescope(['report', '1', '-o', out('none.pdf'), '--db', db], { NODESCOPE_CHROMIUM: path.join(tmp.dir, 'no-such-chrome') });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^nodescope report: PDF export needs Chromium or Google Chrome, and none was found .*apt-get install chromium.*NODESCOPE_CHROMIUM/);
    expect(fs.existsSync(out('none.pdf'))).toBe(false);
  });

  it('refuses an output it cannot name a format for, and a finding the bundle does not have', () => {
    const ext = nodescope(['report', '1', '-o', out('x.txt'), '--db', db]);
    expect(ext.status).toBe(2);
    expect(ext.stderr).toContain('-o must name a .html, .md or .pdf file');
    const missing = nodescope(['report', '1', '-o', out('x.html'), '--finding', 'disk-pressure', '--db', db]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('the bundle has no finding disk-pressure (it has: profile-hotspot#0, oom-kill#0');
    const none = nodescope(['report', '1', '--db', db]);
    expect(none.status).toBe(2);
  });
});
