/**
 * Splits an iptables-save rule line into words the way iptables-restore reads it: blanks separate
 * words, double quotes group (the quotes are dropped), a backslash escapes the next character.
 */
export function splitRuleWords(line: string): string[] {
  if (!line.includes('"') && !line.includes('\\')) return line.split(/[ \t]+/).filter((w) => w !== '');
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && (c === ' ' || c === '\t')) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
