import type { NginxDiff, NginxDirective, NginxView } from '../../../shared/api/network';

/** Every directive as "parent > parent > name args", so a moved or edited line shows with its place. */
export function directiveLines(ds: NginxDirective[], path: string[] = []): string[] {
  const out: string[] = [];
  for (const d of ds) {
    const here = [d.name, ...d.args].join(' ');
    out.push([...path, here].join(' > '));
    if (d.block) out.push(...directiveLines(d.block, [...path, here]));
  }
  return out;
}

function missing(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1);
  return a.filter((l) => {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    return n === 0;
  });
}

/** Files added/removed, and directive lines added/removed per file (comments and spacing ignored). */
export function nginxDiff(a: NginxView, b: NginxView): NginxDiff {
  const fa = new Map(a.files.map((f) => [f.artifact, directiveLines(f.directives)]));
  const fb = new Map(b.files.map((f) => [f.artifact, directiveLines(f.directives)]));
  const files = [...fa]
    .filter(([p]) => fb.has(p))
    .map(([p, la]) => ({ artifact: p, added: missing(fb.get(p) as string[], la), removed: missing(la, fb.get(p) as string[]) }))
    .filter((f) => f.added.length + f.removed.length > 0);
  const filesAdded = [...fb.keys()].filter((p) => !fa.has(p));
  const filesRemoved = [...fa.keys()].filter((p) => !fb.has(p));
  return { filesAdded, filesRemoved, files, identical: files.length + filesAdded.length + filesRemoved.length === 0 };
}
