import type { IpvsTable, IptablesRuleset, ListeningView } from '../../../shared/api/network';
import { artifactsOfKind, readArtifactText, type ArtifactRow } from '../store/artifacts';
import { cachedParse } from '../store/parsed-cache';
import type { Db } from '../store/workspace';
import { parseIptablesList } from './iptables-list';
import { parseIptablesSave } from './iptables-save';
import { parseIpvsadm } from './ipvs';
import { parseListening } from './listening';

/** `iptables -L` output has "Chain X (policy ...)" headers and no "*table" lines. */
export function looksLikeListOutput(text: string): boolean {
  return /^Chain \S+ \((policy|\d+ references)/m.test(text) && !/^\*\w+/m.test(text);
}

function tableHint(path: string): string {
  return /\b(nat|mangle|raw|security|filter)\b/.exec(path.split('/').pop() ?? '')?.[1] ?? 'filter';
}

export function parseIptablesArtifact(a: ArtifactRow, text: string): IptablesRuleset {
  const family = a.kind === 'ip6tables-save' || /ip6tables/.test(a.path) ? 'ipv6' : undefined;
  if (looksLikeListOutput(text)) return parseIptablesList(text, a.path, tableHint(a.path));
  return parseIptablesSave(text, a.path, { family });
}

/** Every iptables and ip6tables dump of the bundle (save or -L form), by path. */
export function loadIptables(db: Db, bundleId: number): IptablesRuleset[] {
  return artifactsOfKind(db, bundleId, 'iptables-save', 'ip6tables-save').map((a) =>
    cachedParse(a, 'iptables', () => parseIptablesArtifact(a, readArtifactText(db, a.id))),
  );
}

export function loadIpvs(db: Db, bundleId: number): IpvsTable[] {
  return artifactsOfKind(db, bundleId, 'ipvsadm').map((a) => cachedParse(a, 'ipvs', () => parseIpvsadm(readArtifactText(db, a.id), a.path)));
}

export function loadListening(db: Db, bundleId: number): ListeningView[] {
  return artifactsOfKind(db, bundleId, 'ss').map((a) => cachedParse(a, 'ss', () => parseListening(readArtifactText(db, a.id), a.path)));
}
