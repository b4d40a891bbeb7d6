import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { gunzipBounded } from '../ingest/archive/gzip';
import { artifactChunks, listArtifacts, readArtifactBytes, textAtLineEnds, type ArtifactRow } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { loadShareMap, saveShareMap, VALUE_KINDS, type ValueKind } from './map';
import { knownValues } from './names';
import { rewriteProfile } from './pprof';
import { Pseudonymiser, type ValueSample } from './pseudonymise';
import { redactValues, secretValuesOf } from './k8s-secrets';
import { redactSecrets } from './secrets';
import { rewriteEncoded, withWholeBlocks } from './encoded';

export interface ShareSettings {
  /** The map file: read when it exists (same pseudonyms as before), then written back (mode 600). */
  mapFile: string;
  /** Namespaces and pod names outside the system namespaces become pseudonyms too. */
  k8sNames?: boolean;
  /** Extra words to pseudonymise (site names, code names). */
  words?: readonly string[];
  /** Regular expressions whose matches are pseudonymised too. */
  patterns?: readonly string[];
  /** Values found that may leave as they are. */
  keep?: readonly string[];
  onProgress?: (done: number, total: number, path: string) => void;
}

export interface FoundKind {
  kind: ValueKind | 'secret';
  distinct: number;
  /** `distinct` is a lower bound: more distinct values were seen than are counted one by one. */
  distinctAtLeast: boolean;
  occurrences: number;
  /** Occurrences in context, with the real values: for the person reviewing, never written out. */
  samples: ValueSample[];
}

export interface LeftOut {
  path: string;
  reason: string;
}

/** A problem met reading the original (a truncated archive): the shared copy says so, pseudonymised. */
export interface ReadingProblem {
  path: string | null;
  message: string;
}

export interface ShareSummary {
  bundleId: number;
  files: number;
  found: FoundKind[];
  leftOut: LeftOut[];
  /** Empty when the original was read whole. */
  originalIncomplete: ReadingProblem[];
}

export interface ShareResult extends ShareSummary {
  output: string;
  mapFile: string;
  bytes: number;
}

interface Spooled {
  path: string;
  file: string;
  bytes: number;
  sha256: string;
}

/** How the review names the values of Kubernetes Secrets it replaced. */
const SECRET_DATA = 'Kubernetes Secret data';

/** Text whose fields are separated by NUL bytes (/proc/PID/cmdline, environ): rewritten like any text. */
const NUL_SEPARATED_KINDS = new Set(['proc-pid-cmdline', 'proc-pid-environ']);

function isBinary(head: Buffer): boolean {
  return head.subarray(0, 8192).includes(0);
}

/** An artifact's bytes a stored chunk at a time, in order: text is rewritten in pieces cut at line ends (textAtLineEnds), so no value is cut. */
function pieces(db: Db, a: ArtifactRow): Generator<Buffer> {
  return artifactChunks(db, a.id, 0, a.bytes);
}

/** A .gz member may expand this much past 64 MiB (logs compress tens of times; a bomb a thousand). */
const GZ_MEMBER_BOUND = { ratio: 200, floor: 64 * 1024 * 1024, max: 1 << 30 };

function* gunzipped(bytes: Iterable<Buffer>): Generator<Buffer> {
  const all = Buffer.concat([...bytes]);
  yield gunzipBounded(all, GZ_MEMBER_BOUND);
}

class ShareRun {
  readonly p: Pseudonymiser;
  readonly secrets = new Map<string, number>();
  readonly leftOut: LeftOut[] = [];

  constructor(
    private readonly db: Db,
    readonly settings: ShareSettings,
    readonly map: ReturnType<typeof loadShareMap>,
    bundleId: number,
  ) {
    const known = knownValues(db, bundleId, { k8sNames: settings.k8sNames ?? false, words: settings.words ?? [], patterns: settings.patterns ?? [] });
    this.p = new Pseudonymiser(map, known, new Set((settings.keep ?? []).map((k) => k.toLowerCase())));
  }

  clean(text: string): string {
    return this.p.text(rewriteEncoded(redactSecrets(text, this.secrets), (inner) => this.clean(inner), (rule) => this.secrets.set(rule, (this.secrets.get(rule) ?? 0) + 1)));
  }

  /** The artifact rewritten, piece by piece, into `sink`; null when it is left out (and why is recorded). */
  rewrite(a: ArtifactRow, sink: (b: Buffer) => void): boolean {
    const head = readArtifactBytes(this.db, a.id, 0, 8192);
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    if (a.kind === 'pprof') {
      try {
        sink(rewriteProfile(Buffer.concat([...pieces(this.db, a)]), (s) => this.clean(s)));
        return true;
      } catch (e) {
        this.leftOut.push({ path: a.path, reason: `profile could not be rewritten: ${(e as Error).message}` });
        return false;
      }
    }
    if (gz) {
      try {
        const texts = [...withWholeBlocks(textAtLineEnds(gunzipped(pieces(this.db, a))))].map((t) => this.clean(t));
        sink(zlib.gzipSync(Buffer.from(texts.join(''), 'utf8')));
        return true;
      } catch (e) {
        this.leftOut.push({ path: a.path, reason: `compressed file could not be read whole: ${(e as Error).message}` });
        return false;
      }
    }
    if (isBinary(head) && !NUL_SEPARATED_KINDS.has(a.kind) && !/\/(cmdline|environ)$/.test(a.path)) {
      this.leftOut.push({ path: a.path, reason: 'binary content: it cannot be checked for identifying values' });
      return false;
    }
    const secretValues = secretValuesOf(this.db, a);
    for (const text of withWholeBlocks(textAtLineEnds(pieces(this.db, a)))) sink(Buffer.from(this.clean(this.withoutSecretValues(text, secretValues)), 'utf8'));
    return true;
  }

  /** The text with the values of the Kubernetes Secrets its listing holds replaced. */
  private withoutSecretValues(text: string, values: readonly string[]): string {
    if (values.length === 0) return text;
    return redactValues(text, values, '[REDACTED]', () => this.secrets.set(SECRET_DATA, (this.secrets.get(SECRET_DATA) ?? 0) + 1));
  }

  found(): FoundKind[] {
    const out: FoundKind[] = [];
    for (const kind of VALUE_KINDS) {
      const f = this.p.found.get(kind);
      if (f) out.push({ kind, distinct: f.distinct.size, distinctAtLeast: f.distinctCapped, occurrences: f.occurrences, samples: f.samples });
    }
    const secretTotal = [...this.secrets.values()].reduce((s, n) => s + n, 0);
    if (secretTotal) out.push({ kind: 'secret', distinct: this.secrets.size, distinctAtLeast: false, occurrences: secretTotal, samples: [...this.secrets.keys()].map((rule) => ({ before: '', value: rule, after: '' })) });
    return out;
  }
}

interface BundleRow {
  name: string;
  format: 'manifest' | 'plain';
  incomplete: number;
  errors_json: string;
}

function bundleRow(db: Db, bundleId: number): BundleRow {
  const row = db.prepare("SELECT name, format, incomplete, errors_json FROM bundles WHERE id = ? AND state = 'ready'").get(bundleId) as BundleRow | undefined;
  if (!row) throw new Error(`no bundle with id ${bundleId} in the workspace`);
  return row;
}

/**
 * What ingest could not read of the original (a truncated archive, a garbled header), pseudonymised
 * like the rest: the shared copy holds only what was read, and a member cut short would otherwise
 * look whole to whoever reads the copy.
 */
function originalIncomplete(run: ShareRun, row: BundleRow): ReadingProblem[] {
  if (!row.incomplete) return [];
  let errors: unknown;
  try {
    errors = JSON.parse(row.errors_json);
  } catch {
    errors = [];
  }
  const list = Array.isArray(errors) ? (errors as { path?: unknown; message?: unknown }[]) : [];
  const problems = list.map((e) => ({ path: typeof e.path === 'string' ? run.clean(e.path) : null, message: run.clean(String(e.message ?? '')) }));
  return problems.length ? problems : [{ path: null, message: 'the original was read incomplete' }];
}

/** What a share of the bundle would replace, without writing anything: the review. */
export function reviewShare(db: Db, bundleId: number, settings: ShareSettings): ShareSummary {
  const row = bundleRow(db, bundleId);
  const run = new ShareRun(db, settings, loadShareMap(settings.mapFile), bundleId);
  const artifacts = listArtifacts(db, bundleId);
  artifacts.forEach((a, i) => {
    settings.onProgress?.(i, artifacts.length, a.path);
    run.p.text(a.path);
    run.rewrite(a, () => undefined);
  });
  return { bundleId, files: artifacts.length, found: run.found(), leftOut: run.leftOut, originalIncomplete: originalIncomplete(run, row) };
}

function topFolder(name: string): string {
  return name.replace(/\.(tar\.gz|tgz|tar|tar\.xz|tar\.zst|tar\.bz2|zip)$/i, '');
}

async function writeTarball(output: string, entries: { name: string; file: string; bytes: number }[]): Promise<number> {
  const pack = tar.pack();
  const tmp = `${output}.${process.pid}.partial`;
  const done = pipeline(pack, zlib.createGzip(), fs.createWriteStream(tmp, { mode: 0o600 }));
  const mtime = new Date();
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const entry = pack.entry({ name: e.name, size: e.bytes, mode: 0o600, mtime }, (err) => (err ? reject(err) : resolve()));
      fs.createReadStream(e.file).on('error', reject).pipe(entry);
    });
  }
  pack.finalize();
  await done;
  fs.renameSync(tmp, output);
  return fs.statSync(output).size;
}

function spool(dir: string, index: number): { file: string; write: (b: Buffer) => void; close: () => { bytes: number; sha256: string } } {
  const file = path.join(dir, String(index));
  const fd = fs.openSync(file, 'w', 0o600);
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  return {
    file,
    write: (b) => {
      fs.writeSync(fd, b);
      hash.update(b);
      bytes += b.length;
    },
    close: () => {
      fs.closeSync(fd);
      return { bytes, sha256: hash.digest('hex') };
    },
  };
}

/** The manifest of the shared bundle: rewritten like any text, its items' sizes and hashes those of the new files. */
function sharedManifest(run: ShareRun, manifestText: string, spooled: Map<string, Spooled>, summary: ShareSummary): string {
  const m = JSON.parse(run.clean(manifestText)) as Record<string, unknown> & { items?: Record<string, unknown>[] };
  for (const item of m.items ?? []) {
    const s = typeof item.path === 'string' ? spooled.get(item.path) : undefined;
    if (s) Object.assign(item, { bytes: s.bytes, sha256: s.sha256 });
    else if (typeof item.path === 'string' && item.path !== 'manifest.json' && !item.skipped) Object.assign(item, { skipped: 'left out of the shared bundle' });
  }
  m.pseudonymisation = pseudonymisationRecord(summary);
  return `${JSON.stringify(m, null, 1)}\n`;
}

/** What the shared bundle says of its pseudonymisation: rules and counts, never an original value. */
function pseudonymisationRecord(summary: ShareSummary): Record<string, unknown> {
  return {
    tool: 'nodescope share',
    at: new Date().toISOString(),
    note: 'identifying values were replaced by consistent pseudonyms; the map stays on the site',
    kinds: summary.found.map((f) => ({ kind: f.kind, distinct: f.distinct, distinctAtLeast: f.distinctAtLeast, occurrences: f.occurrences })),
    leftOut: summary.leftOut.map((l) => ({ reason: l.reason })),
    ...(summary.originalIncomplete.length ? { originalIncomplete: summary.originalIncomplete } : {}),
  };
}

/**
 * Writes a pseudonymised copy of the bundle to `output` (a .tar.gz) and the map to settings.mapFile.
 * The copy is a normal bundle: it ingests, diagnoses and compares like the original.
 */
export async function shareBundle(db: Db, bundleId: number, output: string, settings: ShareSettings): Promise<ShareResult> {
  const row = bundleRow(db, bundleId);
  if (path.resolve(settings.mapFile) === path.resolve(output)) throw new Error('the map file and the shared bundle must be two different files');
  const map = loadShareMap(settings.mapFile);
  const run = new ShareRun(db, settings, map, bundleId);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-share-'));
  try {
    const artifacts = listArtifacts(db, bundleId);
    const spooled = new Map<string, Spooled>();
    let manifestText: string | null = null;
    artifacts.forEach((a, i) => {
      settings.onProgress?.(i, artifacts.length, a.path);
      if (a.kind === 'manifest' && a.path === 'manifest.json') {
        manifestText = readArtifactBytes(db, a.id).toString('utf8');
        return;
      }
      const out = spool(dir, i);
      const kept = run.rewrite(a, out.write);
      const { bytes, sha256 } = out.close();
      const sharedPath = run.clean(a.path);
      if (kept) spooled.set(sharedPath, { path: sharedPath, file: out.file, bytes, sha256 });
    });
    const summary: ShareSummary = { bundleId, files: spooled.size, found: run.found(), leftOut: run.leftOut, originalIncomplete: originalIncomplete(run, row) };
    const prefix = row.format === 'manifest' ? `${run.clean(topFolder(row.name))}/` : '';
    const entries = [...spooled.values()].map((s) => ({ name: prefix + s.path, file: s.file, bytes: s.bytes }));
    const record = manifestText !== null ? sharedManifest(run, manifestText, spooled, summary) : `${JSON.stringify(pseudonymisationRecord(summary), null, 1)}\n`;
    const recordFile = path.join(dir, 'record');
    fs.writeFileSync(recordFile, record, { mode: 0o600 });
    entries.unshift({ name: prefix + (manifestText !== null ? 'manifest.json' : 'nodescope-share.json'), file: recordFile, bytes: Buffer.byteLength(record) });
    const bytes = await writeTarball(output, entries);
    saveShareMap(settings.mapFile, map);
    return { ...summary, output, mapFile: settings.mapFile, bytes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
