import { apiArgs, type NodescopeApi } from '../../../shared/api';
import { ingestArgs, type IngestApi } from '../../../shared/api/ingest';

/** Everything the UI may ask of the engine: the engine's API plus ingest jobs. */
export type AppApi = NodescopeApi & IngestApi;

/** Extra powers only the desktop app has (given by the Electron preload; absent in a browser). */
export interface DesktopShell {
  /** Menu commands and files opened from the OS: "open:<path>", "route:<hash>", "ingest-started". */
  onCommand(listener: (command: string) => void): () => void;
  /** The path of a dropped file (Electron no longer exposes File.path). */
  pathForFile(file: File): string;
  /** Shows the native Open dialog and starts ingesting what was chosen. */
  openDialog(): Promise<void>;
  /** Ingests a file dropped on the window (the app takes only paths the user gave it). */
  openDropped(file: File): Promise<unknown>;
}

declare global {
  interface Window {
    nodescope?: AppApi;
    nodescopeShell?: DesktopShell;
  }
}

export class ApiError extends Error {}

export const API_METHOD_NAMES = Object.keys({ ...apiArgs, ...ingestArgs }) as (keyof AppApi)[];


/** Browser mode: the same API as JSON over HTTP, the token from the URL nodescope serve printed. */
export function httpApi(token: string, fetcher: typeof fetch = fetch.bind(globalThis)): AppApi {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const res = await fetcher(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Nodescope-Token': token },
      body: JSON.stringify(args),
    });
    const body = (await res.json().catch(() => ({ ok: false, error: httpError(res.status) }))) as
      | { ok: true; value: unknown }
      | { ok: false; error: string };
    if (!body.ok) throw new ApiError(body.error);
    return body.value;
  };
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const m of API_METHOD_NAMES) api[m] = (...args) => call(m, trimUndefined(args));
  return api as unknown as AppApi;
}

/** A refusal without a JSON reply; a 401 is a link opened without the token (a bookmark, a URL typed by hand). */
function httpError(status: number): string {
  if (status === 401) return 'HTTP 401: this page has no access token. Open the URL nodescope serve printed (…/?token=…), or a link copied from it.';
  return `HTTP ${status}`;
}

/** JSON turns a trailing undefined into null; validators accept both, but arity counts them. */
function trimUndefined(args: unknown[]): unknown[] {
  const out = [...args];
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out;
}

export function connectApi(): AppApi {
  if (window.nodescope) return window.nodescope;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return httpApi(token);
}
