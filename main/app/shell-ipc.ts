import type { IpcMain, IpcMainInvokeEvent } from 'electron';

export interface ShellActions {
  openDialog: () => Promise<void>;
  /** A file or folder dropped on the window (its path from webUtils in the preload, never typed). */
  openDropped: (path: string) => void;
}

export const SHELL_CHANNELS = ['nodescope-shell:open-dialog', 'nodescope-shell:open-dropped'] as const;

/** Desktop-only calls (no arguments); the sender is checked like every API call. */
export function registerShellIpc(ipc: Pick<IpcMain, 'handle'>, actions: ShellActions, trusted: (event: IpcMainInvokeEvent) => boolean): void {
  ipc.handle('nodescope-shell:open-dialog', async (event, ...args: unknown[]) => {
    if (!trusted(event)) return { ok: false, code: 'untrusted-sender', error: 'refused: not sent by the nodescope window' };
    if (args.length !== 0) return { ok: false, code: 'bad-arguments', error: 'expected 0 arguments' };
    await actions.openDialog();
    return { ok: true, value: null };
  });
  ipc.handle('nodescope-shell:open-dropped', async (event, ...args: unknown[]) => {
    if (!trusted(event)) return { ok: false, code: 'untrusted-sender', error: 'refused: not sent by the nodescope window' };
    if (args.length !== 1 || typeof args[0] !== 'string' || !args[0] || args[0].length > 4096) {
      return { ok: false, code: 'bad-arguments', error: 'expected the dropped file\'s path' };
    }
    actions.openDropped(args[0]);
    return { ok: true, value: null };
  });
}
