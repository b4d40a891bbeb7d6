/**
 * The parsers the attack run found quadratic, proven linear by counting regex work (no timing): on
 * hostile inputs, no single regex call sees more than a bounded slice of text, and the total text
 * scanned grows linearly with the input. A static check keeps new unsafe patterns out of the engine.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeTraceback, parseDebug2 } from '../../main/engine/goroutines/debug2';
import { parseDebug1 } from '../../main/engine/goroutines/debug1';
import { parseGoroutineDump } from '../../main/engine/goroutines';
import { parseVersion } from '../../main/engine/rules/versions';
import { parseFirewalld } from '../../main/engine/network/firewalld';
import { parseConntrackStats } from '../../main/engine/network/conntrack';
import { parseIpRule } from '../../main/engine/network/iproute';
import { parseCmdline } from '../../main/engine/system/kernel';
import { MAX_MATCH_LINE } from '../../main/engine/text/bounded';
import { countRegexWork } from './regex-work';
import { regexProblems, scanRegexes } from './regex-lint';

const MB = 1024 * 1024;

/** Work on inputs of size n and 2n: bounded per call, and growing at most linearly. */
function expectLinear(name: string, make: (n: number) => string, run: (text: string) => unknown, n = MB / 2): void {
  const small = countRegexWork(() => run(make(n))).work;
  const big = countRegexWork(() => run(make(2 * n))).work;
  expect(big.longest, `${name}: longest text one regex call sees`).toBeLessThanOrEqual(MAX_MATCH_LINE);
  expect(big.scanned, `${name}: text scanned for 2n vs n`).toBeLessThanOrEqual(2.2 * small.scanned + 1000);
  expect(big.scanned, `${name}: text scanned vs input`).toBeLessThanOrEqual(4 * 2 * n + 1000);
}

describe('hostile texts cost linear regex work', () => {
  it('goroutine-dump sniffer: a file of "goroutine 1 [" lines', () => {
    const make = (n: number) => 'goroutine 1 [\n'.repeat(Math.ceil(n / 14));
    expectLinear('looksLikeTraceback', make, looksLikeTraceback);
    expectLinear('parseGoroutineDump', make, (t) => {
      try {
        parseGoroutineDump(Buffer.from(t));
      } catch {
        // not a dump: a clear error is the right answer
      }
    });
    expect(looksLikeTraceback(make(1000))).toBe(false);
    expect(looksLikeTraceback('goroutine 1 [running]:\nmain.main()\n')).toBe(true);
  });

  it('debug=1 frames: one 1 MB symbol line', () => {
    const make = (n: number) => `goroutine profile: total 1\n1 @ 0x1\n#\t0x1\t${'a+0x1\t'.repeat(n / 6)}x.go:1\n`;
    expectLinear('parseDebug1', make, parseDebug1);
    expect(parseDebug1('goroutine profile: total 1\n1 @ 0x1\n#\t0x4\tmain.f+0x10\t/src/main.go:12\n').records[0].frames).toEqual([{ func: 'main.f', file: '/src/main.go', line: 12 }]);
  });

  it('debug=2 parser: long header and file lines', () => {
    const make = (n: number) => `goroutine 1 [${'x'.repeat(n)}]:\nmain.f()\n\t${':1'.repeat(n / 2)}\n`;
    expectLinear('parseDebug2', make, parseDebug2);
  });

  it('parseVersion: a kubeletVersion of 300 000 digits', () => {
    expectLinear('parseVersion', (n) => '9'.repeat(n), parseVersion, 150_000);
    expect(countRegexWork(() => parseVersion('1'.repeat(300_000))).work.longest).toBeLessThanOrEqual(256);
    expect(parseVersion('Kubernetes v1.29.3+k3s1')).toEqual([1, 29, 3]);
  });

  it('parseFirewalld: blank lines, spaces and unclosed brackets', () => {
    expectLinear('parseFirewalld', (n) => ' \n'.repeat(n / 2), (t) => parseFirewalld(t, 'f'));
    expectLinear('parseFirewalld', (n) => `  Loaded: x (${' '.repeat(n)}`, (t) => parseFirewalld(t, 'f'));
    expectLinear('parseFirewalld', (n) => `public ${' '.repeat(n)}x\n`, (t) => parseFirewalld(t, 'f'));
  });

  it('parseConntrackStats: a line of letters without "="', () => {
    expectLinear('parseConntrackStats', (n) => 'a'.repeat(n), parseConntrackStats);
    expectLinear('parseConntrackStats', (n) => 'a '.repeat(n / 2), parseConntrackStats);
    expect(parseConntrackStats('cpu=0 found=1 drop=12\n')).toEqual([{ cpu: 0, counters: { found: 1, drop: 12 } }]);
  });

  it('parseIpRule and parseCmdline', () => {
    expectLinear('parseIpRule', (n) => `0:\t${' lookup'.repeat(n / 7)}`, parseIpRule);
    expect(parseCmdline('ro quiet a="b c" d')).toEqual(['ro', 'quiet', 'a="b c"', 'd']);
  });
});

describe('no unsafe regex in the engine', () => {
  it('finds the shapes it looks for', () => {
    expect(regexProblems('(a+)+$', '')).toEqual(['nested unbounded quantifiers']);
    expect(regexProblems('^goroutine \\d+ \\[[^\\]]*\\]:\\s*$', 'm')).toContain('unbounded run that can cross lines in a multiline pattern');
    expect(regexProblems('^#\\t+0x[0-9a-f]+\\t+(\\S.*?)\\+0x[0-9a-f]+\\t+(.*):(\\d+)\\s*$', '')).toEqual(['two unbounded "." runs in one sequence']);
    expect(regexProblems('^(\\d{1,9}) @(?: 0x[0-9a-f]{1,16})*$', '')).toEqual([]);
    expect(regexProblems('\\("((?:[^"\\\\]|\\\\.)*)"', 'g')).toEqual([]);
  });

  it('main/engine holds none of them', () => {
    const root = path.resolve(__dirname, '..', '..');
    const found = scanRegexes(path.join(root, 'main', 'engine')).map((f) => `${path.relative(root, f.file)}:${f.line} ${f.problem}: ${f.pattern}`);
    expect(found).toEqual([]);
  });
});
