import type { FirewalldView, FirewalldZone } from '../../../shared/api/network';

/** `firewall-cmd --list-all-zones`: a zone name line, then indented `key: value` lines; rich rules below. */
function parseZones(lines: string[]): FirewalldZone[] {
  const zones: FirewalldZone[] = [];
  let zone: FirewalldZone | null = null;
  let inRich = false;
  lines.forEach((line, i) => {
    const head = /^(\S+)(?:\s+\(([^)]*)\))?\s*$/.exec(line);
    if (head) {
      const tags = (head[2] ?? '').split(',').map((t) => t.trim());
      zone = { name: head[1], active: tags.includes('active'), isDefault: tags.includes('default'), settings: {}, richRules: [], line: i + 1 };
      zones.push(zone);
      inRich = false;
      return;
    }
    if (!zone || line.trim() === '') return;
    const z = zone as FirewalldZone;
    const kv = /^ {2}([a-z][a-z -]*):\s?(.*)$/.exec(line);
    if (kv) {
      inRich = kv[1] === 'rich rules';
      if (!inRich) z.settings[kv[1]] = kv[2].trim();
    } else if (inRich) z.richRules.push(line.trim());
  });
  return zones;
}

function systemctlState(text: string): Pick<FirewalldView, 'running' | 'state' | 'enabled'> {
  if (/Unit firewalld\.service could not be found/.test(text)) return { running: false, state: 'not installed', enabled: null };
  const active = /^\s*Active:\s*(.+)$/m.exec(text)?.[1].trim() ?? null;
  const loaded = /^\s*Loaded:\s*\S+\s*\([^;]*;\s*([a-z-]+)/m.exec(text)?.[1] ?? null;
  return { running: active === null ? null : /^active \(running\)/.test(active), state: active, enabled: loaded };
}

/** Parses the collector's firewalld item: `firewall-cmd --list-all-zones` or `systemctl status firewalld`. */
export function parseFirewalld(text: string, artifact: string): FirewalldView {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (/firewalld\.service|^\s*Active:/m.test(text)) {
    return { artifact, source: 'systemctl', ...systemctlState(text), zones: [] };
  }
  const said = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  if (/^FirewallD is not running/i.test(said)) return { artifact, source: 'firewall-cmd', running: false, state: 'not running', enabled: null, zones: [] };
  if (/^Error:/.test(said)) return { artifact, source: 'firewall-cmd', running: null, state: said, enabled: null, zones: [] };
  const zones = parseZones(lines);
  const source = zones.length > 0 ? 'firewall-cmd' : 'unknown';
  // firewall-cmd answers only when the daemon runs; its output alone says it is running.
  return { artifact, source, running: zones.length > 0 ? true : null, state: null, enabled: null, zones };
}
