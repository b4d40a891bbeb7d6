/**
 * A second pass for secrets the collector may have missed (an older collector, a peer tool's bundle):
 * the value is replaced by [REDACTED], the key or header kept so the line still reads. Patterns are
 * anchored on a keyword and bounded, so each runs in linear time.
 */
export interface SecretRule {
  name: string;
  pattern: RegExp;
  /** Builds the replacement from the match's groups. */
  replace: (match: string, ...groups: string[]) => string;
}

const R = '[REDACTED]';

export const SECRET_RULES: readonly SecretRule[] = [
  {
    name: 'private key block',
    pattern: /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----[\s\S]{0,65536}?-----END \1PRIVATE KEY\2-----/g,
    replace: (_m, kind = '', block = '') => `-----BEGIN ${kind}PRIVATE KEY${block}-----\n${R}\n-----END ${kind}PRIVATE KEY${block}-----`,
  },
  {
    name: 'authorization header',
    pattern: /\b((?:proxy-)?authorization["']?\s{0,4}[:=]?\s{0,4}["']?(?:basic|bearer|token|digest)\s{1,4})(?!\[REDACTED\])[A-Za-z0-9+/=._~-]{4,4096}/gi,
    replace: (_m, head = '') => `${head}${R}`,
  },
  {
    name: 'credentials in a URL',
    pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@"']{1,256}:)(?!\[REDACTED\])[^\s/@"']{1,256}@/gi,
    replace: (_m, head = '') => `${head}${R}@`,
  },
  {
    name: 'JSON web token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,4096}/g,
    replace: () => R,
  },
  {
    name: 'password, token or key',
    pattern:
      /((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth|identitytoken|credentials?)["']?\s{0,4}[:=]\s{0,4}["']?)(?!\[REDACTED\])([^\s"',;}]{1,4096})/gi,
    replace: (_m, head = '') => `${head}${R}`,
  },
];

export interface SecretCount {
  rule: string;
  count: number;
}

/** Values that look like a secret key but are not secrets: leave them. */
const HARMLESS = /^(?:true|false|null|none|\[REDACTED\]|\*+|<[^>]*>|\$\{?[A-Za-z_]+\}?|""|''|-|\d{1,5})$/i;

/** The text with secrets replaced, and how many of each rule it replaced. */
export function redactSecrets(text: string, counts: Map<string, number>): string {
  let out = text;
  for (const rule of SECRET_RULES) {
    out = out.replace(rule.pattern, (...args: unknown[]) => {
      const groups = args.slice(0, -2).filter((g) => typeof g === 'string' || g === undefined) as string[];
      const [match, ...rest] = groups;
      if (rule.name === 'password, token or key' && HARMLESS.test(rest[1] ?? '')) return match!;
      counts.set(rule.name, (counts.get(rule.name) ?? 0) + 1);
      return rule.replace(match!, ...rest.map((g) => g ?? ''));
    });
  }
  return out;
}
