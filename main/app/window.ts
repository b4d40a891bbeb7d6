import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_START_URL, guardContents, secureWebPreferences } from './security';

type WindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/** The one window: secure preferences, guarded contents, shown when painted (no white flash). */
export function createMainWindow(Window: WindowClass, preload: string, apiMethods: readonly string[], dark: boolean, packaged = true): BrowserWindow {
  const win = new Window({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'nodescope',
    backgroundColor: dark ? '#111318' : '#f7f8fa',
    webPreferences: secureWebPreferences(preload, apiMethods, packaged),
  });
  guardContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}
