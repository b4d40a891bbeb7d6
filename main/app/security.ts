import type { IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../renderer-assets';

/**
 * The Electron security checklist (electronjs.org/docs/latest/tutorial/security), as small pure pieces
 * the tests can hold to: the window's preferences, which URLs count as the app, and the guards every
 * web contents gets. Type imports only: nothing here loads Electron.
 */

/** The renderer is served by our own privileged scheme (checklist 18: avoid file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'nodescope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** The same policy browser mode sends. */
export const APP_CSP = CONTENT_SECURITY_POLICY;

/** Checklist 2, 3, 4, 6, 8, 9, 10: no Node in the page, isolated and sandboxed, web security on. */
/** devTools only in a development run (`npm start` from the repository), never in a packaged app. */
export function secureWebPreferences(preload: string, apiMethods: readonly string[], packaged = true): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !packaged,
    additionalArguments: [`--nodescope-methods=${apiMethods.join(',')}`],
  };
}

/** True only for our own origin: parsed, never prefix-matched (app://nodescope.evil, app://x@nodescope fail). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
}

/** Checklist 17: an IPC call counts only from the main frame of our window, showing our origin. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: { webContents: Pick<WebContents, 'id' | 'mainFrame'> } | null): boolean {
  const frame = event.senderFrame;
  if (!frame || !window) return false;
  if (event.sender.id !== window.webContents.id) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Checklist 11-14: no navigation away from the app, no new windows, no webviews. */
export function guardContents(contents: GuardedContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Checklist 5: the app needs no permission (camera, notifications, ...): refuse them all. */
export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
