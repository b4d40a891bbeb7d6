import type { Corefile, CorefileDirective, CorefileServerBlock, CorefileZone } from '../../../shared/api/dns';
import { lexCorefile, type Token } from './corefile-lexer';

const MAX_ERRORS = 50;
const MAX_DEPTH = 32;

class Parser {
  private i = 0;
  readonly errors: string[] = [];
  constructor(private readonly tokens: Token[]) {}

  private isBrace(t: Token | undefined, brace: '{' | '}'): boolean {
    return t !== undefined && !t.quoted && t.text === brace;
  }

  private error(message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(message);
  }

  /** Directives until the closing brace (inside a block) or the end (top level). */
  directives(depth: number, openedAt: number | null): CorefileDirective[] {
    const out: CorefileDirective[] = [];
    while (this.i < this.tokens.length) {
      const t = this.tokens[this.i];
      if (this.isBrace(t, '}')) {
        this.i++;
        if (openedAt !== null) return out;
        this.error(`line ${t.line}: "}" without a matching "{"`);
        continue;
      }
      out.push(this.directive(depth));
    }
    if (openedAt !== null) this.error(`line ${openedAt}: "{" is never closed`);
    return out;
  }

  /** Steps over a `{ ... }` block (the current token is its "{"), counting braces without recursion. */
  private skipBlock(): void {
    let open = 0;
    for (; this.i < this.tokens.length; this.i++) {
      const t = this.tokens[this.i];
      if (this.isBrace(t, '{')) open++;
      else if (this.isBrace(t, '}') && --open === 0) {
        this.i++;
        return;
      }
    }
  }

  private directive(depth: number): CorefileDirective {
    const first = this.tokens[this.i++];
    const d: CorefileDirective = { name: first.text, args: [], line: first.line, block: null };
    if (this.isBrace(first, '{')) {
      this.error(`line ${first.line}: "{" without a name before it`);
      this.i--;
      this.skipBlock();
      d.block = [];
      return d;
    }
    for (let t = this.tokens[this.i]; t && t.line === first.line; t = this.tokens[this.i]) {
      if (this.isBrace(t, '}')) break;
      this.i++;
      if (!this.isBrace(t, '{')) {
        d.args.push(t.text);
        continue;
      }
      if (depth >= MAX_DEPTH) {
        this.error(`line ${t.line}: blocks nested too deep; the block is skipped`);
        this.i--;
        this.skipBlock();
        d.block = [];
      } else d.block = this.directives(depth + 1, t.line);
      break;
    }
    return d;
  }
}

/** ".:53" → zone ".", port "53"; "tls://.:853"; "cluster.local"; "10.0.0.0/24:53". */
export function parseServerKey(key: string): CorefileZone {
  const scheme = /^([a-z]+):\/\//.exec(key);
  const rest = scheme ? key.slice(scheme[0].length) : key;
  const colon = rest.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(rest.slice(colon + 1))) {
    return { zone: rest.slice(0, colon), port: rest.slice(colon + 1), scheme: scheme?.[1] ?? null };
  }
  return { zone: rest, port: null, scheme: scheme?.[1] ?? null };
}

function serverBlock(d: CorefileDirective): CorefileServerBlock {
  const keys = [d.name, ...d.args].flatMap((k) => k.split(',')).filter((k) => k !== '');
  return { keys, zones: keys.map(parseServerKey), line: d.line, plugins: d.block ?? [] };
}

export type CorefileSource = Pick<Corefile, 'artifact' | 'origin' | 'configMap' | 'startLine'>;

/**
 * Parses a Corefile into server blocks and plugins (with args and nested blocks), snippets and
 * top-level imports. Never throws: what it cannot read is listed in `errors`.
 */
export function parseCorefile(text: string, source: CorefileSource): Corefile {
  const p = new Parser(lexCorefile(text));
  let top = p.directives(0, null);
  // A Corefile with a single server may leave out the braces: the first line is its keys.
  if (top.length > 0 && top.every((d) => d.block === null) && top[0].name !== 'import') {
    top = [{ ...top[0], block: top.slice(1) }];
  }
  const out: Corefile = { ...source, text, servers: [], snippets: [], imports: [], errors: p.errors };
  for (const d of top) {
    if (d.name === 'import' && d.block === null) out.imports.push({ path: d.args.join(' '), line: d.line });
    else if (/^\(.+\)$/.test(d.name) && d.block) out.snippets.push({ name: d.name.slice(1, -1), line: d.line, directives: d.block });
    else if (d.block) out.servers.push(serverBlock(d));
    else if (out.errors.length < MAX_ERRORS) out.errors.push(`line ${d.line}: "${d.name}" is outside any server block`);
  }
  return out;
}

/** A directive and its block as Corefile text, indented: how compare shows a plugin. */
export function renderDirective(d: CorefileDirective, indent = ''): string {
  const head = [d.name, ...d.args.map((a) => (/[\s"{}#]/.test(a) || a === '' ? JSON.stringify(a) : a))].join(' ');
  if (!d.block) return indent + head;
  const inner = d.block.map((x) => renderDirective(x, `${indent}    `));
  return [`${indent}${head} {`, ...inner, `${indent}}`].join('\n');
}

export function serverName(s: Pick<CorefileServerBlock, 'keys'>): string {
  return s.keys.join(' ');
}
