import type { FlameNode } from '../../../shared/api/profiles';
import { escapeMarkdownInline as md, escapeMarkdownText, markdownFence } from './escape';
import { bundleFactRows, formatTime, formatValue, leftOutNote, percent } from './format';
import type { ReportBundle, ReportEvidence, ReportFinding, ReportModel, ReportProfile } from './model';

/**
 * The report as Markdown for a ticket or a GitHub issue. Quoted lines go into code fences no content can
 * close; every other bundle string is escaped inline, so nothing from a node becomes a link, an image,
 * HTML or a heading.
 */

const TIMELINE_TEXT = 400;
const clip = (t: string): string => (t.length > TIMELINE_TEXT ? `${t.slice(0, TIMELINE_TEXT)}…` : t);
const SAFE_URL = /^https:\/\/[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+$/;

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function bundleMd(b: ReportBundle): string {
  const rows = bundleFactRows(b);
  const gaps = b.plain
    ? 'Completeness unknown: the archive has no collector manifest.'
    : b.completeness.length
      ? `Items the collector did not bring back whole:\n\n${table(['item', 'problem', 'detail'], b.completeness.map((g) => [md(g.path), md(g.problem), md(g.detail)]))}`
      : 'Complete: no item was skipped, timed out, truncated or failed.';
  const errors = b.errors.length ? `\n\nIngest problems:\n\n${b.errors.map((e) => `- ${md(e.path ?? '(archive)')}: ${md(e.message)}`).join('\n')}` : '';
  return `### ${b.role === 'bundle' ? 'This node' : 'Reference node'}: ${md(b.node)}\n\n${table(['', ''], rows.map(([k, v]) => [md(k), md(v)]))}\n\n${gaps}${errors}`;
}

function evidenceMd(e: ReportEvidence): string {
  const width = String(Math.max(0, ...e.lines.map((l) => l.line ?? 0))).length;
  const body = e.lines.map((l) => (l.line === null ? l.text : `${String(l.line).padStart(width)} | ${l.text}`)).join('\n');
  return `${md(e.artifact)}${e.note ? ` (${md(e.note)})` : ''}, sha256 ${md(e.sha256 ?? 'not in the bundle')}:\n\n${markdownFence(body)}`;
}

function findingMd(f: ReportFinding, i: number): string {
  const parts = [
    `### ${i + 1}. ${f.severity.toUpperCase()}: ${md(f.title)}`,
    md(f.summary),
    ...(f.why?.firedBecause.length ? [`**Why it fired.** ${md(f.why.firedBecause.join('; '))}.`] : []),
    ...(f.why?.ruledOut.length ? [`**Ruled out.** ${md(f.why.ruledOut.join('; '))}.`] : []),
    ...(f.note.trim() ? [`> **Note:** ${md(f.note.trim())}`] : []),
    `**What it means.** ${md(f.meaning)}`,
    `**What to do.** ${md(f.remedy)}`,
    ...(f.links.length ? [f.links.map((l) => (SAFE_URL.test(l) ? `<${l}>` : md(l))).join(' · ')] : []),
    `**Evidence** (rule ${md(f.rule)}):`,
    ...f.evidence.map(evidenceMd),
    ...(f.unchecked.length ? [`Not checked: ${md(f.unchecked.join('; '))}`] : []),
  ];
  return parts.join('\n\n');
}

/** The subtree as indented text (frames of at least 1% of it), for where no image can go. */
function treeText(root: FlameNode, format: (v: number) => string): string {
  const lines: string[] = [];
  const total = Math.abs(root.value) || 1;
  const walk = (n: FlameNode, depth: number): void => {
    if (depth > 14 || lines.length >= 60) return;
    lines.push(`${'  '.repeat(depth)}${percent(n.value, total).padStart(6)} ${format(n.value).padStart(10)}  ${n.elided ? '…' : n.name}`);
    for (const c of n.children) if (Math.abs(c.value) / total >= 0.01) walk(c, depth + 1);
  };
  walk(root, 0);
  return lines.join('\n');
}

function profileMd(p: ReportProfile): string {
  const head = `### ${md(p.path)}${p.focus ? `: ${md(p.focus)}` : ''}\n\nsha256 ${md(p.sha256 ?? 'not in the bundle')}`;
  if (p.error || !p.root) return `${head}\n\n${md(p.error ?? 'nothing to draw')}`;
  const fmt = (v: number) => formatValue(v, p.sampleType);
  const share = p.focus
    ? `${md(p.focus)} and its callees: ${md(fmt(p.root.value))} of ${md(fmt(p.total))} (${md(percent(p.root.value, p.total))}) ${md(p.sampleType)}`
    : `${md(fmt(p.total))} ${md(p.sampleType)}`;
  const top = table(
    ['function', 'flat', 'flat %', 'cum', 'cum %'],
    p.top.map((r) => [md(r.name), md(fmt(r.flat)), md(percent(r.flat, p.total)), md(fmt(r.cum)), md(percent(r.cum, p.total))]),
  );
  return `${head}\n\n${share}. Call tree (the HTML and PDF exports draw it as a flame graph):\n\n${markdownFence(treeText(p.root, fmt))}\n\nTop functions (as go tool pprof \\-top; % of the whole profile):\n\n${top}`;
}

function comparisonMd(model: ReportModel): string {
  const ref = model.reference!;
  const intro = `This node (${md(model.bundle.node)}) against the reference node (${md(ref.node)}); only what differs is listed.`;
  const sections = model.comparison!.sections.map((s) => `### ${md(s.title)}\n\n${s.identical ? 'No difference.' : markdownFence(s.lines.join('\n'))}`);
  return [intro, ...sections].join('\n\n');
}

export function renderMarkdown(model: ReportModel): string {
  const bundles = [model.bundle, ...(model.reference ? [model.reference] : [])];
  const timeline = model.timeline.length
    ? table(
        ['time (UTC)', 'what', 'where', 'line'],
        model.timeline.map((e) => [md(formatTime(e.time)), md(`${e.severity ? `${e.severity.toUpperCase()}: ` : ''}${e.what}`), md(e.artifact === null ? '' : `${e.artifact}${e.line === null ? '' : `:${e.line}`}`), md(clip(e.text))]),
      )
    : 'No quoted line carries a time.';
  const artifacts = model.artifacts.length
    ? `Check any quote against the original tarball: extract the artifact and compare its sha256.\n\n${table(['artifact', 'node', 'bytes', 'sha256'], model.artifacts.map((a) => [md(a.path), md(a.node), String(a.bytes), md(a.sha256)]))}`
    : 'The report quotes no artifact.';
  const parts = [
    `# ${md(model.title)}`,
    `Generated by nodescope on ${md(formatTime(model.generatedAt))} from bundle ${md(model.bundle.sha256)}`,
    `## Summary\n\n${escapeMarkdownText(model.summary) || 'No summary written.'}`,
    `## Impact\n\n${escapeMarkdownText(model.impact) || 'No impact statement written.'}`,
    `## Findings (${model.findings.length})\n\n${[...model.findings.map(findingMd), escapeMarkdownText(leftOutNote(model.findings.length, model.leftOut))].filter(Boolean).join('\n\n')}`,
    `## Timeline\n\n${timeline}`,
    ...(model.profiles.length ? [`## Profiles\n\n${model.profiles.map(profileMd).join('\n\n')}`] : []),
    ...(model.comparison ? [`## Comparison\n\n${comparisonMd(model)}`] : []),
    `## ${bundles.length > 1 ? 'Bundles' : 'Bundle'}\n\n${bundles.map(bundleMd).join('\n\n')}`,
    `## Quoted artifacts\n\n${artifacts}`,
  ];
  return `${parts.join('\n\n')}\n`;
}
