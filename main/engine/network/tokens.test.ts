import { describe, expect, it } from 'vitest';
import { splitRuleWords } from './tokens';

describe('rule words as iptables-restore reads them', () => {
  it('splits on blanks, groups quoted text, drops the quotes and honours backslash escapes', () => {
    expect(splitRuleWords('-A X  -m comment --comment "a \\"b\\" c" -j ACCEPT')).toEqual(['-A', 'X', '-m', 'comment', '--comment', 'a "b" c', '-j', 'ACCEPT']);
    expect(splitRuleWords('-A X\t-j  DROP ')).toEqual(['-A', 'X', '-j', 'DROP']);
    expect(splitRuleWords('-A X --log-prefix ""')).toEqual(['-A', 'X', '--log-prefix', '']);
  });
});
