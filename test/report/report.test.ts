import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDraft, ReportExport } from '../../shared/api/report';
import { ingestBundle } from '../../main/engine/ingest';
import { storedFindings } from '../../main/engine/findings/api';
import { createReportApi } from '../../main/engine/report/api';
import { openWorkspace, type Db } from '../../main/engine/store/workspace';
import { tempDir, writeTar } from '../support/tarball';
import { CJK, HOSTILE, HOSTILE_LINES, HOT_FUNCTION, KERN_LOG, KUBELET_JOURNAL, NODE, REFERENCE_NODE, writeIncidentBundle, writeReferenceBundle } from './incident';
import { htmlDom, markdownOutsideFences, RESULTS } from './inspect';

/**
 * Issue 8: the incident report of a node whose kubelet logged a hostile workload's markup next to a real
 * crash loop, OOM kill and hung task, with kube-proxy burning CPU in realIPGetter.NodeIPs (field case 6).
 */

const sha256 = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');
const text = (e: ReportExport): string => (expect(e.encoding).toBe('utf8'), e.data);

let tmp: { dir: string; cleanup: () => void };
let db: Db;
let bad: { id: number; file: string };
let good: { id: number; file: string };
const api = () => createReportApi(db, { now: () => new Date('2026-11-10T16:00:00Z') });

beforeAll(async () => {
  tmp = tempDir('nodescope-report-');
  db = openWorkspace(path.join(tmp.dir, 'workspace.db'));
  const badFile = await writeIncidentBundle(tmp.dir);
  const goodFile = await writeReferenceBundle(tmp.dir);
  bad = { id: (await ingestBundle(db, badFile)).id, file: badFile };
  good = { id: (await ingestBundle(db, goodFile)).id, file: goodFile };
});

afterAll(() => {
  db?.close();
  tmp?.cleanup();
});

async function composed(compare: number | null): Promise<ReportDraft> {
  const d = await api().reportDraft(bad.id, compare);
  return {
    ...d,
    summary: `kube-proxy on ${NODE} burns two CPUs; the sync<script> workload crash-loops.\n\nSecond paragraph with *stars* and [a link](https://example.com).`,
    impact: 'Services on the node answer slowly; 数据同步 is down.',
  };
}

describe('the draft', () => {
  it('chooses every finding above info, in the bundle order, and the profile the hotspot finding quotes', async () => {
    const d = await api().reportDraft(bad.id);
    expect(d.findings.map((f) => f.key)).toEqual(['profile-hotspot#0', 'oom-kill#0', 'hung-task#0', 'crashloop-backoff#0']);
    expect(d.findings.some((f) => f.key.startsWith('unregister-netdevice-leak'))).toBe(false);
    expect(d.profiles).toEqual([{ path: 'pprof/kube-proxy/cpu.pb.gz', focus: HOT_FUNCTION, sample: null }]);
    expect(d.title).toBe(`Incident report: ${NODE}`);
  });
});

describe('HTML', () => {
  let html: string;
  beforeAll(async () => {
    const d = await composed(null);
    // The operator put the hostile crash loop first, with a note that itself holds markup.
    d.findings = [{ key: 'crashloop-backoff#0', note: `Ask the team of ${CJK} <b>why</b>` }, ...d.findings.filter((f) => f.key !== 'crashloop-backoff#0')];
    const out = await api().exportReport(d, 'html');
    expect(out.fileName).toBe(`nodescope-report-${NODE}-20261110.html`);
    html = text(out);
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'incident.html'), html);
  });

  it('is one file with no script and nothing to fetch', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\s(src|srcset|background|poster|data|action|formaction)\s*=/i);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img|base|meta http-equiv="refresh")/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('holds the findings in the chosen order with meaning, remedy, note and quoted evidence lines', () => {
    const titles = [...html.matchAll(/<h3>\d+\. <span class="sev \w+">\w+<\/span>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Containers in CrashLoopBackOff',
      'One function dominates a component&#39;s CPU or heap profile',
      'Processes killed by the kernel OOM killer',
      'Tasks blocked in the kernel for minutes (hung_task)',
    ]);
    expect(html).toContain(`Ask the team of ${CJK} &lt;b&gt;why&lt;/b&gt;`);
    expect(html).toContain('<b>What it means.</b> The kernel ran out of memory');
    // Why each finding fired and what it ruled out, as the Findings view shows them.
    expect(html).toContain('<p><b>Why it fired.</b> the kernel logged 1 OOM kill.</p>');
    expect(html).toContain('<b>Ruled out.</b> a short I/O wait: the detector reports only tasks blocked past hung_task_timeout_secs');
    // kern.log line 21 of the node, quoted with its number.
    const kern = KERN_LOG.toString('utf8').split('\n');
    expect(html).toContain(`<tr><td class="n">21</td><td class="t">${kern[20]}</td></tr>`);
    // The hung task's 19 lines, each numbered.
    expect(html).toContain('<td class="n">19</td>');
  });

  it('carries the sha256 of the bundle and of every quoted artifact, as computed from the original files', () => {
    expect(html).toContain(sha256(fs.readFileSync(bad.file)));
    expect(html).toContain(sha256(KERN_LOG));
    const journal = Buffer.concat([KUBELET_JOURNAL, Buffer.from(`${HOSTILE_LINES.join('\n')}\n`)]);
    expect(html).toContain(sha256(journal));
  });

  it('lists node facts, collection time, collector version and what the collector did not bring back', () => {
    expect(html).toContain('<th>Kubelet</th><td class="mono">v1.28.4</td>');
    expect(html).toContain('2026-11-10 14:18:00 UTC to 2026-11-10 14:21:30 UTC');
    expect(html).toContain('nodescope-collect.sh 0.1.0');
    expect(html).toContain('<td class="mono">network/ipvsadm.txt</td><td>skipped</td><td>ipvsadm not found on PATH</td>');
    expect(html).toContain('<td>timed-out</td>');
  });

  it('builds the timeline from the quoted lines\' times, in order', () => {
    const times = [...html.matchAll(/<tr><td class="mono">(2026-11-10 [\d:.]+ UTC)<\/td>/g)].map((m) => m[1]);
    expect(times).toContain('2026-11-10 14:19:30.100 UTC');
    expect(times).toContain('2026-11-10 14:18:00 UTC');
    expect([...times].sort()).toEqual(times);
  });

  it('draws the hot function\'s subtree as an inline SVG flame graph with its top table', () => {
    const svg = /<svg [^>]*class="flame"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toContain(`<title>${HOT_FUNCTION.replace(/'/g, '&#39;')}: 48.00 s (100.0% of this graph)`);
    expect(svg).toContain('net.interfaceAddrTable');
    expect(svg).not.toContain('syncService');
    expect(html).toContain('and its callees: 48.00 s of 62.00 s (77.4%) cpu/nanoseconds');
    expect(html).toMatch(/<td class="mono fn">syscall\.Syscall6<\/td><td class="num">21\.00 s<\/td><td class="num">33\.9%<\/td>/);
  });

  it('shows the hostile lines as text: in a browser they make no element, comment or request', async () => {
    const dom = await htmlDom(html);
    expect(dom.requests).toEqual([]);
    expect(dom.dialogs).toEqual([]);
    expect(dom.elements).toEqual({ script: 0, img: 0, iframe: 0, svg: 1 });
    // The only links are the rules' references.
    const ruleLinks = new Set(storedFindings(db, bad.id).flatMap((f) => f.links));
    expect(dom.hrefs.length).toBeGreaterThan(0);
    for (const href of dom.hrefs) expect(ruleLinks.has(href)).toBe(true);
    expect(dom.comments).toBe(0);
    expect(dom.quoted).toContain(HOSTILE_LINES[0]);
    expect(dom.quoted).toContain(HOSTILE_LINES[1]);
    expect(dom.bodyText).toContain(`Ask the team of ${CJK} <b>why</b>`);
    // Chromium draws the Chinese text with Noto Sans CJK (what it prints to PDF with), not a box font.
    expect(dom.cjkFonts.some((f) => /^Noto Sans (Mono )?CJK/.test(f))).toBe(true);
  });
});

describe('Markdown', () => {
  let md: string;
  beforeAll(async () => {
    md = text(await api().exportReport(await composed(null), 'markdown'));
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'incident.md'), md);
  });

  it('holds titles, numbered evidence lines in fences, and the hashes', () => {
    expect(md).toContain(`# Incident report: ${NODE}`);
    expect(md).toContain('### 2. WARNING: Processes killed by the kernel OOM killer');
    expect(md).toContain('20 | Memory cgroup out of memory: Kill process 2231 (fluentd) score 1087 or sacrifice child');
    expect(md).toContain(`51 | ${HOSTILE_LINES[0]}`);
    expect(md).toContain(sha256(fs.readFileSync(bad.file)));
    expect(md).toContain(sha256(KERN_LOG));
    expect(md).toContain(`${HOT_FUNCTION.replace(/[*_]/g, '\\$&')} and its callees`);
  });

  it('lets no bundle text become HTML, a comment, a link or an image outside the code fences', () => {
    const outside = markdownOutsideFences(md);
    expect(outside).not.toMatch(/<(?!https:\/\/)[a-z!/]/i);
    expect(outside).not.toMatch(/(^|[^\\])\]\(/m);
    expect(outside).not.toContain('<!--');
    // The crash loop's summary names the hostile container and pod: escaped, still readable.
    expect(outside).toContain('sync&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(outside).toContain('&lt;img src=x onerror=alert(2)&gt;');
    // The operator's own summary is escaped the same way.
    expect(outside).toContain('\\[a link\\](https:\\/\\/example.com)');
    expect(outside).toContain('\\*stars\\*');
  });

  it('puts the timeline in a table whose cells cannot break out of it', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| 2026-11-10'));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length).toBe(6);
  });
});

describe('PDF', () => {
  it('prints with the machine\'s Chromium, CJK node name and log text included (pages in test-results/report to look at)', async () => {
    const out = await api().exportReport(await composed(null), 'pdf');
    expect(out.encoding).toBe('base64');
    const pdf = path.join(RESULTS, 'incident.pdf');
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(pdf, Buffer.from(out.data, 'base64'));
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const txt = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(txt).toContain(NODE);
    expect(txt).toContain(CJK);
    expect(txt).toContain('Processes killed by the kernel OOM killer');
    for (const f of fs.readdirSync(RESULTS).filter((f) => /^incident-page-\d+\.png$/.test(f))) fs.rmSync(path.join(RESULTS, f));
    execFileSync('pdftoppm', ['-r', '70', '-png', pdf, path.join(RESULTS, 'incident-page')]);
    expect(fs.readdirSync(RESULTS).filter((f) => /^incident-page-\d+\.png$/.test(f)).length).toBeGreaterThan(3);
  });
});

describe('with a comparison', () => {
  it('adds what differs from the reference node and its bundle, in all three formats', async () => {
    const d = await composed(good.id);
    const html = text(await api().exportReport(d, 'html'));
    const md = text(await api().exportReport(d, 'markdown'));
    const pdf = await api().exportReport(d, 'pdf');
    for (const doc of [html, md]) {
      expect(doc).toContain('Comparison');
      // The reference's kube-proxy is quiet (its profile-hotspot is info); both crash-loop (one finding each).
      expect(doc).toContain('profile-hotspot: info → warning');
      expect(doc).toContain(sha256(fs.readFileSync(good.file)));
      expect(doc).toContain(REFERENCE_NODE);
    }
    expect(html).toContain('<h3>Reference node: beijing-worker-02</h3>');
    fs.writeFileSync(path.join(RESULTS, 'compare.html'), html);
    fs.writeFileSync(path.join(RESULTS, 'compare.md'), md);
    const file = path.join(RESULTS, 'compare.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.data, 'base64'));
    const txt = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(txt).toContain('Reference node: beijing-worker-02');
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '1', file, path.join(RESULTS, 'compare-page')]);
  });
});

describe('what a report leaves out', () => {
  it('says how many of the bundle\'s findings are not in it, by severity (a must-gather\'s twelve were all info: "No finding chosen." alone)', async () => {
    const all = storedFindings(db, bad.id);
    const info = all.filter((f) => f.severity === 'info').length;
    const d = await api().reportDraft(bad.id);
    expect(text(await api().exportReport(d, 'html'))).toContain(`Not in this report: ${info} other finding${info === 1 ? '' : 's'} of this bundle (${info} info).`);
    const none = text(await api().exportReport({ ...d, findings: [] }, 'markdown'));
    const warnings = all.filter((f) => f.severity === 'warning').length;
    expect(none).toContain(`No finding chosen: this bundle has ${all.length} findings (`);
    expect(none).toContain(`${warnings} warning`);
  });
});

describe('a plain tarball (no collector manifest)', () => {
  it('reports its findings and says that completeness is unknown rather than claiming it complete', async () => {
    const file = await writeTar(path.join(tmp.dir, 'var-log.tar.gz'), [{ name: 'var/log/kern.log', content: KERN_LOG }]);
    const id = (await ingestBundle(db, file)).id;
    const d = await api().reportDraft(id);
    expect(d.findings.map((f) => f.key)).toContain('oom-kill#0');
    const html = text(await api().exportReport(d, 'html'));
    expect(html).toContain('Completeness unknown: the archive has no collector manifest.');
    expect(html).toContain('none (a plain archive, not a collector bundle)');
    expect(html).not.toContain('Complete: no item was skipped');
    expect(html).toContain('<td class="n">20</td><td class="t">Memory cgroup out of memory: Kill process 2231 (fluentd) score 1087 or sacrifice child</td>');
  });
});
