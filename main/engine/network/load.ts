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

/** The table a file name says it lists: "iptables-nat-L.txt", sos's "iptables_-t_mangle_-nvL" ("_" is a word character). */
function tableHint(path: string): string {
  return /(?:^|[^a-z])(nat|mangle|raw|security|filter)(?![a-z])/.exec(path.split('/').pop() ?? '')?.[1] ?? 'filter';
}

export function parseIptablesArtifact(a: ArtifactRow, text: string): IptablesRuleset {
  const family = a.kind === 'ip6tables-save' || /ip6tables/.test(a.path) ? 'ipv6' : undefined;
  if (looksLikeListOutput(text)) return parseIptablesList(text, a.path, tableHint(a.path), family);
  return parseIptablesSave(text, a.path, { family });
}

/**
 * Rules saved to a file under etc/ (ufw's before.rules, iptables-persistent's rules.v4, RHEL's
 * sysconfig/iptables) are what some tool loads, not the node's live ruleset: listed after the dumps.
 */
const SAVED_RULES = /(?:^|\/)etc\//;

/** Every iptables and ip6tables dump of the bundle (save or -L form), by path; saved rule files last. */
export function loadIptables(db: Db, bundleId: number): IptablesRuleset[] {
  const all = artifactsOfKind(db, bundleId, 'iptables-save', 'ip6tables-save');
  const live = all.filter((a) => !SAVED_RULES.test(a.path));
  return [...live, ...all.filter((a) => SAVED_RULES.test(a.path))].map((a) =>
    cachedParse(a, 'iptables', () => parseIptablesArtifact(a, readArtifactText(db, a.id))),
  );
}

export function loadIpvs(db: Db, bundleId: number): IpvsTable[] {
  return artifactsOfKind(db, bundleId, 'ipvsadm').map((a) => cachedParse(a, 'ipvs', () => parseIpvsadm(readArtifactText(db, a.id), a.path)));
}

export function loadListening(db: Db, bundleId: number): ListeningView[] {
  return artifactsOfKind(db, bundleId, 'ss').map((a) => cachedParse(a, 'ss', () => parseListening(readArtifactText(db, a.id), a.path)));
}
