import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ArgError, apiArgs, type NodescopeApi } from '../../shared/api';
import { ingestArgs, type IngestApi } from '../../shared/api/ingest';

export type AppApi = NodescopeApi & IngestApi;

/** Replies over IPC are envelopes: Electron passes only an Error's message through invoke. */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: string; code: 'untrusted-sender' | 'bad-arguments' | 'failed' };

export const CHANNEL_PREFIX = 'nodescope:';
export const VALIDATORS: Record<string, (args: unknown[]) => unknown[]> = { ...apiArgs, ...ingestArgs };
export const APP_API_METHODS = Object.keys(VALIDATORS);

/**
 * One ipcMain.handle per API method ('nodescope:<method>'). Each call is checked twice before the engine
 * sees it: the sender must be our window's main frame on our origin, the arguments must pass the
 * method's validator from shared/api.
 */
export function registerIpc(ipc: Pick<IpcMain, 'handle'>, api: AppApi, trusted: (event: IpcMainInvokeEvent) => boolean): string[] {
  const channels: string[] = [];
  for (const method of APP_API_METHODS) {
    const channel = `${CHANNEL_PREFIX}${method}`;
    ipc.handle(channel, (event, ...raw: unknown[]) => answer(api, method, event, raw, trusted));
    channels.push(channel);
  }
  return channels;
}

async function answer(api: AppApi, method: string, event: IpcMainInvokeEvent, raw: unknown[], trusted: (e: IpcMainInvokeEvent) => boolean): Promise<IpcReply> {
  if (!trusted(event)) return { ok: false, code: 'untrusted-sender', error: 'refused: not sent by the nodescope window' };
  let args: unknown[];
  try {
    args = VALIDATORS[method](raw);
  } catch (e) {
    return { ok: false, code: 'bad-arguments', error: e instanceof ArgError ? e.message : String(e) };
  }
  try {
    const fn = api[method as keyof AppApi] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: (await fn.apply(api, args)) ?? null };
  } catch (e) {
    return { ok: false, code: 'failed', error: e instanceof Error ? e.message : String(e) };
  }
}
