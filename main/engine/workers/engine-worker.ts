/**
 * Worker-thread entry of the engine pool: answers NodescopeApi calls on its own workspace connection, so
 * the thread that serves the window or the HTTP requests never runs a query, a parse or a decode.
 */
// A cancelled call terminates this thread: its zlib handles are made inside the fence.
import './fence-this-thread';
import { parentPort, workerData } from 'node:worker_threads';
import type { NodescopeApi } from '../../../shared/api';
import { ArgError } from '../../../shared/api/args';
import { createEngineApi } from '../api';
import { openEngine } from '..';
import { NotFoundError } from '../library/api';
import type { PdfPrinter } from '../report/pdf';
import { openWorkspace } from '../store/workspace';
import type { EngineWorkerData, FromWorker, ToWorker } from './protocol';

type Port = NonNullable<typeof parentPort>;

/** Prints through the parent: the app's own Chromium window lives on the main process. */
function remotePrinter(port: Port, pending: Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>): PdfPrinter {
  let next = 0;
  return {
    print: (html) =>
      new Promise<Buffer>((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        port.postMessage({ type: 'print', id, html } satisfies FromWorker);
      }),
  };
}

function serve(port: Port, data: EngineWorkerData): void {
  const db = data.maintain ? openEngine(data.dbPath) : openWorkspace(data.dbPath);
  const prints = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  const api = createEngineApi(db, data.remotePdf ? { report: { pdf: remotePrinter(port, prints) } } : {});
  port.on('message', (m: ToWorker) => {
    if (m.type === 'printed') {
      const p = prints.get(m.id);
      prints.delete(m.id);
      if (m.ok) p?.resolve(Buffer.from(m.data));
      else p?.reject(new Error(m.error));
      return;
    }
    void answer(port, api, m);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

async function answer(port: Port, api: NodescopeApi, m: Extract<ToWorker, { type: 'call' }>): Promise<void> {
  try {
    if (!Object.hasOwn(api, m.method)) throw new Error(`unknown method ${m.method}`);
    const fn = api[m.method as keyof NodescopeApi] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn.apply(api, m.args);
    port.postMessage({ type: 'result', id: m.id, ok: true, value: value ?? null } satisfies FromWorker);
  } catch (e) {
    port.postMessage({ type: 'result', id: m.id, ok: false, error: e instanceof Error ? e.message : String(e), badArguments: e instanceof ArgError, notFound: e instanceof NotFoundError } satisfies FromWorker);
  }
}

if (parentPort) serve(parentPort, workerData as EngineWorkerData);
