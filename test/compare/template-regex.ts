// The definition of log templates as one regular expression: the reference that the one-pass scanner
// of main/engine/compare/templates.ts must equal on every line (templates.test.ts). Not used by the product.
import { MAX_TEMPLATE_CHARS, type Masker } from '../../main/engine/compare/templates';

/**
 * Log message templates: the parts of a line that change from one occurrence to the next (times,
 * numbers, ids, hex, IPs, paths, quoted values, the node's own name) are masked, so that the same
 * message on two nodes, or at two times, has the same template.
 */

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

/** Alternatives in priority order: the first that matches at a position wins. */
const PARTS: [name: string, pattern: string][] = [
  ['time', `\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}\\b)?`],
  ['time', `\\b${MONTH} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\b`],
  ['time', `\\b\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\b`],
  ['time', `\\[\\s*\\d+\\.\\d+\\]`],
  // The message of logfmt and klog lines (msg=, err=) is what is being compared: its parts are masked instead.
  ['quoted', `(?<!\\b(?:msg|message|err|error)=)(?<==)(?:"(?:[^"\\\\]|\\\\.)*"|'[^']*')`],
  ['uuid', `\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b`],
  ['ip', `\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,2})?(?::\\d{1,5})?\\b`],
  ['hex', `\\b0x[0-9a-fA-F]+\\b|\\b[0-9a-fA-F]{12,}\\b`],
  ['path', `(?:/[\\w.@+-]+){2,}/?`],
  ['n', `\\d+(?:\\.\\d+)?`],
];

const REPLACEMENT: Record<string, string> = {
  time: '<time>',
  quoted: '"<*>"',
  uuid: '<uuid>',
  ip: '<ip>',
  hex: '<hex>',
  path: '<path>',
  n: '<n>',
  node: '<node>',
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A masker for one bundle: `nodeName` (the hostname, when it is at least 3 characters) becomes
 * `<node>` too, so journal and syslog headers of two nodes give one template.
 */
export function regexTemplateMasker(nodeName: string | null = null): Masker {
  const parts = [...PARTS];
  if (nodeName && nodeName.length >= 3) parts.unshift(['node', `\\b${escapeRegExp(nodeName)}\\b`]);
  const names = parts.map(([name]) => name);
  const re = new RegExp(parts.map(([, p]) => `(${p})`).join('|'), 'g');
  const replace = (...m: unknown[]): string => {
    for (let i = 0; i < names.length; i++) if (m[i + 1] !== undefined) return REPLACEMENT[names[i]];
    return m[0] as string;
  };
  return (text) => {
    const head = text.length > MAX_TEMPLATE_CHARS * 2 ? text.slice(0, MAX_TEMPLATE_CHARS * 2) : text;
    const t = head.replace(re, replace);
    return t.length > MAX_TEMPLATE_CHARS ? `${t.slice(0, MAX_TEMPLATE_CHARS)}…` : t;
  };
}
