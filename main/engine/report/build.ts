import type { Finding } from '../../../shared/api/findings';
import type { ProfilesApi } from '../../../shared/api/profiles';
import { DEFAULT_SEVERITIES, findingKeys, type ReportDraft } from '../../../shared/api/report';
import { compareBundles } from '../compare';
import { storedFindings } from '../findings/api';
import { profilesApi } from '../profiles/api';
import { findArtifact } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { reportBundle } from './bundle-facts';
import { compareSections } from './compare';
import { byTime, evidenceTimes, reportEvidence } from './evidence';
import type { QuotedArtifact, ReportBundle, ReportFinding, ReportModel, TimelineEntry } from './model';
import { profilesOfFindings, reportProfile } from './profiles';

/** The default draft: every finding above info in the bundle's order, and the profiles they quote. */
export function defaultDraft(db: Db, bundle: number, compare: number | null = null): ReportDraft {
  const findings = storedFindings(db, bundle);
  const keys = findingKeys(findings);
  const chosen = findings.filter((f) => DEFAULT_SEVERITIES.includes(f.severity));
  const node = reportBundle(db, bundle, 'bundle').node;
  if (compare !== null) reportBundle(db, compare, 'reference');
  return {
    bundle,
    compare,
    title: `Incident report: ${node}`,
    summary: '',
    impact: '',
    findings: chosen.map((f) => ({ key: keys[findings.indexOf(f)], note: '' })),
    profiles: profilesOfFindings(db, bundle, chosen),
  };
}

/** The profiles these chosen findings quote, each focused on the function the finding names. */
export function profilesForChoices(db: Db, bundle: number, choices: ReportDraft['findings']): ReportDraft['profiles'] {
  const all = storedFindings(db, bundle);
  const byKey = new Map(findingKeys(all).map((k, i): [string, Finding] => [k, all[i]]));
  return profilesOfFindings(db, bundle, choices.flatMap((c) => byKey.get(c.key) ?? []));
}

function chosenFindings(db: Db, draft: ReportDraft): ReportFinding[] {
  const all = storedFindings(db, draft.bundle);
  const byKey = new Map(findingKeys(all).map((k, i): [string, Finding] => [k, all[i]]));
  return draft.findings.flatMap((choice) => {
    const f = byKey.get(choice.key);
    if (!f) return [];
    return [{
      key: choice.key,
      rule: f.rule,
      severity: f.severity,
      title: f.title,
      summary: f.summary,
      meaning: f.meaning,
      remedy: f.remedy,
      links: f.links,
      note: choice.note,
      evidence: f.evidence.map((e) => reportEvidence(db, draft.bundle, e)),
      unchecked: f.unchecked,
      ...(f.why ? { why: f.why } : {}),
    }];
  });
}

function leftOut(db: Db, draft: ReportDraft, chosen: ReportFinding[]): ReportModel['leftOut'] {
  const keys = new Set(chosen.map((f) => f.key));
  const all = storedFindings(db, draft.bundle);
  const count = { critical: 0, warning: 0, info: 0 };
  findingKeys(all).forEach((k, i) => {
    if (!keys.has(k)) count[all[i].severity]++;
  });
  return count;
}

function timeline(db: Db, draft: ReportDraft, findings: ReportFinding[], bundles: ReportBundle[]): TimelineEntry[] {
  const all = storedFindings(db, draft.bundle);
  const byKey = new Map(findingKeys(all).map((k, i): [string, Finding] => [k, all[i]]));
  const entries: TimelineEntry[] = [];
  for (const f of findings) {
    for (const e of byKey.get(f.key)?.evidence ?? []) {
      for (const t of evidenceTimes(db, draft.bundle, e)) {
        entries.push({ time: t.time, what: f.title, severity: f.severity, artifact: e.artifact, line: t.line, text: t.text });
      }
    }
  }
  for (const b of bundles) {
    if (b.collectedAt) entries.push({ time: b.collectedAt, what: `bundle collected on ${b.node}`, severity: null, artifact: null, line: null, text: b.name });
  }
  return entries.sort(byTime);
}

function quotedArtifacts(db: Db, model: Omit<ReportModel, 'artifacts'>): QuotedArtifact[] {
  const out = new Map<string, QuotedArtifact>();
  const add = (b: ReportBundle, path: string): void => {
    const a = findArtifact(db, b.id, path);
    if (a) out.set(`${b.role}\0${path}`, { node: b.node, role: b.role, path, sha256: a.sha256, bytes: a.bytes });
  };
  for (const f of model.findings) for (const e of f.evidence) add(model.bundle, e.artifact);
  for (const p of model.profiles) add(model.bundle, p.path);
  const c = model.comparison?.data;
  if (c && model.reference) {
    for (const t of c.logs.templates.slice(0, 15)) add(t.example.side === 'b' ? model.bundle : model.reference, t.example.artifact);
  }
  return [...out.values()].sort((x, y) => (x.role === y.role ? x.path.localeCompare(y.path) : x.role === 'bundle' ? -1 : 1));
}

/** Resolves a draft against the workspace into what the renderers print. */
export async function buildReport(db: Db, draft: ReportDraft, now: Date = new Date(), profiles: ProfilesApi = profilesApi(db)): Promise<ReportModel> {
  const bundle = reportBundle(db, draft.bundle, 'bundle');
  const reference = draft.compare === null ? null : reportBundle(db, draft.compare, 'reference');
  const findings = chosenFindings(db, draft);
  const drawn = [];
  for (const p of draft.profiles) drawn.push(await reportProfile(db, profiles, draft.bundle, p));
  const data = reference ? compareBundles(db, reference.id, bundle.id) : null;
  const model = {
    title: draft.title.trim() || `Incident report: ${bundle.node}`,
    summary: draft.summary,
    impact: draft.impact,
    generatedAt: now.toISOString(),
    bundle,
    reference,
    findings,
    leftOut: leftOut(db, draft, findings),
    timeline: timeline(db, draft, findings, reference ? [bundle, reference] : [bundle]),
    profiles: drawn,
    comparison: data ? { data, sections: compareSections(data) } : null,
  };
  return { ...model, artifacts: quotedArtifacts(db, model) };
}
