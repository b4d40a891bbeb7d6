import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configMapsFrom } from '../dns/configmap';
import { parseCorefile } from '../dns/corefile';
import { parseHosts } from '../dns/hosts';
import { parseResolvConf } from '../dns/resolv';
import { parseConntrackStats } from './conntrack';
import { parseIptablesList } from './iptables-list';
import { parseIptablesSave } from './iptables-save';
import { parseIpvsadm } from './ipvs';
import { parseListening } from './listening';
import { parseFirewalld } from './firewalld';
import { nginxServers, parseNginxFile } from './nginx';
import { parseIpAddr, parseIpRoute, parseIpRule } from './iproute';

const PARSERS: [string, (text: string) => unknown][] = [
  ['iptables-save', (t) => parseIptablesSave(t, 'x')],
  ['iptables -L', (t) => parseIptablesList(t, 'x')],
  ['ipvsadm', (t) => parseIpvsadm(t, 'x')],
  ['conntrack -S', (t) => parseConntrackStats(t)],
  ['ss/netstat', (t) => parseListening(t, 'x')],
  ['ip addr', (t) => parseIpAddr(t)],
  ['ip route', (t) => parseIpRoute(t)],
  ['ip rule', (t) => parseIpRule(t)],
  ['firewalld', (t) => parseFirewalld(t, 'x')],
  ['nginx', (t) => nginxServers(parseNginxFile(t, 'x'))],
  ['Corefile', (t) => parseCorefile(t, { artifact: 'x', origin: 'file', configMap: null, startLine: 1 })],
  ['ConfigMap', (t) => configMapsFrom(t)],
  ['hosts', (t) => parseHosts(t)],
  ['resolv.conf', (t) => parseResolvConf(t, 'x')],
];

function fixtures(): string[] {
  const dirs = ['network', 'dns'].map((a) => path.join(__dirname, '../../../test/fixtures', a));
  return dirs.flatMap((d) =>
    fs.readdirSync(d, { recursive: true, encoding: 'utf8' })
      .filter((f) => !f.endsWith('.md') && fs.statSync(path.join(d, f)).isFile())
      .map((f) => fs.readFileSync(path.join(d, f), 'utf8')),
  );
}

/** Deterministic noise: a linear congruential generator, so a failure can be replayed. */
function noise(seed: number, length: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    s += String.fromCharCode(x % 4 === 0 ? 10 : 32 + (x % 95));
  }
  return s;
}

describe('every network and DNS parser survives damaged input (bundles are untrusted)', () => {
  const inputs = fixtures().flatMap((text) => {
    const cuts = [1, 7, 31, 97, 211].map((step) => text.slice(0, Math.floor((text.length * step) / 223)));
    return [...cuts, text.replace(/\n/g, '\r\n'), text.replace(/[{}"[\]]/g, '')];
  });
  inputs.push('', '\0\0\0', '{{{{{{', '}}}}', '"unterminated', `${'a {'.repeat(50_000)}`, '{ '.repeat(100_000), ...[1, 2, 3, 4, 5].map((s) => noise(s, 4000)));

  for (const [name, parse] of PARSERS) {
    it(`${name}: ${inputs.length} truncated, mangled and random inputs`, () => {
      for (const input of inputs) expect(() => parse(input)).not.toThrow();
    });
  }
});
