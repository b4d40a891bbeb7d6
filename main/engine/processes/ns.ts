/**
 * The collector's proc/<pid>/ns file: one `readlink` line per namespace link that still resolves
 * (`net:[4026531992]`). The links are listed in name order, so `pid` comes before `pid_for_children`
 * (which readlink also prints as `pid:[...]`): the first line of a type is the task's own namespace.
 */
export function parseNamespaces(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):\[(\d+)\]$/.exec(line.trim());
    if (m && !(m[1]! in out)) out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** A task whose net namespace link no longer resolves: it has exited it (dying), or the namespace is torn down. */
export function netNamespaceGone(nsText: string | undefined): boolean | null {
  if (nsText === undefined) return null;
  return !('net' in parseNamespaces(nsText));
}
