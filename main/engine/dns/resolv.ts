import type { ResolvConf, ResolvOption } from '../../../shared/api/dns';

/** glibc reads at most this many nameservers (MAXNS). */
export const MAX_NAMESERVERS = 3;

/** resolv.conf(5): nameserver, search/domain (the last one wins), options; `#` and `;` comments. */
export function parseResolvConf(text: string, artifact: string): ResolvConf {
  const all: string[] = [];
  let search: string[] = [];
  const options: ResolvOption[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...words] = line.split(/\s+/);
    if (key === 'nameserver' && words[0]) all.push(words[0]);
    else if (key === 'search') search = words;
    else if (key === 'domain' && words[0]) search = [words[0]];
    else if (key === 'options') {
      for (const w of words) {
        const i = w.indexOf(':');
        options.push(i < 0 ? { name: w, value: null } : { name: w.slice(0, i), value: w.slice(i + 1) });
      }
    }
  }
  const ndots = options.filter((o) => o.name === 'ndots' && o.value !== null && /^\d+$/.test(o.value)).at(-1);
  return {
    artifact,
    nameservers: all.slice(0, MAX_NAMESERVERS),
    ignoredNameservers: all.slice(MAX_NAMESERVERS),
    search,
    options,
    ndots: ndots ? Number(ndots.value) : null,
  };
}
