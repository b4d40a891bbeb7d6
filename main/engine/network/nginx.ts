import type { NginxDirective, NginxFile, NginxServer, NginxUpstream } from '../../../shared/api/network';
import { BACKSLASH, CR, DQUOTE, HASH, LBRACE, NL, RBRACE, SEMICOLON, SPACE, SQUOTE, TAB } from '../text/char-codes';

interface Tok {
  text: string;
  line: number;
  /** Quoted words are never `;`, `{` or `}`. */
  quoted: boolean;
}

const MAX_DEPTH = 32;

/** `;`, `{` and `}` stand alone. */
function special(c: number): boolean {
  return c === SEMICOLON || c === LBRACE || c === RBRACE;
}

/** `;`, `{`, `}` and whitespace (as /\s/ reads it) end a word. */
function endsWord(c: number): boolean {
  if (special(c)) return true;
  if (c < 128) return c === SPACE || (c >= TAB && c <= CR);
  return /\s/.test(String.fromCharCode(c));
}

/**
 * nginx's tokenizer, one token at a time: blanks separate, `;{}` stand alone, `#` comments, '...' and
 * "..." quote (with \\ escapes). Words are slices of the text: a 35 MB file's five million tokens were
 * an array built a character at a time, and collecting it took more than half of the parse.
 */
class Lexer {
  private i = 0;
  private line = 1;
  private ahead: Tok | null | undefined;

  constructor(private readonly text: string) {}

  peek(): Tok | null {
    if (this.ahead === undefined) this.ahead = this.read();
    return this.ahead;
  }

  next(): Tok | null {
    const t = this.peek();
    this.ahead = undefined;
    return t;
  }

  private read(): Tok | null {
    const text = this.text;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c === NL) {
        this.line++;
        this.i++;
      } else if (c === SPACE || c === TAB || c === CR) this.i++;
      else if (c === HASH) {
        const end = text.indexOf('\n', this.i);
        this.i = end < 0 ? text.length : end;
      } else if (special(c)) {
        this.i++;
        return { text: text[this.i - 1], line: this.line, quoted: false };
      } else if (c === DQUOTE || c === SQUOTE) return this.quoted(c);
      else {
        const start = this.i;
        while (this.i < text.length && !endsWord(text.charCodeAt(this.i))) this.i++;
        // Another blank (a form feed, a no-break space): skipped like one, never an endless empty word.
        if (this.i === start) this.i++;
        else return { text: text.slice(start, this.i), line: this.line, quoted: false };
      }
    }
    return null;
  }

  private quoted(quote: number): Tok {
    const text = this.text;
    const line = this.line;
    let word = '';
    let from = ++this.i;
    for (; this.i < text.length && text.charCodeAt(this.i) !== quote; this.i++) {
      if (text.charCodeAt(this.i) === BACKSLASH && this.i + 1 < text.length) {
        word += text.slice(from, this.i);
        from = ++this.i;
      }
      if (text.charCodeAt(this.i) === NL) this.line++;
    }
    word += text.slice(from, Math.min(this.i, text.length));
    this.i++;
    return { text: word, line, quoted: true };
  }
}

/** Every token of a text (tests; the parser reads them one at a time). */
export function lexNginx(text: string): Tok[] {
  const lexer = new Lexer(text);
  const out: Tok[] = [];
  for (let t = lexer.next(); t; t = lexer.next()) out.push(t);
  return out;
}

function is(t: Tok | null, s: string): boolean {
  return t !== null && !t.quoted && t.text === s;
}

class Parser {
  readonly errors: string[] = [];
  constructor(private readonly lex: Lexer) {}

  block(depth: number, openedAt: number | null): NginxDirective[] {
    const out: NginxDirective[] = [];
    for (let t = this.lex.peek(); t; t = this.lex.peek()) {
      if (is(t, '}')) {
        this.lex.next();
        if (openedAt !== null) return out;
        if (this.errors.length < 50) this.errors.push(`line ${t.line}: "}" without a matching "{"`);
        continue;
      }
      if (is(t, ';') || is(t, '{')) {
        this.lex.next();
        if (is(t, '{')) {
          if (this.errors.length < 50) this.errors.push(`line ${t.line}: "{" without a directive; the block is skipped`);
          this.skip();
        }
        continue;
      }
      out.push(this.directive(depth));
    }
    if (openedAt !== null && this.errors.length < 50) this.errors.push(`line ${openedAt}: "{" is never closed`);
    return out;
  }

  private directive(depth: number): NginxDirective {
    const first = this.lex.next() as Tok;
    const d: NginxDirective = { name: first.text, args: [], line: first.line, block: null };
    for (let t = this.lex.peek(); t; t = this.lex.peek()) {
      if (is(t, '}')) {
        // Left for the block it closes.
        this.errors.push(`line ${first.line}: "${first.text}" has no ";"`);
        return d;
      }
      this.lex.next();
      if (is(t, ';')) return d;
      if (is(t, '{')) {
        if (depth >= MAX_DEPTH) {
          this.errors.push(`line ${t.line}: blocks nested too deep; the block is skipped`);
          this.skip();
          d.block = [];
        } else d.block = this.block(depth + 1, t.line);
        return d;
      }
      d.args.push(t.text);
    }
    this.errors.push(`line ${first.line}: "${first.text}" has no ";"`);
    return d;
  }

  /** Steps over the rest of a block whose "{" was just read, without recursion. */
  private skip(): void {
    for (let open = 1; open > 0; ) {
      const t = this.lex.next();
      if (!t) return;
      if (is(t, '{')) open++;
      else if (is(t, '}')) open--;
    }
  }
}

/** Parses one nginx configuration file into directives. Never throws; problems go to `errors`. */
export function parseNginxFile(text: string, artifact: string): NginxFile {
  const p = new Parser(new Lexer(text));
  const directives = p.block(0, null);
  const includes: string[] = [];
  const walk = (ds: NginxDirective[]) => {
    for (const d of ds) {
      if (d.name === 'include') includes.push(d.args.join(' '));
      if (d.block) walk(d.block);
    }
  };
  walk(directives);
  return { artifact, directives, includes, errors: p.errors.slice(0, 50) };
}

function serverOf(d: NginxDirective, artifact: string, context: NginxServer['context']): NginxServer {
  const s: NginxServer = { artifact, line: d.line, context, listen: [], serverNames: [], proxyPasses: [] };
  const visit = (ds: NginxDirective[], location: string | null) => {
    for (const x of ds) {
      if (x.name === 'listen' && location === null) s.listen.push(x.args.join(' '));
      else if (x.name === 'server_name' && location === null) s.serverNames.push(...x.args);
      else if (x.name === 'proxy_pass' || x.name === 'grpc_pass' || x.name === 'fastcgi_pass' || x.name === 'uwsgi_pass') {
        s.proxyPasses.push({ location, target: x.args.join(' '), line: x.line });
      } else if (x.name === 'location' && x.block) visit(x.block, x.args.join(' '));
    }
  };
  visit(d.block ?? [], null);
  return s;
}

/** Servers and upstreams of a file, with the http/stream block they sit in. */
export function nginxServers(f: NginxFile): { servers: NginxServer[]; upstreams: NginxUpstream[] } {
  const servers: NginxServer[] = [];
  const upstreams: NginxUpstream[] = [];
  const walk = (ds: NginxDirective[], context: NginxServer['context']) => {
    for (const d of ds) {
      if (!d.block) continue;
      if (d.name === 'http' || d.name === 'stream') walk(d.block, d.name);
      else if (d.name === 'server') servers.push(serverOf(d, f.artifact, context));
      else if (d.name === 'upstream') {
        const list = d.block.filter((x) => x.name === 'server').map((x) => x.args.join(' '));
        upstreams.push({ artifact: f.artifact, line: d.line, name: d.args.join(' '), servers: list });
      }
    }
  };
  walk(f.directives, null);
  return { servers, upstreams };
}
