import type { IptablesRule, IptablesRuleset, RuleSearchHit, RuleSearchResult } from '../../../shared/api/network';
import { netContains, netsOverlap, parseNet, splitHostPort, type IpNet } from './ip';

const PORT_OPTIONS = ['dport', 'sport', 'dports', 'sports', 'destination-port', 'destination-ports', 'source-port', 'source-ports', 'to-ports', 'to-port'];
export const DEFAULT_HIT_LIMIT = 1000;

export type RuleQuery =
  | { kind: 'port'; port: number }
  | { kind: 'address' | 'network'; net: IpNet }
  | { kind: 'text'; text: string };

/**
 * "80" or ":80" is a port; "10.0.0.1" an address; "10.0.0.0/8" or "fd00::/64" a network; anything
 * else is text to find in the rule (case-insensitive): a service's comment, a chain, a target.
 */
export function parseRuleQuery(q: string): RuleQuery | null {
  const s = q.trim();
  if (s === '') return null;
  const port = /^:?(\d{1,5})$/.exec(s);
  if (port && Number(port[1]) <= 65535) return { kind: 'port', port: Number(port[1]) };
  const net = parseNet(s);
  if (!net) return { kind: 'text', text: s.toLowerCase() };
  const full = net.family === 4 ? 32 : 128;
  return { kind: net.prefix === full ? 'address' : 'network', net };
}

/** Does a port spec ("80", "30000:32767", "80,443", "8000-8080") include the port? */
export function portSpecIncludes(spec: string, port: number): boolean {
  return spec.split(',').some((part) => {
    const [lo, hi] = part.trim().split(/[:-]/);
    if (!/^\d+$/.test(lo)) return false;
    const from = Number(lo);
    const to = hi === undefined ? from : hi === '' ? 65535 : Number(hi);
    return port >= from && port <= to;
  });
}

/** The `--to-destination x` style options after the target, as "name=value". */
function natTargets(rule: IptablesRule): string[] {
  const out: string[] = [];
  const re = /--(to-destination|to-source|to-ports|to)\s+(\S+)/g;
  for (let m = re.exec(rule.targetArgs); m; m = re.exec(rule.targetArgs)) out.push(`${m[1]}=${m[2]}`);
  return out;
}

/** Dumps repeat the same few networks thousands of times: parse each once per search. */
const netCache = new Map<string, IpNet | null>();
function cachedNet(s: string): IpNet | null {
  let n = netCache.get(s);
  if (n === undefined) {
    n = parseNet(s);
    if (netCache.size > 100_000) netCache.clear();
    netCache.set(s, n);
  }
  return n;
}

function addressReason(rule: IptablesRule, q: RuleQuery & { kind: 'address' | 'network' }): string | null {
  const test = (candidate: string): boolean => {
    const net = cachedNet(candidate);
    if (!net || net.prefix === 0) return false;
    return q.kind === 'address' ? netContains(net, q.net) : netsOverlap(net, q.net);
  };
  if (rule.source && test(rule.source)) return `source ${rule.sourceNegated ? '! ' : ''}${rule.source}`;
  if (rule.destination && test(rule.destination)) return `destination ${rule.destinationNegated ? '! ' : ''}${rule.destination}`;
  for (const t of natTargets(rule)) {
    const [name, value] = t.split('=', 2);
    const host = splitHostPort(value).host.split('-')[0];
    if (test(host)) return `${name} ${value}`;
  }
  return null;
}

function portReason(rule: IptablesRule, port: number): string | null {
  for (const m of rule.matches) {
    for (const o of m.options) {
      if (PORT_OPTIONS.includes(o.name) && portSpecIncludes(o.value, port)) return `${o.negated ? '! ' : ''}${o.name} ${o.value}`;
    }
  }
  for (const t of natTargets(rule)) {
    const [name, value] = t.split('=', 2);
    const p = name === 'to-ports' ? value : splitHostPort(value).port;
    if (p && portSpecIncludes(p, port)) return `${name} ${value}`;
  }
  return null;
}

function textReason(rule: IptablesRule, text: string): string | null {
  if (rule.comment?.toLowerCase().includes(text)) return `comment ${rule.comment}`;
  return rule.text.toLowerCase().includes(text) ? 'rule text' : null;
}

export function ruleMatchReason(rule: IptablesRule, q: RuleQuery): string | null {
  if (q.kind === 'port') return portReason(rule, q.port);
  if (q.kind === 'text') return textReason(rule, q.text);
  return addressReason(rule, q);
}

/** Every rule of the rulesets about the address, network or port of the query. */
export function searchRules(rulesets: IptablesRuleset[], q: RuleQuery, limit = DEFAULT_HIT_LIMIT): Omit<RuleSearchResult, 'query'> {
  const hits: RuleSearchHit[] = [];
  for (const rs of rulesets) {
    for (const t of rs.tables) {
      for (const c of t.chains) {
        for (const rule of c.rules) {
          const reason = ruleMatchReason(rule, q);
          if (!reason) continue;
          if (hits.length >= limit) return { hits, truncated: true };
          hits.push({ artifact: rs.artifact, family: rs.family, table: t.name, chain: c.name, rule, reason });
        }
      }
    }
  }
  return { hits, truncated: false };
}
