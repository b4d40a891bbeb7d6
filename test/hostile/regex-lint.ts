/**
 * A small static check of regular expressions for the shapes that make backtracking super-linear on
 * hostile text: nested unbounded quantifiers (`(a+)+`), unbounded runs that can cross lines in a
 * multiline pattern (`^\s*x` with /m retried at every line), and two unbounded `.` runs in one
 * sequence (`(.*):(.*)`, cubic unanchored). Sources are read with the TypeScript parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface RegexFinding {
  file: string;
  line: number;
  pattern: string;
  problem: string;
}

interface Node {
  /** An unbounded quantifier appears inside. */
  unbounded: boolean;
  /** Can match a "\n". */
  newline: boolean;
  /** Count of unbounded quantifiers over "." directly in this sequence (or below, through groups). */
  dotRuns: number;
}

/** Problems of one pattern (empty when none of the unsafe shapes is found). */
export function regexProblems(source: string, flags: string): string[] {
  const problems = new Set<string>();
  const multiline = flags.includes('m');
  const dotAll = flags.includes('s');
  let i = 0;

  function parseAlternation(): Node {
    const alts: Node[] = [parseSequence()];
    while (source[i] === '|') {
      i++;
      alts.push(parseSequence());
    }
    return {
      unbounded: alts.some((a) => a.unbounded),
      newline: alts.some((a) => a.newline),
      dotRuns: Math.max(...alts.map((a) => a.dotRuns)),
    };
  }

  function parseSequence(): Node {
    const seq: Node = { unbounded: false, newline: false, dotRuns: 0 };
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const atom = parseAtom();
      const q = parseQuantifier();
      if (q === 'unbounded') {
        if (atom.node.unbounded) problems.add('nested unbounded quantifiers');
        if (multiline && atom.node.newline) problems.add('unbounded run that can cross lines in a multiline pattern');
        if (atom.dot) seq.dotRuns++;
        seq.unbounded = true;
      }
      if (atom.node.unbounded) seq.unbounded = true;
      if (atom.node.newline) seq.newline = true;
      seq.dotRuns += atom.node.dotRuns;
    }
    if (seq.dotRuns > 1) problems.add('two unbounded "." runs in one sequence');
    return seq;
  }

  function parseAtom(): { node: Node; dot: boolean } {
    const c = source[i];
    const plain = (newline: boolean, dot = false) => ({ node: { unbounded: false, newline, dotRuns: 0 }, dot });
    if (c === '(') {
      i++;
      let lookaround = false;
      if (source[i] === '?') {
        i++;
        if (source[i] === ':') i++;
        else if (source[i] === '=' || source[i] === '!') {
          i++;
          lookaround = true;
        } else if (source[i] === '<') {
          i++;
          if (source[i] === '=' || source[i] === '!') {
            i++;
            lookaround = true;
          } else while (i < source.length && source[i] !== '>') i++, 0;
          if (!lookaround) i++;
        }
      }
      const inner = parseAlternation();
      i++; // ')'
      return { node: lookaround ? { ...inner, newline: false } : inner, dot: false };
    }
    if (c === '[') {
      const start = i;
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      return plain(classMatchesNewline(source.slice(start, i)));
    }
    if (c === '\\') {
      const e = source[i + 1];
      i += 2;
      if (e === 'u' && source[i] === '{') while (source[i - 1] !== '}') i++;
      else if (e === 'u') i += 4;
      else if (e === 'x') i += 2;
      else if (e === 'p' || e === 'P') while (source[i - 1] !== '}') i++;
      return plain(e === 's' || e === 'W' || e === 'D' || e === 'n');
    }
    i++;
    if (c === '.') return plain(dotAll, true);
    if (c === '^' || c === '$') return plain(false);
    return plain(false);
  }

  function parseQuantifier(): 'none' | 'bounded' | 'unbounded' {
    const c = source[i];
    let kind: 'none' | 'bounded' | 'unbounded' = 'none';
    if (c === '*' || c === '+') {
      i++;
      kind = 'unbounded';
    } else if (c === '?') {
      i++;
      kind = 'bounded';
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
      if (m) {
        i += m[0].length;
        kind = m[2] !== undefined && m[3] === '' ? 'unbounded' : 'bounded';
      }
    }
    if (kind !== 'none' && source[i] === '?') i++;
    return kind;
  }

  parseAlternation();
  return [...problems];
}

/** Whether a character class (its source, brackets included) can match "\n". */
function classMatchesNewline(cls: string): boolean {
  const negated = cls.startsWith('[^');
  const body = cls.slice(negated ? 2 : 1, -1);
  const mentions = /\\n|\\s|\\W|\\D|\\x0[aA]|\\u000[aA]/.test(body);
  // [\s\S], [^x]: match newlines unless the class names \n (negated) or does not (positive).
  if (negated) return !/\\n|\\s|\\x0[aA]|\\u000[aA]/.test(body);
  return mentions;
}

/** Every regex literal and `new RegExp('literal', 'flags')` in the TypeScript files below `dir`. */
export function scanRegexes(dir: string): RegexFinding[] {
  const out: RegexFinding[] = [];
  for (const file of listTs(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      let pattern: string | null = null;
      let flags = '';
      if (ts.isRegularExpressionLiteral(node)) {
        const t = node.text;
        const last = t.lastIndexOf('/');
        pattern = t.slice(1, last);
        flags = t.slice(last + 1);
      } else if (ts.isNewExpression(node) && node.expression.getText(sf) === 'RegExp' && node.arguments?.[0] && ts.isStringLiteral(node.arguments[0])) {
        pattern = node.arguments[0].text;
        const f = node.arguments[1];
        flags = f && ts.isStringLiteral(f) ? f.text : '';
      }
      if (pattern !== null) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        for (const problem of regexProblems(pattern, flags)) out.push({ file, line, pattern: `/${pattern}/${flags}`, problem });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
