import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { APP_API_METHODS } from './ipc';

// main.ts wired to a fake Electron: what the real app does at start-up, checked without the binary.
const fake = vi.hoisted(() => {
  const calls: string[] = [];
  const handlers = new Map<string, unknown>();
  const appListeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const windows: {
    options: Record<string, unknown>;
    url: string | null;
    listeners: Map<string, ((...a: unknown[]) => void)[]>;
    windowOpen: unknown;
    webContents: { mainFrame: { url: string } };
  }[] = [];
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const dir = `${process.env.TMPDIR ?? '/tmp'}/nodescope-main-test-${process.pid}`;
  process.env.NODESCOPE_DB = `${dir}/workspace.db`;
  return { calls, handlers, appListeners, windows, ready, readyResolve: () => readyResolve(), dir, mainStatements: [] as string[] };
});

// Every statement main's own workspace connection runs is recorded: after start-up there must be none.
vi.mock('../engine/store/workspace', async (importOriginal) => {
  const original = await importOriginal<typeof import('../engine/store/workspace')>();
  return {
    ...original,
    openWorkspace: (file: string) => {
      const db = original.openWorkspace(file);
      const prepare = db.prepare.bind(db);
      (db as { prepare: unknown }).prepare = (sql: string) => {
        fake.mainStatements.push(sql);
        return prepare(sql);
      };
      return db;
    },
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    readonly listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    windowOpen: unknown = null;
    url: string | null = null;
    readonly webContents = {
      id: 1,
      mainFrame: { url: 'app://nodescope/index.html' },
      on: (e: string, l: (...a: unknown[]) => void) => this.listeners.set(e, [...(this.listeners.get(e) ?? []), l]),
      once: (e: string, l: (...a: unknown[]) => void) => this.listeners.set(e, [...(this.listeners.get(e) ?? []), l]),
      setWindowOpenHandler: (h: unknown) => (this.windowOpen = h),
      send: (...a: unknown[]) => fake.calls.push(`send ${JSON.stringify(a)}`),
    };
    constructor(readonly options: Record<string, unknown>) {
      fake.windows.push(this);
    }
    once(): void {}
    on(): void {}
    loadURL(url: string): Promise<void> {
      this.url = url;
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    app: {
      requestSingleInstanceLock: () => true,
      enableSandbox: () => fake.calls.push('enableSandbox'),
      on: (e: string, l: (...a: unknown[]) => void) => fake.appListeners.set(e, [...(fake.appListeners.get(e) ?? []), l]),
      whenReady: () => fake.ready,
      isPackaged: true,
      quit: () => fake.calls.push('quit'),
      getPath: () => fake.dir,
      getVersion: () => '0.0.0',
      addRecentDocument: () => undefined,
      clearRecentDocuments: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: { scheme: string }[]) => fake.calls.push(`registerSchemes ${s.map((x) => x.scheme).join(',')}`),
      handle: (scheme: string) => fake.calls.push(`protocol.handle ${scheme}`),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (c: unknown, p: string, cb: (ok: boolean) => void) => void) =>
          h(null, 'media', (ok) => fake.calls.push(`permission media ${ok}`)),
        setPermissionCheckHandler: (h: () => boolean) => fake.calls.push(`permission check ${h()}`),
      },
    },
    ipcMain: { handle: (channel: string, h: unknown) => fake.handlers.set(channel, h) },
    Menu: { buildFromTemplate: (t: unknown[]) => t, setApplicationMenu: (m: unknown[]) => fake.calls.push(`menu ${m.length}`) },
    dialog: { showOpenDialog: async () => ({ filePaths: [] }), showMessageBox: async () => ({}) },
    nativeTheme: { shouldUseDarkColors: false },
  };
});

describe('the Electron main process, started against a fake Electron', () => {
  afterAll(() => {
    // Quit as Electron does: the engine pool's workers (one re-diagnoses stale bundles in the background)
    // stop and main's connection closes; the retries cover the workers' last files while they stop.
    for (const l of fake.appListeners.get('will-quit') ?? []) l();
    fs.rmSync(fake.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it('before ready: registers the app scheme, enables the sandbox everywhere, guards every web contents', async () => {
    await import('./main.js');
    expect(fake.calls.slice(0, 2)).toEqual(['registerSchemes app', 'enableSandbox']);
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
    expect(fake.appListeners.has('open-file')).toBe(true);
    expect(fake.appListeners.has('second-instance')).toBe(true);
    expect(fake.windows).toHaveLength(0);
  });

  it('when ready: serves app://, refuses permissions, registers every IPC channel, opens one secure window with a menu', async () => {
    fake.readyResolve();
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls).toEqual(expect.arrayContaining(['protocol.handle app', 'permission media false', 'permission check false', expect.stringMatching(/^menu \d+$/)]));
    expect([...fake.handlers.keys()].sort()).toEqual([...APP_API_METHODS.map((m) => `nodescope:${m}`), 'nodescope-shell:open-dialog', 'nodescope-shell:open-dropped'].sort());
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0];
    expect(win.url).toBe('app://nodescope/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.js$/);
    // The workspace is where NODESCOPE_DB says, opened by main.
    expect(fs.existsSync(path.join(fake.dir, 'workspace.db'))).toBe(true);
  });

  it('refuses an IPC call from anything but its window, and answers its window', async () => {
    const listBundles = fake.handlers.get('nodescope:listBundles') as (e: unknown, ...a: unknown[]) => Promise<{ ok: boolean }>;
    const win = fake.windows[0];
    expect(await listBundles({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } })).toMatchObject({ ok: false, code: 'untrusted-sender' });
    expect(await listBundles({ sender: { id: 1 }, senderFrame: win.webContents.mainFrame })).toEqual({ ok: true, value: [] });
  });

  it('runs no query on the main process: API calls are answered by the engine pool\'s worker threads', async () => {
    const win = fake.windows[0];
    const call = (method: string, ...args: unknown[]) =>
      (fake.handlers.get(`nodescope:${method}`) as (e: unknown, ...a: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: string }>)(
        { sender: { id: 1 }, senderFrame: win.webContents.mainFrame }, ...args);
    const before = fake.mainStatements.length;
    expect(await call('listBundles')).toEqual({ ok: true, value: [] });
    expect(await call('rules')).toMatchObject({ ok: true });
    expect(await call('searchLogs', { bundle: 1, text: 'error' })).toMatchObject({ ok: expect.any(Boolean) });
    await call('getBundle', 1);
    expect(fake.mainStatements.slice(before)).toEqual([]);
  });

  it('starts an ingest from the renderer only for a path the user gave (dialog, drop, command line)', async () => {
    const win = fake.windows[0];
    const sender = { sender: { id: 1 }, senderFrame: win.webContents.mainFrame };
    const startIngest = fake.handlers.get('nodescope:startIngest') as (e: unknown, ...a: unknown[]) => Promise<{ ok: boolean; error?: string }>;
    const refused = await startIngest(sender, '/etc/shadow');
    expect(refused).toMatchObject({ ok: false });
    expect(refused.error).toMatch(/not chosen in the Open dialog, dropped on the window or named on the command line/);
    const dropped = path.join(fake.dir, 'dropped-bundle');
    fs.mkdirSync(dropped);
    const drop = fake.handlers.get('nodescope-shell:open-dropped') as (e: unknown, ...a: unknown[]) => Promise<{ ok: boolean }>;
    expect(await drop(sender, dropped)).toEqual({ ok: true, value: null });
    expect(await startIngest(sender, dropped)).toMatchObject({ ok: true });
  });

  it('guards web contents created later (the window open handler denies, navigation away is prevented)', () => {
    const contents = { listeners: new Map<string, ((...a: unknown[]) => void)[]>(), windowOpen: null as unknown };
    const fakeContents = {
      on: (e: string, l: (...a: unknown[]) => void) => contents.listeners.set(e, [...(contents.listeners.get(e) ?? []), l]),
      setWindowOpenHandler: (h: unknown) => (contents.windowOpen = h),
    };
    for (const l of fake.appListeners.get('web-contents-created') ?? []) l({}, fakeContents);
    expect((contents.windowOpen as (d: { url: string }) => unknown)({ url: 'https://x.example' })).toEqual({ action: 'deny' });
    let prevented = false;
    for (const l of contents.listeners.get('will-navigate') ?? []) l({ preventDefault: () => (prevented = true) }, 'https://x.example');
    expect(prevented).toBe(true);
  });
});

