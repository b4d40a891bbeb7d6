/**
 * Electron main process: the only module that loads Electron as a value. It wires the pieces that are
 * tested without Electron (security, ipc, protocol, menu, ingest worker) to the real app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, protocol, session } from 'electron';
import { IngestJobs } from '../../shared/api/ingest';
import { windowPrinter } from '../engine/report/pdf';
import { defaultWorkspacePath, openWorkspace, type Db } from '../engine/store/workspace';
import { workerFile } from '../engine/workers/files';
import { workerIngestRunner } from '../engine/workers/ingest-runner';
import { EnginePool, poolApi } from '../engine/workers/pool';
import { APP_API_METHODS, registerIpc } from './ipc';
import { addRecent, bundlePathsFromArgv, menuTemplate } from './menu';
import { NotOfferedError, OfferedPaths } from './offered-paths';
import { appProtocolHandler } from './protocol';
import { APP_SCHEME, denyPermissions, guardContents, isTrustedSender } from './security';
import { registerShellIpc } from './shell-ipc';
import { createMainWindow } from './window';

const RENDERER_DIR = path.resolve(__dirname, '..', '..', 'renderer');
const PRELOAD = path.join(__dirname, 'preload.js');

let win: BrowserWindow | null = null;
let db: Db | null = null;
let pool: EnginePool | null = null;
let jobs: IngestJobs | null = null;
const pendingOpens: string[] = [];
const offered = new OfferedPaths();

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // macOS delivers files (Finder, file association) through open-file, possibly before ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openBundle(file);
  });
  app.on('second-instance', (_event, argv) => {
    for (const p of bundlePathsFromArgv(argv, app.isPackaged)) openBundle(p);
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void pool?.close();
    db?.close();
  });
  void app.whenReady().then(start);
}

function start(): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(RENDERER_DIR));
  denyPermissions(session.defaultSession);
  const dbPath = defaultWorkspacePath();
  // Main only migrates the schema (and holds the file open); every query, parse and decode runs on the
  // engine pool's worker threads, whose first worker also re-diagnoses stale bundles.
  db = openWorkspace(dbPath);
  jobs = new IngestJobs(workerIngestRunner(workerFile('ingest-worker'), dbPath));
  const current = jobs;
  // Reports print with a hidden window of the app's own Chromium, JavaScript off; workers ask main to print.
  const printWindow = () => new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true } });
  pool = new EnginePool({ workerFile: workerFile('engine-worker'), dbPath, pdf: windowPrinter(printWindow), maintain: true });
  const api = poolApi(pool);
  const trusted = (event: Electron.IpcMainInvokeEvent): boolean => isTrustedSender(event, win);
  // The renderer may start an ingest only of a path the user gave (dialog, drop, command line, OS).
  const rendererStartIngest = async (p: string): ReturnType<IngestJobs['startIngest']> => {
    if (!offered.allows(p)) throw new NotOfferedError(p);
    return startIngest(p);
  };
  registerIpc(ipcMain, { ...api, startIngest: rendererStartIngest, ingestJobs: () => current.ingestJobs(), cancelIngest: (id) => current.cancelIngest(id) }, trusted);
  registerShellIpc(ipcMain, { openDialog: showOpenDialog, openDropped: openBundle }, trusted);
  win = createMainWindow(BrowserWindow, PRELOAD, APP_API_METHODS, nativeTheme.shouldUseDarkColors, app.isPackaged);
  win.on('closed', () => (win = null));
  rebuildMenu();
  win.webContents.once('did-finish-load', () => {
    for (const p of [...bundlePathsFromArgv(process.argv, app.isPackaged), ...pendingOpens.splice(0)]) openBundle(p);
  });
}

function startIngest(file: string): ReturnType<IngestJobs['startIngest']> {
  if (!jobs) throw new Error('not ready');
  rememberRecent(file);
  return jobs.startIngest(file);
}

/** A path from the OS (argv, open-file, dialog, recent): must be an existing file or folder. */
function openBundle(file: string): void {
  if (!win || !jobs) {
    pendingOpens.push(file);
    return;
  }
  if (!fs.existsSync(file)) {
    void dialog.showMessageBox(win, { type: 'error', message: `${file}: no such file or folder` });
    return;
  }
  void startIngest(offered.offer(file)).then(() => send('ingest-started'));
}

async function showOpenDialog(): Promise<void> {
  if (!win) return;
  const r = await dialog.showOpenDialog(win, {
    title: 'Open a node bundle',
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    filters: [
      { name: 'Bundles', extensions: ['gz', 'tgz', 'tar', 'xz', 'txz', 'bz2', 'tbz2', 'zst', 'tzst', 'zip', 'k8sbundle'] },
      { name: 'Log files', extensions: ['log', 'txt', 'gz', 'xz', 'bz2', 'zst'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  for (const p of r.filePaths) openBundle(p);
}

function send(command: string): void {
  win?.webContents.send('nodescope-shell:command', command);
}

function recentFile(): string {
  return path.join(app.getPath('userData'), 'recent.json');
}

function readRecent(): string[] {
  try {
    const list = JSON.parse(fs.readFileSync(recentFile(), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function rememberRecent(file: string): void {
  fs.mkdirSync(path.dirname(recentFile()), { recursive: true });
  fs.writeFileSync(recentFile(), JSON.stringify(addRecent(readRecent(), file)));
  app.addRecentDocument(file);
  rebuildMenu();
}

function rebuildMenu(): void {
  const template = menuTemplate(
    {
      open: () => void showOpenDialog(),
      openRecent: openBundle,
      clearRecent: () => {
        fs.rmSync(recentFile(), { force: true });
        app.clearRecentDocuments();
        rebuildMenu();
      },
      send,
      about: () => void dialog.showMessageBox({ message: `nodescope ${app.getVersion()}`, detail: 'Kubernetes node troubleshooting, offline.' }),
    },
    readRecent(),
    process.platform,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
