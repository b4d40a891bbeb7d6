import { visitListing } from '../k8s/api';
import { isObj, type Obj } from '../k8s/objects';
import { artifactChunks, type ArtifactRow } from '../store/artifacts';
import type { Db } from '../store/workspace';

/**
 * The values of the Kubernetes Secrets a listing holds (`data`, `stringData`), whatever their keys are
 * called: `ca.crt`, `.dockercfg`, `tls.key` say nothing of being secret, and base64 hides the site's
 * names from every other pass. They are found by reading the objects (a must-gather writes `data:`
 * before `kind: Secret`), then replaced where they stand in the text, so its layout is kept.
 */

const LISTING_PATH = /\.(json|ya?ml)$/i;
const SECRET_KIND = /["']?kind["']?\s*:\s*["']?Secret\b/;
/** Shorter values are left: "1", "true", "on" would be replaced wherever they stand in the file. */
const MIN_VALUE = 4;

function mayHoldSecrets(db: Db, a: ArtifactRow): boolean {
  if (!a.kind.startsWith('k8s-') && !LISTING_PATH.test(a.path)) return false;
  let tail = '';
  for (const chunk of artifactChunks(db, a.id, 0, a.bytes)) {
    const text = tail + chunk.toString('utf8');
    if (SECRET_KIND.test(text)) return true;
    tail = text.slice(-64);
  }
  return false;
}

/** A Secret: by its kind, or an item of a list without kinds that has a Secret's `type` and `data`. */
function isSecret(o: Obj): boolean {
  if (o.kind === 'Secret') return true;
  return o.kind === undefined && typeof o.type === 'string' && (isObj(o.data) || isObj(o.stringData));
}

/** Each value as it may be written: as it is, line by line for a YAML block, escaped once or twice in JSON. */
function writtenForms(value: string, into: Set<string>): void {
  for (const line of value.split('\n')) {
    const t = line.trim();
    if (t.length >= MIN_VALUE) into.add(t);
  }
  const once = JSON.stringify(value).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  for (const form of [once, twice]) if (form.length >= MIN_VALUE) into.add(form);
}

/** The Secrets' values of one artifact, longest first; none when it holds no Secret. */
export function secretValuesOf(db: Db, a: ArtifactRow): string[] {
  if (!mayHoldSecrets(db, a)) return [];
  const values = new Set<string>();
  visitListing(db, a, (o) => {
    if (!isSecret(o)) return;
    for (const field of [o.data, o.stringData]) {
      if (!isObj(field)) continue;
      for (const v of Object.values(field)) if (typeof v === 'string') writtenForms(v, values);
    }
  });
  return [...values].sort((x, y) => y.length - x.length);
}

const TOKEN_CHAR = /[A-Za-z0-9+/=_.-]/;

/** The text with every occurrence of the values (standing alone, not inside a longer token) replaced. */
export function redactValues(text: string, values: readonly string[], replacement: string, count: () => void): string {
  let out = text;
  for (const value of values) {
    if (!out.includes(value)) continue;
    const parts: string[] = [];
    let from = 0;
    for (let at = out.indexOf(value); at >= 0; at = out.indexOf(value, at + value.length)) {
      const before = out[at - 1] ?? ' ';
      const after = out[at + value.length] ?? ' ';
      if (TOKEN_CHAR.test(before) || TOKEN_CHAR.test(after)) continue;
      parts.push(out.slice(from, at), replacement);
      from = at + value.length;
      count();
    }
    parts.push(out.slice(from));
    out = parts.join('');
  }
  return out;
}
