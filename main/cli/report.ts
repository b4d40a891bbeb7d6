import fs from 'node:fs';
import path from 'node:path';
import { findingKeys, type ReportDraft, type ReportFormat, type ReportProfileChoice } from '../../shared/api/report';
import { storedFindings } from '../engine/findings/api';
import { renderReport } from '../engine/report/api';
import { buildReport, defaultDraft, profilesForChoices } from '../engine/report/build';
import { chromiumPrinter } from '../engine/report/pdf';
import { UsageError, type Command, type CommandContext } from './command';
import { resolveBundle } from './resolve';

const FORMATS: [RegExp, ReportFormat][] = [
  [/\.html?$/i, 'html'],
  [/\.(md|markdown)$/i, 'markdown'],
  [/\.pdf$/i, 'pdf'],
];

function formatOf(file: string): ReportFormat {
  const f = FORMATS.find(([re]) => re.test(file));
  if (!f) throw new UsageError('report: -o must name a .html, .md or .pdf file');
  return f[1];
}

/** --profile PATH or PATH:FUNCTION (the function whose subtree is drawn). */
function profileChoice(arg: string): ReportProfileChoice {
  const colon = arg.indexOf(':');
  if (colon === 0) throw new UsageError('report: --profile takes ARTIFACT_PATH[:FUNCTION]');
  return colon < 0 ? { path: arg, focus: null, sample: null } : { path: arg.slice(0, colon), focus: arg.slice(colon + 1) || null, sample: null };
}

function chosenFindings(ctx: CommandContext, draft: ReportDraft): ReportDraft['findings'] {
  const wanted = ctx.args.lists.finding;
  const keys = findingKeys(storedFindings(ctx.db(), draft.bundle));
  if (ctx.args.flags.has('all')) return keys.map((key) => ({ key, note: '' }));
  if (!wanted) return draft.findings;
  return wanted.map((w) => {
    const key = w.includes('#') ? w : `${w}#0`;
    if (!keys.includes(key)) throw new UsageError(`report: the bundle has no finding ${w} (it has: ${keys.join(', ') || 'none'})`);
    return { key, note: '' };
  });
}

export const reportCommand: Command = {
  name: 'report',
  help: `Usage: nodescope report BUNDLE|ID [--compare BUNDLE|ID] -o FILE.html|FILE.md|FILE.pdf [options] [--db FILE]

Writes an incident report: summary, impact, the findings (all above info unless chosen) each with what
it means, what to do and the quoted evidence lines (artifact path, line numbers), a timeline of the
quoted lines' times, the profiles the findings point at as flame graphs of the function's subtree with
top tables, each bundle's node facts, collection time, collector version and completeness, and the
sha256 of the bundle and of every quoted artifact. With --compare, a comparison with that reference
bundle (the good node, or before) is added.

The format follows the file name: .html is one self-contained file with no script that needs no
network; .md pastes into a ticket or a GitHub issue; .pdf is printed by a Chromium or Google Chrome
found on this machine (NODESCOPE_CHROMIUM, PATH, usual install folders).

Options:
  -o, --output FILE       where to write the report (required)
  --compare BUNDLE|ID     the reference bundle to compare with
  --title TEXT            the report's title (default "Incident report: <node>")
  --summary TEXT          the summary paragraph(s)
  --impact TEXT           the impact statement
  --finding RULE[#N]      include this finding (repeatable; in this order); default: all above info
  --all                   include every finding, info too
  --profile PATH[:FUNC]   draw this profile (the FUNC subtree); repeatable; default: the profiles the
                          chosen findings quote
  --json                  print {"file","format","findings","profiles","bytes"}

Examples:
  nodescope report bad-node.tar.gz -o incident.html --summary "kubelet restarts every 5 minutes"
  nodescope report 2 --compare 1 -o incident.pdf
  nodescope report 2 -o ticket.md --profile pprof/kube-proxy/cpu.pb.gz:k8s.io/kubernetes/pkg/proxy/ipvs.(*realIPGetter).NodeIPs`,
  valueOptions: ['output', 'compare', 'title', 'summary', 'impact'],
  repeatableOptions: ['finding', 'profile'],
  flagOptions: ['all'],
  async run(ctx) {
    const [bundleArg, extra] = ctx.args.positionals;
    if (!bundleArg || extra !== undefined) throw new UsageError('report: give exactly one bundle (path or id)');
    const output = ctx.args.options.output;
    if (!output) throw new UsageError('report: give the output file with -o FILE.html|FILE.md|FILE.pdf');
    const format = formatOf(output);
    const bundle = await resolveBundle(ctx, bundleArg);
    const compareArg = ctx.args.options.compare;
    const compare = compareArg === undefined ? null : await resolveBundle(ctx, compareArg);
    const base = defaultDraft(ctx.db(), bundle, compare);
    const o = ctx.args.options;
    const findings = chosenFindings(ctx, base);
    const draft: ReportDraft = {
      ...base,
      title: o.title ?? base.title,
      summary: o.summary ?? '',
      impact: o.impact ?? '',
      findings,
      profiles: ctx.args.lists.profile ? ctx.args.lists.profile.map(profileChoice) : profilesForChoices(ctx.db(), bundle, findings),
    };
    const model = await buildReport(ctx.db(), draft);
    const out = await renderReport(model, format, chromiumPrinter());
    const bytes = Buffer.from(out.data, out.encoding === 'base64' ? 'base64' : 'utf8');
    fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
    fs.writeFileSync(output, bytes);
    const summary = { file: output, format, findings: model.findings.length, profiles: model.profiles.length, bytes: bytes.length };
    if (ctx.json) ctx.io.stdout(`${JSON.stringify(summary)}\n`);
    else ctx.io.stdout(`wrote ${output}: ${format}, ${summary.findings} findings, ${summary.profiles} profiles${compare === null ? '' : ', with a comparison'}, ${bytes.length} bytes\n`);
    return 0;
  },
};
