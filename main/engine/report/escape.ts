/**
 * Escaping of bundle text for each export format. Nothing from a bundle (log lines, node names, function
 * names, notes) may become markup: in HTML and SVG it is entity-escaped, in Markdown it is either inside a
 * code fence longer than any backtick run it holds, or backslash-escaped with `<` and `>` as entities.
 */

/** XML 1.0 forbids most C0 controls even as references: they are shown as U+FFFD. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(s: string): string {
  return s
    .replace(XML_INVALID, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const escapeHtml = escapeXml;

/**
 * Inline Markdown text: the characters that start inline constructs in CommonMark and GitHub Markdown
 * (emphasis, code spans, links, images, tables, strikethrough, math) are backslash-escaped; `<`, `>`
 * and `&` become entities, so no HTML, comment or entity survives; URL and e-mail autolinks are broken
 * (`:\/\/`, `www\.`, `\@`); a leading character that would open a block (heading, list, quote) is
 * escaped. Line breaks become spaces: the text cannot start a new block. Plain prose stays readable.
 */
export function escapeMarkdownInline(s: string): string {
  return s
    .replace(XML_INVALID, '\ufffd')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]!|~$@]/g, '\\$&')
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)(=|[#+-](?=\s|$)|\d+[.)](?=\s|$))/, (_m, sp: string, lead: string) => `${sp}${lead.replace(/^(\d*)(.)$/, '$1\\$2')}`);
}

/** Multi-line prose (summary, impact, notes): each paragraph escaped inline, blank lines kept. */
export function escapeMarkdownText(s: string): string {
  return s
    .split(/\r?\n\s*\r?\n/)
    .map((p) => escapeMarkdownInline(p.trim()))
    .filter((p) => p !== '')
    .join('\n\n');
}

/** A fenced code block that no content can close: the fence is longer than any backtick run inside. */
export function markdownFence(content: string, info = 'text'): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content.replace(XML_INVALID, '\ufffd')}\n${fence}`;
}
