/**
 * The sandboxed preload: one CommonJS file that may require only 'electron' (no shared/, no npm), so the
 * method list arrives from main via additionalArguments. It exposes exactly two objects: `nodescope`
 * (the NodescopeApi, each method an ipcRenderer.invoke) and `nodescopeShell` (menu commands, paths of
 * dropped files, the Open dialog). Never a raw ipcRenderer, never an IPC event object.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

export function apiMethodsFromArgv(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith('--nodescope-methods='));
  return (arg?.slice('--nodescope-methods='.length).split(',') ?? []).filter((m) => METHOD_NAME.test(m));
}

export function buildApi(methods: string[], invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const m of methods) {
    api[m] = async (...args: unknown[]) => {
      const reply = (await invoke(`nodescope:${m}`, ...args)) as Reply;
      if (!reply.ok) throw new Error(reply.error);
      return reply.value;
    };
  }
  return Object.freeze(api);
}

export function buildShell(): Record<string, unknown> {
  return Object.freeze({
    onCommand(listener: (command: string) => void): () => void {
      const wrapped = (_event: unknown, command: unknown): void => {
        if (typeof command === 'string') listener(command);
      };
      ipcRenderer.on('nodescope-shell:command', wrapped);
      return () => void ipcRenderer.removeListener('nodescope-shell:command', wrapped);
    },
    pathForFile: (file: File): string => webUtils.getPathForFile(file),
    openDialog: (): Promise<unknown> => ipcRenderer.invoke('nodescope-shell:open-dialog'),
    // The path comes from Electron for a file really dropped: script cannot make one up.
    openDropped: (file: File): Promise<unknown> => {
      const p = webUtils.getPathForFile(file);
      return p ? ipcRenderer.invoke('nodescope-shell:open-dropped', p) : Promise.resolve({ ok: false, error: 'not a file from this machine' });
    },
  });
}

contextBridge.exposeInMainWorld('nodescope', buildApi(apiMethodsFromArgv(process.argv), (c, ...a) => ipcRenderer.invoke(c, ...a)));
contextBridge.exposeInMainWorld('nodescopeShell', buildShell());
