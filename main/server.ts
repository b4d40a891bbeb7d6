import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ArgError, apiArgs, type NodescopeApi } from '../shared/api';
import { NotFoundError } from './engine/library/api';
import { ingestArgs, type IngestApi } from '../shared/api/ingest';
import { CONTENT_SECURITY_POLICY, mimeType } from './renderer-assets';

/**
 * Browser mode: the renderer's API as JSON over HTTP on 127.0.0.1, for headless hosts and UI tests.
 * Like Jupyter, every request must carry the per-run token (query on the first page load, then a
 * same-site cookie for the page's assets and a header for API calls); nothing is served without it,
 * and a Host header other than our own is refused so a DNS-rebinding page cannot reach us.
 */

export type ServedApi = NodescopeApi & IngestApi;

export interface ServerOptions {
  api: ServedApi;
  /** Folder of the built renderer (vite build output). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); random by default. */
  token?: string;
  /**
   * Runs one NodescopeApi call off this thread (the engine pool); the signal aborts when the client goes
   * away before the answer. Without it, calls run on `api` in this thread. Ingest job calls always use `api`.
   */
  call?: (method: string, args: unknown[], signal: AbortSignal) => Promise<unknown>;
  /** Where uploaded bundles are written before their ingest (PUT /upload); absent: no upload. */
  uploads?: UploadOptions;
}

export interface UploadOptions {
  dir: string;
  /** Largest upload accepted, in bytes. */
  maxBytes: number;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/?token=... */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}


const TOKEN_HEADER = 'x-nodescope-token';
const MAX_BODY_BYTES = 1 << 20;

const validators: Record<string, (args: unknown[]) => unknown[]> = { ...apiArgs, ...ingestArgs };

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const server = http.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const gate = new Gate(token, port);
      server.on('request', (req, res) => {
        handle(req, res, gate, options).catch(() => {
          if (!res.headersSent) refuse(res, 500, 'internal error');
          else res.destroy();
        });
      });
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Who may come in: the right Host and the token (query, header or cookie), compared in constant time. */
class Gate {
  readonly cookieName: string;
  constructor(
    readonly token: string,
    readonly port: number,
  ) {
    // Cookies are not separated by port: name ours after it so two servers do not overwrite each other.
    this.cookieName = `nodescope-token-${port}`;
  }

  hostIsOurs(host: string | undefined): boolean {
    return host === `127.0.0.1:${this.port}`;
  }

  tokenMatches(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && crypto.timingSafeEqual(a, b);
  }

  cookieToken(header: string | undefined): string | undefined {
    for (const part of (header ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return value.join('=');
    }
    return undefined;
  }
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, gate: Gate, options: ServerOptions): Promise<void> {
  securityHeaders(res);
  if (!gate.hostIsOurs(req.headers.host)) return refuse(res, 403, 'foreign Host header');
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${gate.port}`);
  if (url.pathname.startsWith('/api/')) {
    if (!gate.tokenMatches(headerValue(req.headers[TOKEN_HEADER]))) return refuse(res, 401, 'token required');
    return callApi(req, res, url.pathname.slice('/api/'.length), options);
  }
  if (url.pathname === '/upload') {
    if (!gate.tokenMatches(headerValue(req.headers[TOKEN_HEADER]))) return refuse(res, 401, 'token required');
    return upload(req, res, url, options);
  }
  const fromQuery = url.searchParams.get('token');
  if (gate.tokenMatches(fromQuery)) {
    res.setHeader('Set-Cookie', `${gate.cookieName}=${gate.token}; Path=/; HttpOnly; SameSite=Strict`);
  } else if (!gate.tokenMatches(gate.cookieToken(req.headers.cookie))) {
    return refuse(res, 401, 'token required: open the URL nodescope serve printed');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
  serveStatic(res, options.staticDir, url.pathname);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

function serveStatic(res: http.ServerResponse, root: string, pathname: string): void {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return refuse(res, 400, 'bad path');
  }
  const file = path.resolve(root, `.${relative}`);
  const inside = path.relative(root, file);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside) || relative.includes('\0')) {
    return refuse(res, 404, 'not found');
  }
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    return refuse(res, 404, 'not found');
  }
  res.writeHead(200, { 'Content-Type': mimeType(path.extname(file)) });
  res.end(body);
}

async function callApi(req: http.IncomingMessage, res: http.ServerResponse, method: string, options: ServerOptions): Promise<void> {
  if (req.method !== 'POST') return refuse(res, 405, 'POST only');
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'JSON only');
  if (!Object.hasOwn(validators, method)) return sendJson(res, 404, { ok: false, error: `unknown method ${method}` });
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    const args = validators[method](JSON.parse(await readBody(req)) as unknown[]);
    const api = options.api;
    const value = options.call && !Object.hasOwn(ingestArgs, method)
      ? await options.call(method, args, gone.signal)
      : await (api[method as keyof ServedApi] as (...a: unknown[]) => Promise<unknown>).apply(api, args);
    if (gone.signal.aborted) return;
    sendJson(res, 200, { ok: true, value: value ?? null });
  } catch (e) {
    if (gone.signal.aborted) return;
    const bad = e instanceof ArgError || e instanceof SyntaxError;
    sendJson(res, bad ? 400 : e instanceof NotFoundError ? 404 : 500, { ok: false, error: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * A bundle from the user's browser: the request body streamed to a new file in the uploads folder
 * (in a new folder, named only by the safe last part of the name given), then ingested as a job like
 * any local file, so the same limits and progress apply. Answers with the job.
 */
async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: ServerOptions): Promise<void> {
  const up = options.uploads;
  if (!up) return refuse(res, 404, 'uploads are off');
  if (req.method !== 'PUT') return refuse(res, 405, 'PUT only');
  if ((req.headers['content-type'] ?? '') !== 'application/octet-stream') return refuse(res, 415, 'application/octet-stream only');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (!Number.isSafeInteger(declared) || declared < 0) return refuse(res, 411, 'Content-Length required');
  if (declared > up.maxBytes) return sendJson(res, 413, { ok: false, error: `the bundle is larger than the ${up.maxBytes} bytes this server accepts` });
  const name = safeUploadName(url.searchParams.get('name') ?? '');
  // A folder of its own per upload: the bundle keeps its name, two uploads never collide.
  const folder = path.join(up.dir, crypto.randomBytes(8).toString('hex'));
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, name);
  try {
    await streamToFile(req, file, declared);
  } catch (e) {
    fs.rmSync(folder, { recursive: true, force: true });
    return sendJson(res, 400, { ok: false, error: `upload failed: ${(e as Error).message}` });
  }
  const job = await options.api.startIngest(file);
  sendJson(res, 200, { ok: true, value: job });
}

/** The last path part of a browser's file name, reduced to characters safe in any file system. */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(-120);
  return safe || 'bundle';
}

function streamToFile(req: http.IncomingMessage, file: string, expected: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let received = 0;
    const fail = (e: Error): void => {
      req.unpipe(out);
      out.destroy();
      req.resume();
      reject(e);
    };
    req.on('data', (c: Buffer) => {
      received += c.length;
      if (received > expected) fail(new Error('more bytes than Content-Length said'));
    });
    req.on('aborted', () => fail(new Error('the browser stopped sending')));
    req.on('error', fail);
    out.on('error', fail);
    out.on('finish', () => (received === expected ? resolve() : reject(new Error(`got ${received} of ${expected} bytes`))));
    req.pipe(out);
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ArgError('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The engine's API plus ingest jobs: what the renderer is given. */
export function withIngestJobs(api: NodescopeApi, jobs: IngestApi): ServedApi {
  return {
    ...api,
    startIngest: (p) => jobs.startIngest(p),
    ingestJobs: () => jobs.ingestJobs(),
    cancelIngest: (id) => jobs.cancelIngest(id),
  };
}
