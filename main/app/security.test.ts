import { describe, expect, it } from 'vitest';
import { guardContents, isAppUrl, isTrustedSender, secureWebPreferences, APP_START_URL } from './security';
import { createMainWindow } from './window';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

type Listener = (...args: unknown[]) => void;

/** Just enough of a BrowserWindow and its WebContents to see what the app asks of them. */
class FakeWindow {
  static created: FakeWindow[] = [];
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  loaded: string | null = null;
  readonly webContents = {
    id: 7,
    mainFrame: { url: APP_START_URL },
    on: (event: string, l: Listener) => this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]),
    setWindowOpenHandler: (h: (details: { url: string }) => { action: string }) => (this.windowOpenHandler = h),
  };
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.created.push(this);
  }
  once(): void {}
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  /** Emits a contents event the way Electron does; returns whether the default was prevented. */
  emit(event: string, url?: string): boolean {
    let prevented = false;
    for (const l of this.listeners.get(event) ?? []) l({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function openWindow(): FakeWindow {
  createMainWindow(FakeWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow, '/app/preload.js', ['listBundles', 'getBundle'], false);
  return FakeWindow.created.at(-1) as FakeWindow;
}

describe('the nodescope window follows the Electron security checklist', () => {
  it('is isolated, sandboxed, without Node, with web security on, and loads only the app origin', () => {
    const win = openWindow();
    const prefs = win.options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: '/app/preload.js',
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(win.loaded).toBe('app://nodescope/index.html');
  });

  it('refuses navigation away from the app, redirects, webviews and every new window', () => {
    const win = openWindow();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://nodescope.evil/', 'app://x@nodescope/', 'app://nodescope:8080/', 'javascript:alert(1)']) {
      expect(win.emit('will-navigate', url), url).toBe(true);
      expect(win.emit('will-redirect', url), url).toBe(true);
    }
    expect(win.emit('will-navigate', 'app://nodescope/index.html#/b/1/logs')).toBe(false);
    expect(win.emit('will-attach-webview')).toBe(true);
    for (const url of ['https://kubernetes.io/docs/', 'app://nodescope/index.html']) {
      expect(win.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('counts only our own origin as the app, parsing URLs rather than comparing prefixes', () => {
    expect(isAppUrl('app://nodescope/index.html')).toBe(true);
    for (const url of ['app://nodescope.evil/index.html', 'app://nodescope@evil/', 'app://user:pw@nodescope/', 'app://nodescope:1/', 'http://nodescope/', 'not a url', '', null]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('trusts an IPC sender only when it is the main frame of our window on our origin', () => {
    const mainFrame = { url: 'app://nodescope/index.html' };
    const window = { webContents: { id: 1, mainFrame } } as unknown as Parameters<typeof isTrustedSender>[1];
    const event = (id: number, frame: { url: string } | null) => ({ sender: { id }, senderFrame: frame }) as unknown as Parameters<typeof isTrustedSender>[0];
    expect(isTrustedSender(event(1, mainFrame), window)).toBe(true);
    expect(isTrustedSender(event(1, null), window)).toBe(false);
    expect(isTrustedSender(event(2, mainFrame), window)).toBe(false);
    expect(isTrustedSender(event(1, { url: 'app://nodescope/index.html' }), window)).toBe(false); // an iframe
    const navigated = { url: 'https://evil.example/' };
    expect(isTrustedSender(event(1, navigated), { webContents: { id: 1, mainFrame: navigated } } as unknown as Parameters<typeof isTrustedSender>[1])).toBe(false);
    expect(isTrustedSender(event(1, mainFrame), null)).toBe(false);
  });

  it('turns devTools off in a packaged app, on only in a development run', () => {
    expect(secureWebPreferences('/p.js', []).devTools).toBe(false);
    expect(secureWebPreferences('/p.js', [], true).devTools).toBe(false);
    expect(secureWebPreferences('/p.js', [], false).devTools).toBe(true);
  });

  it('hands the preload the API method names, nothing else', () => {
    expect(secureWebPreferences('/p.js', ['a', 'b']).additionalArguments).toEqual(['--nodescope-methods=a,b']);
  });
});

describe('guardContents', () => {
  it('is what the app installs on every web contents it creates', () => {
    const win = new FakeWindow({});
    guardContents(win.webContents as unknown as Parameters<typeof guardContents>[0]);
    expect(win.emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});
