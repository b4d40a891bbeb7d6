/**
 * Turns what an operator types into an FTS5 query. FTS5 syntax is accepted as is when it parses
 * ("PLEG OR relist", "\"no space left\""); anything else (kubelet.go:1829, 10.0.0.1, a stray quote)
 * becomes a list of quoted terms, all required.
 */
export function quotedTerms(text: string): string {
  const terms = text.match(/[^\s"]+/g) ?? [];
  return terms.map((t) => `"${t}"`).join(' ');
}

export function isFtsSyntaxError(e: unknown): boolean {
  return e instanceof Error && /fts5: syntax error|no such column|unterminated string|unknown special query/i.test(e.message);
}
