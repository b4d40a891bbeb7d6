import { escapeHtml as h } from './escape';
import { flameSvg } from './flame-svg';
import { bundleFactRows, formatTime, formatValue, leftOutNote, percent } from './format';
import type { CompareSection, ReportBundle, ReportEvidence, ReportFinding, ReportModel, ReportProfile, TimelineEntry } from './model';

/**
 * The report as one self-contained HTML file: no script, no network (the CSP forbids both even if a
 * viewer were to find a way), styles inline, flame graphs as inline SVG. Every bundle string is escaped.
 */

/** Latin first, then Noto Sans CJK for Chinese, Japanese and Korean (Debian's fonts-noto-cjk). */
export const FONT_STACK = '"Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
export const MONO_STACK = '"Noto Sans Mono", "DejaVu Sans Mono", "Noto Sans Mono CJK SC", "Noto Sans Mono CJK JP", "Noto Sans Mono CJK KR", "Noto Sans CJK SC", monospace';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; base-uri 'none'";

const STYLE = `
body{font-family:${FONT_STACK};font-size:14px;line-height:1.45;color:#1b1b1b;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}h3{font-size:16px;margin:18px 0 6px}
.meta{color:#555;font-size:12px}.prose{white-space:pre-wrap}
table{border-collapse:collapse;margin:6px 0;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
code,pre,.mono{font-family:${MONO_STACK};font-size:11.5px}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;border:1px solid #e2e2e2;padding:6px;margin:4px 0}
.quote td.n{color:#777;text-align:right;user-select:none;white-space:nowrap}.quote .t{white-space:pre-wrap;word-break:break-all;font-family:${MONO_STACK};font-size:11.5px}
.sev{display:inline-block;font-size:11px;font-weight:bold;padding:0 5px;border-radius:3px;color:#fff;margin-right:6px}
.sev.critical{background:#b00020}.sev.warning{background:#b26a00}.sev.info{background:#44708f}
.note{border-left:3px solid #4a7;padding:2px 8px;background:#f1faf4}
.evidence{margin:6px 0 10px;page-break-inside:avoid}h2,h3{page-break-after:avoid}td.num{white-space:nowrap;text-align:right}td.fn{word-break:break-all}table.wide{width:100%;table-layout:fixed}.hash{color:#666;font-size:11px;word-break:break-all}
svg.flame{max-width:100%;height:auto;border:1px solid #ddd}
`;

function section(title: string, body: string): string {
  return `<section><h2>${h(title)}</h2>${body}</section>`;
}

function prose(text: string, empty: string): string {
  return text.trim() ? `<p class="prose">${h(text.trim())}</p>` : `<p class="meta">${h(empty)}</p>`;
}

function bundleHtml(b: ReportBundle): string {
  const rows = bundleFactRows(b);
  const table = `<table>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td class="mono">${h(v)}</td></tr>`).join('')}</table>`;
  const gaps = b.plain
    ? '<p>Completeness unknown: the archive has no collector manifest.</p>'
    : b.completeness.length
      ? `<p>Items the collector did not bring back whole:</p><table><tr><th>item</th><th>problem</th><th>detail</th></tr>${b.completeness
          .map((g) => `<tr><td class="mono">${h(g.path)}</td><td>${h(g.problem)}</td><td>${h(g.detail)}</td></tr>`)
          .join('')}</table>`
      : '<p>Complete: no item was skipped, timed out, truncated or failed.</p>';
  const errors = b.errors.length
    ? `<p>Ingest problems:</p><ul>${b.errors.map((e) => `<li><span class="mono">${h(e.path ?? '(archive)')}</span>: ${h(e.message)}</li>`).join('')}</ul>`
    : '';
  return `<h3>${h(b.role === 'bundle' ? 'This node' : 'Reference node')}: ${h(b.node)}</h3>${table}${gaps}${errors}`;
}

function evidenceHtml(e: ReportEvidence): string {
  const head = `<div><span class="mono">${h(e.artifact)}</span>${e.note ? ` — ${h(e.note)}` : ''}</div>`;
  const hash = `<div class="hash">sha256 ${h(e.sha256 ?? 'not in the bundle')}</div>`;
  const rows = e.lines.map((l) => `<tr><td class="n">${l.line ?? ''}</td><td class="t">${h(l.text)}</td></tr>`).join('');
  return `<div class="evidence">${head}<table class="quote">${rows}</table>${hash}</div>`;
}

function linkHtml(url: string): string {
  return /^https?:\/\/[^\s"<>]+$/.test(url) ? `<a href="${h(url)}">${h(url)}</a>` : h(url);
}

/** Why the finding fired and what was ruled out (findings stored before the field existed have none). */
function whyHtml(f: ReportFinding): string {
  if (!f.why) return '';
  const fired = f.why.firedBecause.length ? `<p><b>Why it fired.</b> ${h(f.why.firedBecause.join('; '))}.</p>` : '';
  const out = f.why.ruledOut.length ? `<p><b>Ruled out.</b> ${h(f.why.ruledOut.join('; '))}.</p>` : '';
  return fired + out;
}

function findingHtml(f: ReportFinding, i: number): string {
  return (
    `<div class="finding"><h3>${i + 1}. <span class="sev ${h(f.severity)}">${h(f.severity.toUpperCase())}</span>${h(f.title)}</h3>` +
    `<p>${h(f.summary)}</p>` +
    whyHtml(f) +
    (f.note.trim() ? `<div class="note"><b>Note:</b> <span class="prose">${h(f.note.trim())}</span></div>` : '') +
    `<p><b>What it means.</b> ${h(f.meaning)}</p><p><b>What to do.</b> ${h(f.remedy)}</p>` +
    (f.links.length ? `<p class="meta">${f.links.map(linkHtml).join(' · ')}</p>` : '') +
    `<p><b>Evidence</b> <span class="meta">(rule ${h(f.rule)})</span></p>${f.evidence.map(evidenceHtml).join('')}` +
    (f.unchecked.length ? `<p class="meta">Not checked: ${h(f.unchecked.join('; '))}</p>` : '') +
    '</div>'
  );
}

const TIMELINE_TEXT = 400;
const clip = (t: string): string => (t.length > TIMELINE_TEXT ? `${t.slice(0, TIMELINE_TEXT)}…` : t);

function timelineHtml(t: TimelineEntry[]): string {
  if (!t.length) return '<p class="meta">No quoted line carries a time.</p>';
  const rows = t.map(
    (e) =>
      `<tr><td class="mono">${h(formatTime(e.time))}</td><td>${e.severity ? `<span class="sev ${h(e.severity)}">${h(e.severity.toUpperCase())}</span>` : ''}${h(e.what)}</td>` +
      `<td>${e.artifact === null ? '' : `<div class="hash mono">${h(`${e.artifact}${e.line === null ? '' : `:${e.line}`}`)}</div>`}<div class="t">${h(clip(e.text))}</div></td></tr>`,
  );
  return `<table class="quote wide"><colgroup><col style="width:17%"><col style="width:23%"><col></colgroup><tr><th>time (UTC)</th><th>what</th><th>quoted line</th></tr>${rows.join('')}</table>`;
}

function profileHtml(p: ReportProfile): string {
  const head = `<h3 class="mono">${h(p.path)}${p.focus ? ` — ${h(p.focus)}` : ''}</h3><div class="hash">sha256 ${h(p.sha256 ?? 'not in the bundle')}</div>`;
  if (p.error || !p.root) return `${head}<p>${h(p.error ?? 'nothing to draw')}</p>`;
  const fmt = (v: number) => formatValue(v, p.sampleType);
  const share = p.focus ? `${p.focus} and its callees: ${fmt(p.root.value)} of ${fmt(p.total)} (${percent(p.root.value, p.total)}) ${p.sampleType}` : `${fmt(p.total)} ${p.sampleType}`;
  const top = `<table><tr><th>function</th><th>flat</th><th>flat %</th><th>cum</th><th>cum %</th></tr>${p.top
    .map((r) => `<tr><td class="mono fn">${h(r.name)}</td><td class="num">${h(fmt(r.flat))}</td><td class="num">${percent(r.flat, p.total)}</td><td class="num">${h(fmt(r.cum))}</td><td class="num">${percent(r.cum, p.total)}</td></tr>`)
    .join('')}</table>`;
  return `${head}<p>${h(share)}</p>${flameSvg(p.root, { format: fmt, width: 760 })}<p class="meta">Top functions${p.focus ? ' of the stacks through it' : ''} (as go tool pprof -top; % of the whole profile)</p>${top}`;
}

function compareHtml(model: ReportModel, sections: CompareSection[]): string {
  const ref = model.reference!;
  const intro = `<p>This node (<span class="mono">${h(model.bundle.node)}</span>) against the reference node (<span class="mono">${h(ref.node)}</span>); only what differs is listed.</p>`;
  return (
    intro +
    sections
      .map((s) => `<h3>${h(s.title)}</h3>${s.identical ? '<p class="meta">No difference.</p>' : `<pre>${h(s.lines.join('\n'))}</pre>`}`)
      .join('')
  );
}

function artifactsHtml(model: ReportModel): string {
  if (!model.artifacts.length) return '<p class="meta">The report quotes no artifact.</p>';
  const rows = model.artifacts.map(
    (a) => `<tr><td class="mono">${h(a.path)}</td><td>${h(a.node)}</td><td>${a.bytes}</td><td class="mono hash">${h(a.sha256)}</td></tr>`,
  );
  return `<p>Check any quote against the original tarball: extract the artifact and compare its sha256.</p><table><tr><th>artifact</th><th>node</th><th>bytes</th><th>sha256</th></tr>${rows.join('')}</table>`;
}

export function renderHtml(model: ReportModel): string {
  const bundles = [model.bundle, ...(model.reference ? [model.reference] : [])];
  const body = [
    `<h1>${h(model.title)}</h1><p class="meta">Generated by nodescope on ${h(formatTime(model.generatedAt))} from bundle ${h(model.bundle.sha256)}</p>`,
    section('Summary', prose(model.summary, 'No summary written.')),
    section('Impact', prose(model.impact, 'No impact statement written.')),
    section(`Findings (${model.findings.length})`, model.findings.map(findingHtml).join('') + paragraph(leftOutNote(model.findings.length, model.leftOut))),
    section('Timeline', timelineHtml(model.timeline)),
    ...(model.profiles.length ? [section('Profiles', model.profiles.map(profileHtml).join(''))] : []),
    ...(model.comparison ? [section('Comparison', compareHtml(model, model.comparison.sections))] : []),
    section(bundles.length > 1 ? 'Bundles' : 'Bundle', bundles.map(bundleHtml).join('')),
    section('Quoted artifacts', artifactsHtml(model)),
  ];
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">` +
    `<title>${h(model.title)}</title><style>${STYLE}</style></head><body>\n${body.join('\n')}\n</body></html>\n`
  );
}

function paragraph(text: string): string {
  return text ? `<p class="meta">${h(text)}</p>` : '';
}
