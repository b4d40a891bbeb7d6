/** One Corefile token: a word, a quoted string or a brace, with the line it starts on. */
export interface Token {
  text: string;
  line: number;
  /** Quoted tokens are never braces or comments. */
  quoted: boolean;
}

/**
 * Splits Corefile text into tokens the way CoreDNS's Caddyfile lexer does: blanks separate, `"..."`
 * groups (with `\"` escapes, across lines), `#` at the start of a token comments out the rest of the line.
 */
export function lexCorefile(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let word = '';
  let start = 1;
  let quoted = false;
  let inQuotes = false;
  let comment = false;
  const flush = () => {
    if (word !== '' || quoted) tokens.push({ text: word, line: start, quoted });
    word = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') {
        comment = false;
        line++;
      }
      continue;
    }
    if (inQuotes) {
      if (c === '\\' && text[i + 1] === '"') word += text[++i];
      else if (c === '"') inQuotes = false;
      else {
        if (c === '\n') line++;
        word += c;
      }
      continue;
    }
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      flush();
      if (c === '\n') line++;
    } else if (c === '#' && word === '' && !quoted) comment = true;
    else if (c === '"' && word === '') {
      inQuotes = true;
      quoted = true;
      start = line;
    } else {
      if (word === '') start = line;
      word += c;
    }
  }
  flush();
  return tokens;
}
