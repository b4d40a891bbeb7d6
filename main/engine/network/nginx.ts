import type { NginxDirective, NginxFile, NginxServer, NginxUpstream } from '../../../shared/api/network';

interface Tok {
  text: string;
  line: number;
  /** Quoted words are never `;`, `{` or `}`. */
  quoted: boolean;
}

const SPECIAL = new Set([';', '{', '}']);
const MAX_DEPTH = 32;

/** nginx's tokenizer: blanks separate, `;{}` stand alone, `#` comments, '...' and "..." quote (with \\ escapes). */
export function lexNginx(text: string): Tok[] {
  const out: Tok[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') line++;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (SPECIAL.has(c)) {
      out.push({ text: c, line, quoted: false });
      i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      let w = '';
      for (i++; i < text.length && text[i] !== c; i++) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') line++;
        w += text[i];
      }
      i++;
      out.push({ text: w, line: start, quoted: true });
    } else {
      let w = '';
      while (i < text.length && !/[\s;{}]/.test(text[i])) w += text[i++];
      // Another blank (a form feed, a no-break space): skipped like one, never an endless empty word.
      if (w === '') i++;
      else out.push({ text: w, line, quoted: false });
    }
  }
  return out;
}

class Parser {
  i = 0;
  readonly errors: string[] = [];
  constructor(private readonly toks: Tok[]) {}

  private is(t: Tok | undefined, s: string): boolean {
    return t !== undefined && !t.quoted && t.text === s;
  }

  block(depth: number, openedAt: number | null): NginxDirective[] {
    const out: NginxDirective[] = [];
    while (this.i < this.toks.length) {
      const t = this.toks[this.i];
      if (this.is(t, '}')) {
        this.i++;
        if (openedAt !== null) return out;
        if (this.errors.length < 50) this.errors.push(`line ${t.line}: "}" without a matching "{"`);
        continue;
      }
      if (this.is(t, ';') || this.is(t, '{')) {
        this.i++;
        if (this.is(t, '{')) {
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
    const first = this.toks[this.i++];
    const d: NginxDirective = { name: first.text, args: [], line: first.line, block: null };
    for (let t = this.toks[this.i]; t; t = this.toks[this.i]) {
      this.i++;
      if (this.is(t, ';')) return d;
      if (this.is(t, '{')) {
        if (depth >= MAX_DEPTH) {
          this.errors.push(`line ${t.line}: blocks nested too deep; the block is skipped`);
          this.skip();
          d.block = [];
        } else d.block = this.block(depth + 1, t.line);
        return d;
      }
      if (this.is(t, '}')) {
        this.i--;
        this.errors.push(`line ${first.line}: "${first.text}" has no ";"`);
        return d;
      }
      d.args.push(t.text);
    }
    this.errors.push(`line ${first.line}: "${first.text}" has no ";"`);
    return d;
  }

  /** Steps over the rest of a block whose "{" was just read, without recursion. */
  private skip(): void {
    for (let open = 1; this.i < this.toks.length && open > 0; this.i++) {
      if (this.is(this.toks[this.i], '{')) open++;
      else if (this.is(this.toks[this.i], '}')) open--;
    }
  }
}

/** Parses one nginx configuration file into directives. Never throws; problems go to `errors`. */
export function parseNginxFile(text: string, artifact: string): NginxFile {
  const p = new Parser(lexNginx(text));
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
