import { execCapped, someLine } from '../text/bounded';
import type { FirewalldView, FirewalldZone } from '../../../shared/api/network';

/** `firewall-cmd --list-all-zones`: a zone name line, then indented `key: value` lines; rich rules below. */
function parseZones(lines: string[]): FirewalldZone[] {
  const zones: FirewalldZone[] = [];
  let zone: FirewalldZone | null = null;
  let inRich = false;
  lines.forEach((line, i) => {
    const head = execCapped(/^(\S+)(?:[ \t]+\(([^)]*)\))?[ \t]*$/, line);
    if (head) {
      const tags = (head[2] ?? '').split(',').map((t) => t.trim());
      zone = { name: head[1], active: tags.includes('active'), isDefault: tags.includes('default'), settings: {}, richRules: [], line: i + 1 };
      zones.push(zone);
      inRich = false;
      return;
    }
    if (!zone || line.trim() === '') return;
    const z = zone as FirewalldZone;
    const kv = execCapped(/^ {2}([a-z][a-z -]{0,63}):\s?(.*)$/, line);
    if (kv) {
      inRich = kv[1] === 'rich rules';
      if (!inRich) z.settings[kv[1]] = kv[2].trim();
    } else if (inRich) z.richRules.push(line.trim());
  });
  return zones;
}

function systemctlState(text: string): Pick<FirewalldView, 'running' | 'state' | 'enabled'> {
  if (text.includes('Unit firewalld.service could not be found')) return { running: false, state: 'not installed', enabled: null };
  const active = lineValue(text, /^[ \t]*Active:[ \t]*(.+)$/)?.trim() ?? null;
  const loaded = lineValue(text, /^[ \t]*Loaded:[ \t]*\S+[ \t]*\([^;\n]*;[ \t]*([a-z-]{1,32})/) ?? null;
  return { running: active === null ? null : /^active \(running\)/.test(active), state: active, enabled: loaded };
}

/** The first capture of the first line `re` matches (line by line: linear on any text). */
function lineValue(text: string, re: RegExp): string | undefined {
  let found: string | undefined;
  someLine(text, (line) => {
    found = execCapped(re, line)?.[1];
    return found !== undefined;
  });
  return found;
}

/** Parses the collector's firewalld item: `firewall-cmd --list-all-zones` or `systemctl status firewalld`. */
export function parseFirewalld(text: string, artifact: string): FirewalldView {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (text.includes('firewalld.service') || lines.some((l) => l.trimStart().startsWith('Active:'))) {
    return { artifact, source: 'systemctl', ...systemctlState(text), zones: [] };
  }
  const said = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  if (said.toLowerCase().startsWith('firewalld is not running')) return { artifact, source: 'firewall-cmd', running: false, state: 'not running', enabled: null, zones: [] };
  if (said.startsWith('Error:')) return { artifact, source: 'firewall-cmd', running: null, state: said, enabled: null, zones: [] };
  const zones = parseZones(lines);
  const source = zones.length > 0 ? 'firewall-cmd' : 'unknown';
  // firewall-cmd answers only when the daemon runs; its output alone says it is running.
  return { artifact, source, running: zones.length > 0 ? true : null, state: null, enabled: null, zones };
}
