import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestResult } from '../../shared/api';
import { IngestJobs, type IngestRunner } from '../../shared/api/ingest';
import { createEngineApi } from '../engine/api';
import { ingestBundle } from '../engine/ingest';
import type { Db } from '../engine/store/workspace';
import { workerFile } from '../engine/workers/files';
import { workerIngestRunner } from '../engine/workers/ingest-runner';
import { EnginePool, poolApi } from '../engine/workers/pool';
import { startServer, withIngestJobs, type RunningServer } from '../server';
import { UsageError, type Command } from './command';

/** Where `npm run build:renderer` puts the UI: dist/renderer at the repo root (from main/cli or dist/main/cli). */
export const RENDERER_DIR =
  [path.resolve(__dirname, '..', '..', 'dist', 'renderer'), path.resolve(__dirname, '..', '..', 'renderer')].find((d) =>
    fs.existsSync(path.join(d, 'index.html')) && fs.existsSync(path.join(d, 'assets')),
  ) ?? path.resolve(__dirname, '..', '..', 'dist', 'renderer');

/** How long a stopped server may take to close its workers and connections before it exits anyway. */
const CLOSE_GRACE_MS = 10_000;

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: nodescope serve [BUNDLE...] [--port N] [--db FILE]

Serves the nodescope UI and the workspace over HTTP on 127.0.0.1 only (browser mode: for a
headless host reached through an SSH tunnel, or where the desktop app is not installed).
Bundles named are ingested first, and the printed URL opens the first one's Overview.
Every request needs the random token in the printed URL; stop with Ctrl-C.

Options:
  --port N     port to listen on (default 0: any free port)
  --db FILE    workspace database (default: NODESCOPE_DB, else the user's data folder)

Environment:
  NODESCOPE_UI_DIR   serve the UI from this folder instead of dist/renderer (a vite build output)

Example:
  nodescope serve nodescope-node1-20261105T095027Z.tar.gz --port 8765
  ssh -L 8765:127.0.0.1:8765 jumphost   # then open the printed URL locally`,
  valueOptions: ['port'],
  async run(ctx) {
    const port = parsePort(ctx.args.options.port);
    // Migrated only: the engine pool's first heavy worker re-diagnoses stale bundles while the UI answers.
    const db = (ctx.workspace ?? ctx.db)();
    const served: IngestResult[] = [];
    for (const p of ctx.args.positionals) served.push(await ingestBundle(db, p));
    const server = await serveWorkspace(db, { port, staticDir: process.env.NODESCOPE_UI_DIR || RENDERER_DIR, maintain: true });
    const first = served[0];
    ctx.io.stdout(`nodescope: serving ${describe(served)} (Ctrl-C to stop)\n`);
    ctx.io.stdout(`nodescope: workspace ${db.memory ? '(in memory)' : path.resolve(db.name)} (kept between runs)\n`);
    ctx.io.stdout(`${server.url}${first ? `#/b/${first.id}/overview` : ''}\n`);
    await untilStopped();
    // Stopped means stopped: a handle still open after the close (a worker, a connection) must not keep
    // the process alive. The timer does not hold it either: a clean close ends the process at once.
    setTimeout(() => {
      ctx.io.stderr(`nodescope: still closing ${CLOSE_GRACE_MS / 1000} s after the stop; exiting\n`);
      process.exit(0);
    }, CLOSE_GRACE_MS).unref();
    await server.close();
    return 0;
  },
};

export interface ServeOptions {
  /** 0 (the default): any free port. */
  port?: number;
  /** The built UI (default RENDERER_DIR). */
  staticDir?: string;
  /** The token every request must carry (default: a random one). */
  token?: string;
  /**
   * The engine pool opens the workspace as the app does (engine/index.ts: stale bundles re-diagnosed,
   * the index caught up) on its first heavy worker, while the light one answers the bundle list.
   */
  maintain?: boolean;
}

/** Starts browser mode over an open workspace; ingest jobs get their own connection (WAL: readers are not blocked). */
export async function serveWorkspace(db: Db, options: ServeOptions = {}): Promise<RunningServer> {
  const { port = 0, staticDir = RENDERER_DIR, token, maintain = false } = options;
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`the UI is not built (${staticDir} has no index.html): run "npm run build:renderer"`);
  }
  // A workspace on disk is served by worker threads: ingest jobs each in their own, API calls on the
  // engine pool; this thread only answers HTTP. An in-memory one (tests) can only be used from here.
  const uploads = uploadsDir(db);
  const upload = { dir: uploads, maxBytes: maxUploadBytes() };
  if (db.memory) {
    const api = withIngestJobs(createEngineApi(db), new IngestJobs(removingUploads(inThreadIngestRunner(db), uploads)));
    return startServer({ api, staticDir, port, token, uploads: upload });
  }
  const pool = new EnginePool({ workerFile: workerFile('engine-worker'), dbPath: db.name, maintain });
  const jobs = new IngestJobs(removingUploads(workerIngestRunner(workerFile('ingest-worker'), db.name), uploads));
  const api = withIngestJobs(poolApi(pool), jobs);
  const server = await startServer({ api, staticDir, port, token, uploads: upload, call: (method, args, signal) => pool.call(method, args, signal) });
  return { ...server, close: async () => {
    await server.close();
    await pool.close();
  } };
}

function inThreadIngestRunner(db: Db): IngestRunner {
  return (file, onProgress, signal) => ingestBundle(db, file, { onProgress, signal });
}

/** Uploaded bundles wait beside the workspace (same disk, same owner) until their ingest ends. */
export function uploadsDir(db: Db): string {
  return db.memory ? path.join(os.tmpdir(), `nodescope-uploads-${process.pid}`) : path.join(path.dirname(path.resolve(db.name)), 'uploads');
}

/** NODESCOPE_MAX_UPLOAD_BYTES, else 20 GiB: the ingest's own caps on what entries expand to still apply. */
function maxUploadBytes(): number {
  const v = Number(process.env.NODESCOPE_MAX_UPLOAD_BYTES);
  return Number.isSafeInteger(v) && v > 0 ? v : 20 * 1024 ** 3;
}

/** An upload's copy is not needed once ingested (the workspace keeps the raw artifacts): removed after. */
function removingUploads(run: IngestRunner, uploads: string): IngestRunner {
  return async (file, onProgress, signal) => {
    try {
      return await run(file, onProgress, signal);
    } finally {
      const folder = path.dirname(path.resolve(file));
      if (path.dirname(folder) === path.resolve(uploads)) fs.rmSync(folder, { recursive: true, force: true });
    }
  };
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new UsageError(`serve: --port must be a number from 0 to 65535, not "${value}"`);
  return n;
}

function describe(served: IngestResult[]): string {
  if (served.length === 0) return 'the workspace';
  return served.map((r) => `bundle ${r.id} (${r.node})`).join(', ');
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
