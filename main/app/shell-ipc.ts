import type { IpcMain, IpcMainInvokeEvent } from 'electron';

export interface ShellActions {
  openDialog: () => Promise<void>;
}

export const SHELL_CHANNELS = ['nodescope-shell:open-dialog'] as const;

/** Desktop-only calls (no arguments); the sender is checked like every API call. */
export function registerShellIpc(ipc: Pick<IpcMain, 'handle'>, actions: ShellActions, trusted: (event: IpcMainInvokeEvent) => boolean): void {
  ipc.handle('nodescope-shell:open-dialog', async (event, ...args: unknown[]) => {
    if (!trusted(event)) return { ok: false, code: 'untrusted-sender', error: 'refused: not sent by the nodescope window' };
    if (args.length !== 0) return { ok: false, code: 'bad-arguments', error: 'expected 0 arguments' };
    await actions.openDialog();
    return { ok: true, value: null };
  });
}
