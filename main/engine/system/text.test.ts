import { describe, expect, it } from 'vitest';
import { eachLine, lines, numberedLines } from './text';

describe('lines of node command output, one at a time', () => {
  const texts = ['a = 1\nb = 2\n', 'a = 1\r\n\r\nb = 2', '\n\n  \n', '', 'no newline', 'x\r', '\r', 'a\n\r\nb\r\n'];
  for (const text of texts) {
    it(`${JSON.stringify(text)}: the same lines as the whole-text split`, () => {
      expect([...eachLine(text)]).toEqual(lines(text));
    });
    it(`${JSON.stringify(text)}: numbered as the whole-text split numbers them, blank lines counted`, () => {
      const split = text.split('\n').map((raw, i) => ({ text: raw.replace(/\r$/, ''), line: i + 1 })).filter((l) => l.text.trim() !== '');
      expect([...numberedLines(text)]).toEqual(split);
    });
  }
});
