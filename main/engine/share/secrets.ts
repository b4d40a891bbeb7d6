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
  /** True when the match, by its groups, is no secret and stays as it is. */
  harmless?: (groups: string[], match: string) => boolean;
}

const R = '[REDACTED]';

export const SECRET_RULES: readonly SecretRule[] = [
  {
    name: 'private key block',
    pattern: /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----[\s\S]{0,65536}?-----END \1PRIVATE KEY\2-----/g,
    // The line break the block is written with (`\n` escaped inside a JSON string, a kotsadm env value)
    // is kept, so the JSON around it stays whole.
    replace: (m, kind = '', block = '') => {
      const br = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----((?:\\{1,2}[nr]|[\r\n \t]){1,8})/.exec(m)?.[1] ?? '\n';
      return `-----BEGIN ${kind}PRIVATE KEY${block}-----${br}${R}${br}-----END ${kind}PRIVATE KEY${block}-----`;
    },
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
    name: 'secret in an environment variable',
    // A container's env entry: `{"name":"REGISTRY_HTTP_SECRET","value":"6ad6…"}`, in YAML
    // `- name: DB_PASSWORD` with `value: …` on the next line, or as an operator logs a diff
    // (`env.4.name="REGISTRY_HTTP_SECRET", spec.template.spec.containers.0.env.4.value="fc80…"`).
    pattern:
      /((?:\\?")?name(?:\\?")?[ \t]{0,4}[:=][ \t]{0,4}(?:\\?")?[A-Za-z0-9_]{0,64}(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Za-z0-9_]{0,64}(?:\\?")?[ \t]{0,4},?\s{0,80}(?:[A-Za-z0-9_.]{0,120}\.)?(?:\\?")?value(?:\\?")?[ \t]{0,4}[:=][ \t]{0,4})(?:(\\?")(?!\[REDACTED\])((?:[^"\\\r\n]|\\[^"\r\n]){1,4096}?)(?=\\?")|(?![{["]|\[REDACTED\])([^\s"',;}\\]{1,4096}))/gi,
    replace: (_m, head = '', quote = '') => `${head}${quote}${R}`,
    harmless: ([, , quoted, bare]) => HARMLESS.test(quoted || bare || ''),
  },
  {
    name: 'private key in base64',
    // kubeconfig client-key-data, a Secret's tls.key, Helm values: "-----BEGIN … PRIVATE KEY" encoded.
    pattern: /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{8,65536}={0,2}/g,
    replace: () => R,
    harmless: (_groups, encoded) => !Buffer.from(encoded.slice(0, 96), 'base64').toString('latin1').includes('PRIVATE KEY'),
  },
  {
    name: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
    replace: () => R,
  },
  {
    name: 'password, token or key',
    // The value is a scalar, never the `{` or `[` that opens a structure (`"secret":{…}` in a pod's
    // volumes). Quoted, it runs to its closing quote: `\"…\"` inside a JSON string (escaped quotes),
    // `"…"` with its escapes, `'…'`; bare, to a space, quote, separator or backslash, so an escape
    // (`\n` of a JSON string) is never cut in two. The key's quote may be escaped too.
    pattern:
      /((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|key-data|auth|identitytoken|credentials?)(?:\\?["'])?[ \t]{0,4}[:=][ \t]{0,4})(?:(\\")(?!\[REDACTED\])((?:[^"\\\r\n]|\\[^"\r\n]){1,4096}?)(?=\\")|(")(?!\[REDACTED\])((?:[^"\\\r\n]|\\.){1,4096})|(')(?!\[REDACTED\])([^'\r\n]{1,4096})|(?![{[]|\[REDACTED\])([^\s"',;}\\]{1,4096}))/gi,
    replace: (_m, head = '', q1 = '', _v1, q2 = '', _v2, q3 = '') => `${head}${q1}${q2}${q3}${R}`,
    harmless: ([, , v1, , v2, , v3, bare]) => HARMLESS.test(v1 || v2 || v3 || bare || ''),
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
      if (rule.harmless?.(rest, match!)) return match!;
      counts.set(rule.name, (counts.get(rule.name) ?? 0) + 1);
      return rule.replace(match!, ...rest.map((g) => g ?? ''));
    });
  }
  return out;
}
