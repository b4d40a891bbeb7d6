import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { gunzipBounded } from '../ingest/archive/gzip';

/**
 * Values a text carries encoded, where the scan for names cannot see them: a certificate's subject
 * and issuer (the node's name in a kubelet's serving certificate, the site's CA), a kubeconfig inside
 * a MachineConfig's `data:;base64,` URL. A certificate's body is replaced by a marked placeholder that
 * keeps its validity (what a vendor diagnosing an expiry needs), between its BEGIN and END lines; a
 * certificate in base64 (`certificate-authority-data`) and a data URL's text are decoded, cleaned like
 * any text and encoded again, so YAML, JSON and the data URL keep their shape.
 */

/** What a clean of the decoded text counts, by the rule's name (the review's "removed" list). */
export type Removed = (rule: string) => void;

export const CERTIFICATE_RULE = 'certificate';
export const BINARY_DATA_URL_RULE = 'binary data URL';

/** The encoded text decoded is at most this large (a data URL holding a whole file is a few MB at most). */
const MAX_DECODED = 64 << 20;
const GZ_BOUND = { ratio: 200, floor: 16 << 20, max: MAX_DECODED };

// The line break after the BEGIN line is kept with the indentation that follows it (a YAML block
// scalar's), or as the escape it is written with inside a JSON string.
const PEM_BLOCK =
  /-----BEGIN ((?:X509 |TRUSTED )?CERTIFICATE(?: REQUEST)?|NEW CERTIFICATE REQUEST|X509 CRL|PKCS7)-----((?:\\{1,2}r)?\\{1,2}n|\r?\n[ \t]{0,64}|[ \t]{1,8})([\s\S]{0,262144}?)-----END \1-----/g;
const BASE64_PEM = /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{8,16777216}={0,2}(?![A-Za-z0-9+/=])/g;
/** `data:text/plain;charset=utf-8;base64,…`; inside a JSON string its slashes may be escaped (`\/`). */
const DATA_URL = /(data:[\w.+-]{0,64}(?:\\?\/[\w.+-]{1,64})?(?:;[\w.+-]{1,64}=[\w.+-]{1,64}){0,4};base64,)((?:[A-Za-z0-9+=]|\\?\/){1,67108864})/g;

/** An open block is carried to the next piece up to this size (a certificate is a few KB, a key at most 64 KB). */
const MAX_CARRIED = 512 << 10;

/**
 * Pieces of text (cut at line ends) in which no PEM block is cut in two: a piece that ends inside a
 * block passes it, from its BEGIN line, on to the next. A must-gather's 3 MB configmaps.yaml had a CA
 * certificate cut by a 1 MiB piece's end, and both halves went out as they were.
 */
export function* withWholeBlocks(pieces: Iterable<string>): Generator<string> {
  let carried = '';
  for (const piece of pieces) {
    const text = carried + piece;
    carried = '';
    const open = text.lastIndexOf('-----BEGIN ');
    if (open < 0 || text.includes('-----END ', open) || text.length - open > MAX_CARRIED) {
      yield text;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', open) + 1;
    if (lineStart > 0) yield text.slice(0, lineStart);
    carried = text.slice(lineStart);
  }
  if (carried) yield carried;
}

/** `[certificate removed by nodescope share; valid … to …]`: the dates when the body parses as one. */
function certificateMarker(kind: string, body: string): string {
  if (kind === 'CERTIFICATE' || kind === 'X509 CERTIFICATE' || kind === 'TRUSTED CERTIFICATE') {
    try {
      const der = Buffer.from(body.replace(/\\[nr]|[^A-Za-z0-9+/=]/g, ''), 'base64');
      const cert = new crypto.X509Certificate(der);
      return `[certificate removed by nodescope share; valid ${cert.validFrom} to ${cert.validTo}]`;
    } catch {
      // Not a whole certificate (cut, garbled): the marker without dates.
    }
  }
  return `[${kind.toLowerCase()} removed by nodescope share]`;
}

function replaceCertificates(text: string, removed: Removed): string {
  return text.replace(PEM_BLOCK, (_m, kind: string, br: string, body: string) => {
    removed(CERTIFICATE_RULE);
    return `-----BEGIN ${kind}-----${br}${certificateMarker(kind, body)}${br}-----END ${kind}-----`;
  });
}

/** Text when the bytes are text: no NUL, and UTF-8 that reads back the same. */
function asText(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8192).includes(0)) return null;
  const text = bytes.toString('utf8');
  return Buffer.byteLength(text) === bytes.length && !text.includes('\uFFFD') ? text : null;
}

/** Base64 bytes (gzipped or not) decoded, cleaned as text and encoded again the same way; null when not text. */
function recoded(encoded: string, clean: (text: string) => string): string | null {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length > MAX_DECODED) return null;
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: string | null;
  try {
    text = asText(gzipped ? gunzipBounded(bytes, GZ_BOUND) : bytes);
  } catch {
    return null;
  }
  if (text === null) return null;
  const cleaned = clean(text);
  if (cleaned === text) return encoded;
  const bytesAgain = Buffer.from(cleaned, 'utf8');
  return (gzipped ? zlib.gzipSync(bytesAgain) : bytesAgain).toString('base64');
}

/**
 * The text with its certificates replaced and its base64 certificates and data URLs decoded, cleaned
 * with `clean` (the share's whole clean, so a kubeconfig inside a data URL is cleaned like a file) and
 * encoded again. A data URL whose payload is not text gets a placeholder payload.
 */
export function rewriteEncoded(text: string, clean: (text: string) => string, removed: Removed): string {
  let out = text.includes('-----BEGIN ') ? replaceCertificates(text, removed) : text;
  if (out.includes('LS0tLS1CRUdJTi')) out = out.replace(BASE64_PEM, (encoded) => recoded(encoded, clean) ?? encoded);
  if (out.includes(';base64,')) {
    out = out.replace(DATA_URL, (_m, head: string, payload: string) => {
      const escaped = payload.includes('\\/');
      const again = recoded(escaped ? payload.replace(/\\\//g, '/') : payload, clean);
      if (again !== null) return `${head}${escaped ? again.replace(/\//g, '\\/') : again}`;
      removed(BINARY_DATA_URL_RULE);
      return `${head}${Buffer.from('[binary data removed by nodescope share]').toString('base64')}`;
    });
  }
  return out;
}
