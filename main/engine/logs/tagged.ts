/**
 * The "host ident[pid]: message" part that journalctl's short formats and syslog files share.
 * readTag reads it from i (just after the stamp) and leaves the message start in tag.messageAt;
 * the ident string is reused while consecutive lines carry the same one, so most lines allocate nothing.
 */
export const tag = {
  ident: null as string | null,
  messageAt: 0,
};

let lastIdent = '';

export function readTag(s: string, i: number): void {
  tag.ident = null;
  tag.messageAt = i;
  while (s.charCodeAt(i) === 32) i++;
  const hostEnd = s.indexOf(' ', i);
  if (hostEnd < 0) return;
  const start = hostEnd + 1;
  let j = start;
  for (let c = s.charCodeAt(j); c === c; c = s.charCodeAt(++j)) {
    if (c === 91 || c === 58) break; // '[' or ':'
    if (c === 32) {
      tag.messageAt = start; // "last message repeated 3 times": no tag
      return;
    }
  }
  if (j === start || j >= s.length) {
    tag.messageAt = start;
    return;
  }
  tag.ident = identAt(s, start, j);
  let k = j;
  if (s.charCodeAt(k) === 91) {
    const close = s.indexOf(']', k);
    k = close < 0 ? k : close + 1;
  }
  if (s.charCodeAt(k) === 58) k++;
  if (s.charCodeAt(k) === 32) k++;
  tag.messageAt = k;
}

function identAt(s: string, start: number, end: number): string {
  if (end - start === lastIdent.length && s.startsWith(lastIdent, start)) return lastIdent;
  lastIdent = s.slice(start, end);
  return lastIdent;
}
